import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NewsSentimentEngine, sentimentExternalEvent } from '../../core/sentiment/index.ts';
import { createFinancialNewsClassifier } from './financial-news-lexicon.ts';
import { readNewsFeed } from './read-news-feed.ts';

const HOUR = 3_600_000;
const RSS = fileURLToPath(new URL('../../../test/fixtures/news/example-rss.xml', import.meta.url));

describe('a feed file through the lexicon to per-symbol sentiment (test/fixtures/news/example-rss.xml)', () => {
  it('scores BTC from its three items with the configured decay', async () => {
    const feed = await readNewsFeed(RSS);
    const engine = new NewsSentimentEngine({
      symbols: { BTC: ['bitcoin', 'btc'], ETH: ['ether', 'ethereum'], ORCL: ['oracle'] },
      aggregation: { halfLifeMs: 6 * HOUR },
    });
    const admitted = engine.admit(feed.headlines);
    expect(
      admitted.duplicates.map((d) => d.headline.id),
      'the syndicated copy',
    ).toEqual(['syndicated-1']);
    const results = await createFinancialNewsClassifier().classify(engine.pending());
    const now = Date.UTC(2026, 10, 21, 14);
    const { updates, refused } = engine.accept(results, now);
    expect(refused).toEqual([]);

    // example-1 (10:00): rally 1 + record 2 = 3 → 3/√24, confidence 1/2, age 4 h;
    // example-2 (11:30): no scored word, confidence 0; example-6 (11:00 GMT = 06:00 EST): ignore -1 + kill -3 → -4/√31, confidence 1/2, age 3 h.
    const w1 = 0.5 * 2 ** (-4 / 6);
    const w6 = 0.5 * 2 ** (-3 / 6);
    const btc = updates.find((u) => u.symbol === 'BTC')!;
    expect(btc.count).toBe(3);
    expect(btc.score, 'decay-weighted mean').toBeCloseTo(
      (w1 * (3 / Math.sqrt(24)) + w6 * (-4 / Math.sqrt(31))) / (w1 + w6),
      12,
    );
    expect(btc.score).toBeCloseTo(-0.0914, 4);
    const orcl = updates.find((u) => u.symbol === 'ORCL')!;
    expect(orcl.score, "'no losses': losses inverted to +3").toBeCloseTo(3 / Math.sqrt(24), 12);
    expect(sentimentExternalEvent(btc, 'news-sentiment')).toMatchObject({
      kind: 'sentiment',
      timestamp: now,
      payload: { symbol: 'BTC', count: 3 },
    });
  });
});
