import { describe, expect, it } from 'vitest';
import { tradePermutationTest } from './trade-permutation-test.ts';

describe('tradePermutationTest', () => {
  it('twenty winners are not luck: only the all-positive sign pattern reaches the total', () => {
    const result = tradePermutationTest(new Array(20).fill(10), { runs: 999, seed: 3, initialEquity: 1000 });
    expect(result.pValue, 'P(all 20 signs +) = 2⁻²⁰, so no run of 999 should reach it').toBeCloseTo(1 / 1000, 12);
    expect(result.totalPnl).toBe(200);
    expect(result.maxDrawdown).toBe(0);
  });

  it('trades symmetric around zero give a large p-value', () => {
    const pnls = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 25 : -25));
    const result = tradePermutationTest(pnls, { runs: 2000, seed: 5, initialEquity: 10_000 });
    expect(result.pValue).toBeGreaterThan(0.3);
  });

  it('measures the drawdown of the actual order and of random orders', () => {
    const result = tradePermutationTest([10, -20, 5], { runs: 500, seed: 1, initialEquity: 100 });
    expect(result.maxDrawdown, 'peak 110, trough 90').toBeCloseTo(20 / 110, 12);
    expect(result.maxDrawdown95).toBeGreaterThanOrEqual(result.maxDrawdownMedian);
    // The worst ordering is −20 first (20% of 100) … +10 after it can only recover.
    expect(result.maxDrawdown95).toBeLessThanOrEqual(0.2 + 1e-12);
  });

  it('is reproducible under a seed and changes with it', () => {
    const pnls = [3, -1, 4, -1, 5, -9, 2, 6];
    const a = tradePermutationTest(pnls, { runs: 300, seed: 7, initialEquity: 100 });
    expect(tradePermutationTest(pnls, { runs: 300, seed: 7, initialEquity: 100 })).toEqual(a);
    expect(() => tradePermutationTest(pnls, { runs: 0, seed: 7, initialEquity: 100 })).toThrow(/runs/);
  });
});
