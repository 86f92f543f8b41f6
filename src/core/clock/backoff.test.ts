import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../kernel/random.ts';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 8000 };
  it('doubles per failure within [ceiling/2, ceiling], capped', () => {
    expect(
      backoffDelay(1, policy, () => 0),
      'half of 1 s',
    ).toBe(500);
    expect(
      backoffDelay(1, policy, () => 0.999999),
      'just under 1 s',
    ).toBe(1000);
    expect(
      backoffDelay(3, policy, () => 0.5),
      '4 s ceiling: 2 s + 1 s',
    ).toBe(3000);
    expect(
      backoffDelay(10, policy, () => 0),
      'capped at 8 s: half fixed',
    ).toBe(4000);
  });

  it('jitters the same way for the same seed and differently for another', () => {
    const waits = (seed: number) => {
      const random = new SeededRandom(seed);
      return [1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, policy, () => random.next()));
    };
    expect(waits(7)).toEqual(waits(7));
    expect(waits(7)).not.toEqual(waits(8));
  });
});
