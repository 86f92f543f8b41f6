import { describe, expect, it } from 'vitest';
import { seededRandom, streamBackoffDelay } from './stream-backoff.ts';

describe('streamBackoffDelay', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 8000 };
  it('doubles per failure within [ceiling/2, ceiling], capped', () => {
    expect(
      streamBackoffDelay(1, policy, () => 0),
      'half of 1 s',
    ).toBe(500);
    expect(
      streamBackoffDelay(1, policy, () => 0.999999),
      'just under 1 s',
    ).toBe(1000);
    expect(
      streamBackoffDelay(3, policy, () => 0.5),
      '4 s ceiling: 2 s + 1 s',
    ).toBe(3000);
    expect(
      streamBackoffDelay(10, policy, () => 0),
      'capped at 8 s: half fixed',
    ).toBe(4000);
  });
  it('jitters the same way for the same seed and differently for another', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
