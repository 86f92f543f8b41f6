import { describe, expect, it } from 'vitest';
import { Beta, beta, betaLookback } from './beta.ts';

describe('Beta', () => {
  it('is the ratio of moves: an asset whose every per-bar change is twice the benchmark’s has beta 2', () => {
    const n = 60;
    const benchmark = new Float64Array(n);
    const asset = new Float64Array(n);
    benchmark[0] = 100;
    asset[0] = 50;
    for (let i = 1; i < n; i++) {
      const change = Math.sin(i * 1.3) * 0.01;
      benchmark[i] = benchmark[i - 1]! * (1 + change);
      asset[i] = asset[i - 1]! * (1 + 2 * change);
    }
    const out = beta(asset, benchmark, { period: 5 });
    expect(betaLookback({ period: 5 }), 'five changes need six prices').toBe(5);
    expect(Number.isNaN(out[4]!)).toBe(true);
    for (let i = 5; i < n; i++) expect(out[i], `bar ${i}`).toBeCloseTo(2, 9);
    const inverse = beta(benchmark, asset, { period: 5 });
    for (let i = 5; i < n; i++) expect(inverse[i], `bar ${i}: the benchmark against the asset`).toBeCloseTo(0.5, 9);
  });

  it('is 0 when the benchmark does not move, and a zero previous price counts as no change', () => {
    const asset = Float64Array.from([10, 11, 12, 11, 13, 12, 14]);
    expect(Array.from(beta(asset, new Float64Array(7).fill(3), { period: 3 }).subarray(3))).toEqual([0, 0, 0, 0]);
    const throughZero = beta(Float64Array.from([1, 0, 2, 3, 2, 4]), Float64Array.from([5, 6, 5, 6, 7, 6]), {
      period: 3,
    });
    for (let i = 3; i < 6; i++) expect(Number.isFinite(throughZero[i]!), `bar ${i} is finite`).toBe(true);
  });

  it('streams the same values as the batch', () => {
    const asset = Float64Array.from({ length: 200 }, (_, i) => 100 + Math.sin(i / 3) * 5 + i * 0.1);
    const benchmark = Float64Array.from({ length: 200 }, (_, i) => 50 + Math.cos(i / 4) * 2 + i * 0.05);
    const batch = beta(asset, benchmark, { period: 20 });
    const streaming = new Beta({ period: 20 });
    for (let i = 0; i < 200; i++)
      expect(Object.is(streaming.update(asset[i]!, benchmark[i]!), batch[i]), `bar ${i}`).toBe(true);
  });
});
