import { describe, expect, it } from 'vitest';
import { Correlation, correlation } from './correlation.ts';

/** Pearson's r over values end − period + 1 … end, two passes; a constant series → 0. */
function referenceCorrelation(x: Float64Array, y: Float64Array, end: number, period: number): number {
  let meanX = 0;
  let meanY = 0;
  for (let k = end - period + 1; k <= end; k++) {
    meanX += x[k]! / period;
    meanY += y[k]! / period;
  }
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let k = end - period + 1; k <= end; k++) {
    xx += (x[k]! - meanX) ** 2;
    yy += (y[k]! - meanY) ** 2;
    xy += (x[k]! - meanX) * (y[k]! - meanY);
  }
  return xx === 0 || yy === 0 ? 0 : xy / Math.sqrt(xx * yy);
}

describe('Correlation', () => {
  it('is ±1 for exact linear relations and 0 against a constant', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i) * 100 + 40_000);
    const up = correlation(
      x,
      x.map((v) => 3 * v + 1),
      { period: 10 },
    );
    const down = correlation(
      x,
      x.map((v) => -0.5 * v),
      { period: 10 },
    );
    const flat = correlation(x, new Float64Array(40).fill(7), { period: 10 });
    for (let i = 9; i < 40; i++) {
      expect(up[i], `bar ${i}: y = 3x + 1`).toBeCloseTo(1, 12);
      expect(down[i], `bar ${i}: y = −x/2`).toBeCloseTo(-1, 12);
      expect(flat[i], `bar ${i}: y constant`).toBe(0);
    }
  });

  it('does not drift: a million pairs near 40,000, last values within 1e-9 of a two-pass computation', () => {
    const period = 30;
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    let a = 40_000;
    let b = 41_000;
    let state = 5;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32 - 0.5;
    };
    for (let i = 0; i < n; i++) {
      const common = next();
      a *= 1 + (common + next()) * 1e-3;
      b *= 1 + (common - next()) * 1e-3;
      x[i] = a;
      y[i] = b;
    }
    const streaming = new Correlation({ period });
    const batch = correlation(x, y, { period });
    for (let i = 0; i < n; i++)
      if (!Object.is(streaming.update(x[i]!, y[i]!), batch[i])) expect.fail(`bar ${i}: streaming and batch differ`);
    for (let i = n - 50; i < n; i++)
      expect(Math.abs(batch[i]! - referenceCorrelation(x, y, i, period)), `bar ${i}`).toBeLessThan(1e-9);
  });

  it('names the series holding a NaN', () => {
    const ok = Float64Array.from([1, 2, 3]);
    expect(() => correlation(ok, Float64Array.from([1, Number.NaN, 3]), { period: 2 })).toThrow(
      'correl: reference[1] is NaN',
    );
    expect(() => correlation(ok, ok.subarray(0, 2), { period: 2 })).toThrow(RangeError);
  });
});
