import { describe, expect, it } from 'vitest';
import { robustScale } from './robust-z-scores.ts';

describe('robustScale', () => {
  it('median and 1.4826·MAD of a hand-worked sample', () => {
    // Sorted: 1 2 3 4 100 → median 3; |x − 3| = 2 1 0 1 97 → MAD 1.
    expect(robustScale(Float64Array.of(4, 100, 1, 3, 2))).toEqual({ median: 3, scale: 1.4826 });
    // Even count: 1 2 3 10 → median 2.5; deviations 1.5 0.5 0.5 7.5 → MAD 1.
    expect(robustScale(Float64Array.of(10, 1, 3, 2))).toEqual({ median: 2.5, scale: 1.4826 });
  });

  it('falls back to 1.2533·mean absolute deviation when MAD is 0, and 0 when all values are equal', () => {
    // 0 0 0 0 5 → median 0, MAD 0; mean |x| = 1.
    expect(robustScale(Float64Array.of(0, 5, 0, 0, 0))).toEqual({ median: 0, scale: 1.2533 });
    expect(robustScale(Float64Array.of(2, 2, 2)).scale).toBe(0);
    expect(robustScale(new Float64Array(0)).median).toBeNaN();
  });

  it('agrees with a sort-based median on random samples with ties', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed;
    };
    for (let trial = 0; trial < 200; trial++) {
      const values = Float64Array.from({ length: 1 + (next() % 50) }, () => next() % 10);
      const input = Float64Array.from(values);
      const sorted = Float64Array.from(values).sort();
      const n = sorted.length;
      const median = n % 2 === 1 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
      expect(robustScale(values).median, `trial ${trial}`).toBe(median);
      expect(values, 'input untouched').toEqual(input);
    }
  });
});
