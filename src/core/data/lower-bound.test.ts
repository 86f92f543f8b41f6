import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound } from './lower-bound.ts';

describe('lowerBound', () => {
  it('finds the first index at or above the value, within the length given', () => {
    const times = new Float64Array([10, 20, 20, 30, 40]);
    expect(lowerBound(times, 5)).toBe(0);
    expect(lowerBound(times, 20), 'the first of equal values').toBe(1);
    expect(lowerBound(times, 21)).toBe(3);
    expect(lowerBound(times, 99), 'past the end: the length').toBe(5);
    expect(lowerBound(times, 99, 3), 'only the first `length` values count').toBe(3);
    expect(lowerBound(new Int32Array(0), 1)).toBe(0);
  });

  it('equals a linear scan on any sorted array', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (values, value) => {
        const sorted = Float64Array.from(values).sort();
        const scan = sorted.findIndex((x) => x >= value);
        expect(lowerBound(sorted, value)).toBe(scan < 0 ? sorted.length : scan);
      }),
    );
  });
});
