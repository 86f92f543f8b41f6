import { describe, expect, it } from 'vitest';
import { RollingExtreme } from './rolling-extreme.ts';

/** Deterministic pseudo-random integers in [−range/2, range/2): many equal values, so ties are common. */
function integers(length: number, range: number, seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * range) - range / 2;
  });
}

describe('RollingExtreme', () => {
  it('tracks the max and min of the last `period` values and the age of their latest occurrence like a naive scan, ties and negatives included', () => {
    for (const period of [1, 2, 3, 7, 30, 64]) {
      const values = integers(3000, 6, period);
      const highest = new RollingExtreme(period, 1);
      const lowest = new RollingExtreme(period, -1);
      for (let i = 0; i < values.length; i++) {
        const top = highest.push(values[i]!);
        const bottom = lowest.push(values[i]!);
        expect(highest.isFull, `period ${period}, push ${i}`).toBe(i >= period - 1);
        const first = Math.max(0, i - period + 1);
        let highestAt = first;
        let lowestAt = first;
        for (let j = first; j <= i; j++) {
          if (values[j]! >= values[highestAt]!) highestAt = j;
          if (values[j]! <= values[lowestAt]!) lowestAt = j;
        }
        if (top !== values[highestAt] || highest.age !== i - highestAt)
          expect.fail(
            `period ${period}, push ${i}: max ${top} aged ${highest.age}, naive ${values[highestAt]} aged ${i - highestAt}`,
          );
        if (bottom !== values[lowestAt] || lowest.age !== i - lowestAt)
          expect.fail(
            `period ${period}, push ${i}: min ${bottom} aged ${lowest.age}, naive ${values[lowestAt]} aged ${i - lowestAt}`,
          );
      }
    }
  });

  it('starts over after reset()', () => {
    const highest = new RollingExtreme(3, 1);
    for (const x of [9, 8, 7]) highest.push(x);
    highest.reset();
    expect(highest.isFull, 'an empty window after reset').toBe(false);
    expect([highest.push(1), highest.push(2), highest.push(0)]).toEqual([1, 2, 2]);
    expect(highest.age, 'the 2 was pushed one update ago').toBe(1);
  });
});
