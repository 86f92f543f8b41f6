import { describe, expect, it } from 'vitest';
import { LinearRegression, linearRegression } from './linear-regression.ts';

/** Least squares from the normal equations, positions 0 … period − 1 (oldest first), fresh each bar. */
function referenceLine(values: Float64Array, end: number, period: number): { value: number; slope: number } {
  let meanX = 0;
  let meanY = 0;
  for (let k = 0; k < period; k++) {
    meanX += k / period;
    meanY += values[end - period + 1 + k]! / period;
  }
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < period; k++) {
    sxy += (k - meanX) * (values[end - period + 1 + k]! - meanY);
    sxx += (k - meanX) ** 2;
  }
  const slope = sxy / sxx;
  return { value: meanY + slope * (period - 1 - meanX), slope };
}

describe('LinearRegression', () => {
  it('reproduces a straight line exactly and fits a worked example', () => {
    const line = Float64Array.from({ length: 30 }, (_, i) => 3 + 2 * i);
    const out = linearRegression(line, { period: 7 });
    for (let i = 6; i < 30; i++) {
      expect(out.slope[i], `slope at bar ${i}`).toBeCloseTo(2, 12);
      expect(out.value[i], `value at bar ${i}`).toBeCloseTo(line[i]!, 10);
    }
    // y = 1, 3, 2 at x = 0, 1, 2: slope = Σ(x − 1)(y − 2) / Σ(x − 1)² = (−1·−1 + 1·0) / 2 = 0.5; line at x = 2: 2 + 0.5.
    const small = linearRegression(Float64Array.from([1, 3, 2]), { period: 3 });
    expect(small.slope[2]).toBeCloseTo(0.5, 15);
    expect(small.value[2]).toBeCloseTo(2.5, 15);
  });

  it('does not drift: a million values near 40,000, last lines within 1e-9 of a fresh fit', () => {
    const period = 14;
    const n = 1_000_000;
    const values = new Float64Array(n);
    let price = 40_000;
    let state = 9;
    for (let i = 0; i < n; i++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      price *= 1 + (state / 2 ** 32 - 0.5) * 1e-3;
      values[i] = price;
    }
    const streaming = new LinearRegression({ period });
    const batch = linearRegression(values, { period });
    for (let i = 0; i < n; i++) {
      streaming.update(values[i]!);
      if (!Object.is(streaming.value, batch.value[i]) || !Object.is(streaming.slope, batch.slope[i]))
        expect.fail(`bar ${i}: streaming and batch differ`);
    }
    for (let i = n - 50; i < n; i++) {
      const { value, slope } = referenceLine(values, i, period);
      expect(Math.abs(batch.value[i]! - value) / value, `value at bar ${i}`).toBeLessThan(1e-9);
      expect(Math.abs(batch.slope[i]! - slope), `slope at bar ${i} (price units per bar)`).toBeLessThan(1e-9);
    }
  });
});
