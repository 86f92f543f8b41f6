import { describe, expect, it } from 'vitest';
import type { Headline } from './headline.ts';
import { NewsSentimentEngine } from './news-sentiment-engine.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 21, 12);
const h = (id: string, title: string, hoursAgo = 0): Headline => ({
  id,
  source: 't',
  title,
  publishedAt: NOW - hoursAgo * HOUR,
});

describe('NewsSentimentEngine', () => {
  it('admits new relevant headlines, reports duplicates and irrelevant ones, and aggregates accepted results', () => {
    const engine = new NewsSentimentEngine({
      symbols: { BTC: ['bitcoin'], ETH: ['ether'] },
      aggregation: { halfLifeMs: HOUR },
    });
    const report = engine.admit([
      h('a', 'Example: Bitcoin sample'),
      h('b', 'Example: weather sample'),
      h('a', 'Example: Bitcoin sample'),
      h('c', 'Example: Ether and Bitcoin sample', 1),
    ]);
    expect(report.queued.map((x) => [x.id, x.symbols])).toEqual([
      ['a', ['BTC']],
      ['c', ['BTC', 'ETH']],
    ]);
    expect(report.irrelevant.map((x) => x.id)).toEqual(['b']);
    expect(report.duplicates.map((x) => x.verdict)).toEqual([{ duplicate: true, reason: 'same-id', duplicateOf: 'a' }]);
    expect(engine.pendingCount).toBe(2);

    const accepted = engine.accept(
      [
        { headlineId: 'a', score: 0.8, confidence: 1, method: 'm' },
        { headlineId: 'c', score: 0.2, confidence: 1, method: 'm' },
        { headlineId: 'b', score: 1, confidence: 1, method: 'm' },
      ],
      NOW,
    );
    expect(
      accepted.refused.map((r) => [r.headlineId, r.reason]),
      'b was never queued',
    ).toEqual([['b', 'unknown']]);
    expect(
      accepted.updates.map((u) => u.symbol),
      'watch-list order',
    ).toEqual(['BTC', 'ETH']);
    expect(accepted.updates[0]!.score, 'BTC: (0.8·1 + 0.2·0.5) / 1.5').toBeCloseTo(0.6, 12);
    expect(accepted.updates[1]!.score, 'ETH: c alone').toBeCloseTo(0.2, 12);
    expect(engine.pendingCount, 'nothing left').toBe(0);
    expect(engine.accept([{ headlineId: 'a', score: -1, confidence: 1, method: 'm' }], NOW)).toMatchObject({
      updates: [],
      refused: [{ headlineId: 'a', reason: 'already-classified' }],
    });
    expect(engine.evaluate(NOW + HOUR).map((u) => [u.symbol, u.count])).toEqual([
      ['BTC', 2],
      ['ETH', 1],
    ]);
  });
});
