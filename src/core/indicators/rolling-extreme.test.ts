import { describe, expect, it } from 'vitest';
import { randomIntegers } from '../testing/random-series.ts';
import { RollingExtreme } from './rolling-extreme.ts';

describe('RollingExtreme', () => {
  it('tracks the max and min of the last `period` values and the age of their latest occurrence like a naive scan, ties and negatives included', () => {
    for (const period of [1, 2, 3, 7, 30, 64]) {
      const values = randomIntegers(3000, 6, period).map((x) => x - 3);
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
