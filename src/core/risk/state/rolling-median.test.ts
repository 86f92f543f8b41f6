import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMedian } from './rolling-median.ts';

function referenceMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('RollingMedian', () => {
  it('equals the median of a sorted copy of the last `capacity` values after every push', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 80 }),
        (capacity, values) => {
          const median = new RollingMedian(capacity);
          values.forEach((v, i) => {
            median.push(v);
            const window = values.slice(Math.max(0, i + 1 - capacity), i + 1);
            expect(median.median(), `after ${i + 1} pushes, capacity ${capacity}`).toBe(referenceMedian(window));
          });
        },
      ),
    );
  });

  it('is NaN when empty', () => {
    expect(new RollingMedian(3).median()).toBeNaN();
  });
});
