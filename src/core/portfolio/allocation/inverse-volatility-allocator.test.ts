import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InverseVolatilityAllocator, standardDeviation } from './inverse-volatility-allocator.ts';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('InverseVolatilityAllocator', () => {
  it('keeps the initial weights until minHistory periods, then weights ∝ 1/σ', () => {
    const allocator = new InverseVolatilityAllocator({ strategies: 2, lookback: 4 });
    // A alternates ±1%, B ±2%: σ_B = 2 σ_A, so A gets 2/3 and B 1/3.
    const stream = [
      [0.01, 0.02],
      [-0.01, -0.02],
      [0.01, 0.02],
    ];
    for (const r of stream) expect(allocator.rebalance(r), 'fewer than 4 periods: equal').toEqual([0.5, 0.5]);
    const w = allocator.rebalance([-0.01, -0.02]);
    expect(w[0]).toBeCloseTo(2 / 3, 12);
    expect(w[1]).toBeCloseTo(1 / 3, 12);
  });

  it('measures σ over the last lookback periods only', () => {
    const allocator = new InverseVolatilityAllocator({ strategies: 2, lookback: 2 });
    allocator.rebalance([0.05, 0.001]);
    const early = allocator.rebalance([-0.05, -0.001]);
    expect(early[1], 'σ_A = 50 σ_B: B dominates').toBeCloseTo(50 / 51, 12);
    // Window [-0.05, 0.01] vs [-0.001, 0.03]: σ_A = 0.06/√2, σ_B = 0.031/√2, w_A = σ_B / (σ_A + σ_B).
    expect(allocator.rebalance([0.01, 0.03])[0]).toBeCloseTo(0.031 / 0.091, 12);
    // Window [0.01, 0.01] vs [0.03, 0.03]: both σ 0, both at the floor: equal, A's swings forgotten.
    const late = allocator.rebalance([0.01, 0.03]);
    expect(late[0]).toBeCloseTo(0.5, 12);
    expect(late[1]).toBeCloseTo(0.5, 12);
  });

  it('with a known σ: hand-computed weights under a floor and a cap', () => {
    // σ_A = 0.01 √2 (returns 0, 0.02), σ_B = 0.02 √2, C never trades (σ 0 → floor 1e-4) and is capped at 0.6.
    const allocator = new InverseVolatilityAllocator({ strategies: 3, lookback: 2, maxWeight: 0.6, minWeight: 0.05 });
    allocator.rebalance([0, 0, 0]);
    const w = allocator.rebalance([0.02, 0.04, 0]);
    expect(standardDeviation([0, 0.02], 2)).toBeCloseTo(0.01 * Math.SQRT2, 15);
    expect(w[2], 'C is capped').toBe(0.6);
    // The other 0.4 in proportion 1/σ_A : 1/σ_B = 2 : 1.
    expect(w[0]).toBeCloseTo(0.4 * (2 / 3), 12);
    expect(w[1]).toBeCloseTo(0.4 * (1 / 3), 12);
  });

  it('refuses a lookback below 2 and bounds no weights can meet', () => {
    expect(() => new InverseVolatilityAllocator({ strategies: 2, lookback: 1 })).toThrow(/lookback/);
    expect(() => new InverseVolatilityAllocator({ strategies: 2, lookback: 5, minHistory: 6 })).toThrow(/minHistory/);
    expect(() => new InverseVolatilityAllocator({ strategies: 3, lookback: 5, minWeight: 0.5 })).toThrow(
      /cannot sum to 1/,
    );
  });

  it('property: weights sum to 1 and stay in [min, max] for any return stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 30,
        }),
        (stream) => {
          const allocator = new InverseVolatilityAllocator({
            strategies: 3,
            lookback: 5,
            minHistory: 3,
            minWeight: 0.1,
            maxWeight: 0.7,
          });
          for (const r of stream) {
            const w = allocator.rebalance(r);
            expect(sum(w)).toBeCloseTo(1, 9);
            for (const x of w) expect(x >= 0.1 - 1e-12 && x <= 0.7 + 1e-12, `${x} within [0.1, 0.7]`).toBe(true);
          }
        },
      ),
    );
  });
});
