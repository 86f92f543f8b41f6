import { describe, expect, it } from 'vitest';
import { ClassificationQueue } from './classification-queue.ts';
import type { Headline } from './headline.ts';
import type { HeadlineSentiment } from './sentiment-classifier.ts';

const h = (id: string): Headline => ({ id, source: 's', title: `title ${id}`, publishedAt: 0, symbols: ['BTC'] });
const result = (headlineId: string, score = 0.5): HeadlineSentiment => ({
  headlineId,
  score,
  confidence: 0.8,
  method: 'model:tiny',
});

describe('ClassificationQueue', () => {
  it('lists waiting headlines oldest first and accepts a result once', () => {
    const queue = new ClassificationQueue();
    expect([h('a'), h('b'), h('c')].map((x) => queue.enqueue(x))).toEqual(['queued', 'queued', 'queued']);
    expect(queue.enqueue(h('a')), 'already waiting').toBe('known');
    expect(queue.pending(2).map((x) => x.id)).toEqual(['a', 'b']);

    const first = queue.accept([result('b'), result('b', -0.5), result('zzz')]);
    expect(
      first.accepted.map((x) => [x.headline.id, x.sentiment.score]),
      'b taken with its first result',
    ).toEqual([['b', 0.5]]);
    expect(first.refused, 'the repeat and the unknown id are refused, each said so').toEqual([
      { headlineId: 'b', reason: 'already-classified', detail: 'headline b is already classified' },
      { headlineId: 'zzz', reason: 'unknown', detail: 'no headline zzz awaits classification' },
    ]);
    expect(
      queue.pending().map((x) => x.id),
      'b no longer waits',
    ).toEqual(['a', 'c']);
    expect(queue.accept([result('b')]).refused[0]!.reason, 'a later repeat').toBe('already-classified');
    expect(queue.enqueue(h('b')), 'a classified headline is not queued again').toBe('known');
  });

  it('refuses invalid results and leaves the headline waiting', () => {
    const queue = new ClassificationQueue();
    queue.enqueue(h('a'));
    const { accepted, refused } = queue.accept([
      { headlineId: 'a', score: 2, confidence: 1, method: 'm' },
      { headlineId: 'a', score: Number.NaN, confidence: 1, method: 'm' },
      { headlineId: 'a', score: 0, confidence: -0.1, method: 'm' },
      { headlineId: 'a', score: 0, confidence: 1, method: '' },
      null as unknown as HeadlineSentiment,
    ]);
    expect(accepted).toEqual([]);
    expect(
      refused.map((r) => r.reason),
      'all invalid',
    ).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(refused[0]!.detail).toMatch(/score must be a number in \[-1, 1\], got 2/);
    expect(queue.size, 'still waiting').toBe(1);
  });

  it('refuses a headline when full instead of losing one', () => {
    const queue = new ClassificationQueue({ capacity: 1 });
    queue.enqueue(h('a'));
    expect(queue.enqueue(h('b'))).toBe('full');
    expect(queue.pending().map((x) => x.id)).toEqual(['a']);
  });

  it('copies accepted results, so the caller cannot change them afterwards', () => {
    const queue = new ClassificationQueue();
    queue.enqueue(h('a'));
    const submitted = { ...result('a'), extra: 'ignored' } as HeadlineSentiment & { extra: string };
    const { accepted } = queue.accept([submitted]);
    (submitted as { score: number }).score = -1;
    expect(accepted[0]!.sentiment, 'only the four fields, as submitted at the time').toEqual(result('a'));
  });
});
