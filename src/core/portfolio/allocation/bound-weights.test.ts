import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundWeights } from './bound-weights.ts';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('boundWeights', () => {
  it('scales scores to sum 1 (hand-worked cases)', () => {
    expect(boundWeights([1, 1, 2])).toEqual([0.25, 0.25, 0.5]);
    // [0.1, 0.1, 0.8]: the third is capped at 0.5, the other 0.5 shared 1:1.
    expect(boundWeights([1, 1, 8], 0, 0.5)).toEqual([0.25, 0.25, 0.5]);
    // [0, 0, 1]: two floored at 0.1, the third keeps the remaining 0.8.
    const floored = boundWeights([0, 0, 10], 0.1);
    expect(floored[0]).toBe(0.1);
    expect(floored[1]).toBe(0.1);
    expect(floored[2]).toBeCloseTo(0.8, 12);
    expect(boundWeights([0, 0]), 'all-zero scores share equally').toEqual([0.5, 0.5]);
  });

  it('refuses bounds no weights can meet, and negative scores', () => {
    expect(() => boundWeights([1, 1, 1], 0.4)).toThrow(/cannot sum to 1/);
    expect(() => boundWeights([1, 1, 1], 0, 0.3)).toThrow(/cannot sum to 1/);
    expect(() => boundWeights([1, -1])).toThrow(/≥ 0/);
  });

  it('property: weights sum to 1, stay in bounds, and keep the order of the scores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (scores, a, b) => {
          const n = scores.length;
          const min = (Math.min(a, b) * 1) / n;
          const max = Math.max(1 / n, Math.max(a, b));
          const w = boundWeights(scores, min, max);
          expect(sum(w)).toBeCloseTo(1, 9);
          for (const x of w) {
            expect(x).toBeGreaterThanOrEqual(min - 1e-12);
            expect(x).toBeLessThanOrEqual(max + 1e-12);
          }
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++)
              if (scores[i]! > scores[j]!)
                expect(w[i]!, 'a higher score never gets less').toBeGreaterThanOrEqual(w[j]! - 1e-12);
        },
      ),
    );
  });
});
