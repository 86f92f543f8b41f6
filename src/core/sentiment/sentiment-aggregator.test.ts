import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Headline } from './headline.ts';
import { SentimentAggregator } from './sentiment-aggregator.ts';
import { sentimentExternalEvent, sentimentTopic } from './sentiment-updated.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 21, 12);

/** Adds a headline about BTC published `hoursAgo` before NOW with the given score and confidence. */
function add(aggregator: SentimentAggregator, id: string, hoursAgo: number, score: number, confidence = 1) {
  const headline: Headline = { id, source: 't', title: id, publishedAt: NOW - hoursAgo * HOUR, symbols: ['BTC'] };
  return aggregator.add(headline, { headlineId: id, score, confidence, method: 'test' });
}

describe('SentimentAggregator', () => {
  it('decays weights with the half-life: 0.8 now and 0.2 one half-life ago give (0.8·1 + 0.2·0.5) / 1.5 = 0.6', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR });
    add(aggregator, 'a', 0, 0.8);
    add(aggregator, 'b', 1, 0.2);
    const update = aggregator.evaluate('BTC', NOW);
    expect(update.score).toBeCloseTo(0.6, 12);
    expect(update.weight, 'weights 1 + 0.5').toBeCloseTo(1.5, 12);
    expect(update).toMatchObject({ type: 'SentimentUpdated', symbol: 'BTC', count: 2, outliers: 0, timestamp: NOW });
    expect(update.latestHeadlineAt).toBe(NOW);
  });

  it('weights by confidence: 0.9 at confidence 1/3 and -0.3 at confidence 1 give (0.3 − 0.3) / (4/3) = 0', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR });
    add(aggregator, 'a', 0, 0.9, 1 / 3);
    add(aggregator, 'b', 0, -0.3, 1);
    expect(aggregator.evaluate('BTC', NOW).score).toBeCloseTo(0, 12);
  });

  it('drops an outlier beyond 3 MADs: median 0.2, MAD 0.1, so -0.9 (1.1 away) goes and the mean of the rest is 0.2', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR, outlierMads: 3 });
    [0.1, 0.2, 0.3, 0.2, -0.9].forEach((score, i) => {
      add(aggregator, `h${i}`, 0, score);
    });
    const update = aggregator.evaluate('BTC', NOW);
    expect(update.outliers, 'one outlier').toBe(1);
    expect(update.count).toBe(4);
    expect(update.score).toBeCloseTo(0.2, 12);
  });

  it('floors the MAD at minSpread: with MAD 0, 0.3 beside four 0.5 is kept (0.2 ≤ 3 × 0.1)', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR, minSpread: 0.1 });
    [0.5, 0.5, 0.5, 0.5, 0.3].forEach((score, i) => {
      add(aggregator, `h${i}`, 0, score);
    });
    const update = aggregator.evaluate('BTC', NOW);
    expect(update.outliers, 'nothing dropped').toBe(0);
    expect(update.score).toBeCloseTo(0.46, 12);
  });

  it('looks for outliers only from minCountForOutliers headlines on', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR });
    [0.2, 0.2, -0.9].forEach((score, i) => {
      add(aggregator, `h${i}`, 0, score);
    });
    expect(aggregator.evaluate('BTC', NOW).outliers, 'three headlines: none dropped').toBe(0);
  });

  it('forgets headlines at or beyond the window and scores 0 without evidence', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR, windowMs: 24 * HOUR });
    add(aggregator, 'old', 24, 0.9);
    add(aggregator, 'kept', 23.5, -0.5);
    expect(aggregator.evaluate('BTC', NOW)).toMatchObject({ count: 1, score: -0.5 });
    expect(aggregator.evaluate('BTC', NOW + HOUR), 'all left the window').toMatchObject({
      count: 0,
      score: 0,
      weight: 0,
    });
    expect(aggregator.evaluate('ETH', NOW), 'a symbol never seen').toMatchObject({ symbol: 'ETH', count: 0, score: 0 });
  });

  it('counts a headline once per symbol, and for each of its symbols', () => {
    const aggregator = new SentimentAggregator();
    const headline: Headline = { id: 'x', source: 't', title: 'x', publishedAt: NOW, symbols: ['BTC', 'ETH'] };
    const sentiment = { headlineId: 'x', score: 0.5, confidence: 1, method: 'test' };
    expect(aggregator.add(headline, sentiment)).toEqual(['BTC', 'ETH']);
    expect(aggregator.add(headline, sentiment), 'added again: counted for nothing').toEqual([]);
    expect(aggregator.evaluateAll(NOW).map((u) => [u.symbol, u.count])).toEqual([
      ['BTC', 1],
      ['ETH', 1],
    ]);
  });

  it('refuses a sentiment of another headline or out of range', () => {
    const aggregator = new SentimentAggregator();
    const headline: Headline = { id: 'x', source: 't', title: 'x', publishedAt: NOW, symbols: ['BTC'] };
    expect(() => aggregator.add(headline, { headlineId: 'y', score: 0, confidence: 1, method: 'm' })).toThrow(/y/);
    expect(() => aggregator.add(headline, { headlineId: 'x', score: 1.5, confidence: 1, method: 'm' })).toThrow(
      /score/,
    );
  });

  it('is a weighted mean: within [min, max] of the kept scores whatever the order of arrival', () => {
    const observation = fc.record({
      hoursAgo: fc.double({ min: 0, max: 23, noNaN: true }),
      score: fc.double({ min: -1, max: 1, noNaN: true }),
      confidence: fc.double({ min: 0.01, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 30 }), (observations) => {
        const forwards = new SentimentAggregator({ halfLifeMs: 2 * HOUR });
        const backwards = new SentimentAggregator({ halfLifeMs: 2 * HOUR });
        observations.forEach((o, i) => {
          add(forwards, `h${i}`, o.hoursAgo, o.score, o.confidence);
        });
        [...observations].reverse().forEach((o, j) => {
          const i = observations.length - 1 - j;
          add(backwards, `h${i}`, o.hoursAgo, o.score, o.confidence);
        });
        const a = forwards.evaluate('BTC', NOW);
        const b = backwards.evaluate('BTC', NOW);
        const scores = observations.map((o) => o.score);
        return a.score === b.score && a.score >= Math.min(...scores) - 1e-12 && a.score <= Math.max(...scores) + 1e-12;
      }),
    );
  });

  it('becomes an ExternalEvent of kind sentiment, and names its bus topic', () => {
    const aggregator = new SentimentAggregator({ halfLifeMs: HOUR });
    add(aggregator, 'a', 0, 0.5);
    const event = sentimentExternalEvent(aggregator.evaluate('BTC', NOW), 'news-sentiment');
    expect(event).toEqual({
      type: 'ExternalEvent',
      kind: 'sentiment',
      source: 'news-sentiment',
      timestamp: NOW,
      payload: { symbol: 'BTC', score: 0.5, count: 1, outliers: 0, weight: 1, latestHeadlineAt: NOW },
    });
    expect(sentimentTopic('BTC')).toBe('data.sentiment.BTC');
  });
});
