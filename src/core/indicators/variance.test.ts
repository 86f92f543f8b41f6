import { describe, expect, it } from 'vitest';
import { RollingMoments, Variance, variance, varianceLookback } from './variance.ts';

/** Two-pass Σ(x − mean)² over values[end − period + 1 … end]. */
function squares(values: Float64Array, end: number, period: number): number {
  let sum = 0;
  for (let k = end - period + 1; k <= end; k++) sum += values[k]!;
  const mean = sum / period;
  let total = 0;
  for (let k = end - period + 1; k <= end; k++) total += (values[k]! - mean) ** 2;
  return total;
}

describe('Variance', () => {
  it('population (TA-Lib) and sample estimators on a worked example', () => {
    const values = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(variance(values, { period: 8 })[7], 'Σ(x − 5)² = 32, / 8').toBe(4);
    expect(variance(values, { period: 8, estimator: 'sample' })[7], '32 / 7').toBeCloseTo(32 / 7, 15);
    expect(varianceLookback({ period: 8 })).toBe(7);
  });

  it('stays exact through bursts of volatility of every size (recomputed when its sum collapses)', () => {
    // Alternating regimes: 200 bars moving by ±10⁴, then 200 moving by ±10⁻³, around 40,000.
    const n = 20_000;
    const values = new Float64Array(n);
    let state = 1;
    for (let i = 0; i < n; i++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const noise = state / 2 ** 32 - 0.5;
      values[i] = 40_000 + noise * (Math.floor(i / 200) % 2 === 0 ? 1e4 : 1e-3);
    }
    for (const period of [5, 20, 150]) {
      const ours = variance(values, { period });
      const streaming = new Variance({ period });
      for (let i = 0; i < n; i++) {
        const streamed = streaming.update(values[i]!);
        if (i < period - 1) continue;
        const exact = squares(values, i, period) / period;
        if (!(Math.abs(ours[i]! - exact) <= 1e-9 * exact))
          expect.fail(`var(${period}) bar ${i}: ${ours[i]}, two-pass ${exact}`);
        if (!Object.is(streamed, ours[i])) expect.fail(`var(${period}) bar ${i}: streaming differs from batch`);
      }
    }
  });

  it('costs O(1) amortised when its sum of squares collapses every few bars (a budget of one recomputation per period)', () => {
    // Each cycle of 250 values halves every bar; once the cycle's first value has left the 200-value window the oldest
    // value dominates and leaves each bar, so the sum of squares falls 1024-fold every five bars.
    const period = 200;
    const updates = 25_000;
    const moments = new RollingMoments(period);
    for (let i = 0; i < updates; i++) moments.push(0.5 ** (i % 250));
    const budget = 1 + updates / 1024 + 4 + updates / period;
    expect(
      moments.recomputations,
      `at most ${budget}: the fill, the scheduled ones, a burst of 4, one per period`,
    ).toBeLessThanOrEqual(budget);
    expect(moments.recomputations, 'the budget is used: collapses do trigger recomputation').toBeGreaterThan(
      updates / period - 10,
    );
  });

  it('rejects a one-value window and an unknown estimator', () => {
    expect(() => new Variance({ period: 1 })).toThrow('var: period must be an integer >= 2');
    expect(() => variance(new Float64Array(4), { period: 2, estimator: 'unbiased' as 'sample' })).toThrow('estimator');
  });
});
