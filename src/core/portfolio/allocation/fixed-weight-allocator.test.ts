import { describe, expect, it } from 'vitest';
import { createAllocator } from './create-allocator.ts';
import { FixedWeightAllocator } from './fixed-weight-allocator.ts';

describe('FixedWeightAllocator', () => {
  it('scales the given weights to sum 1 and keeps them whatever the returns', () => {
    const allocator = new FixedWeightAllocator({ strategies: 3, weights: [2, 1, 1] });
    expect(allocator.initialWeights).toEqual([0.5, 0.25, 0.25]);
    expect(allocator.rebalance([0.5, -0.2, 0])).toEqual([0.5, 0.25, 0.25]);
  });

  it('defaults to equal weights, and refuses non-positive weights or a wrong count', () => {
    expect(new FixedWeightAllocator({ strategies: 4 }).initialWeights).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => new FixedWeightAllocator({ strategies: 2, weights: [1, 0] })).toThrow(/positive/);
    expect(() => new FixedWeightAllocator({ strategies: 2, weights: [1] })).toThrow(/1 weights for 2/);
    expect(() => new FixedWeightAllocator({ strategies: 2 }).rebalance([0.1])).toThrow(/1 period returns for 2/);
    expect(() => new FixedWeightAllocator({ strategies: 1 }).rebalance([Number.NaN])).toThrow(/not finite/);
  });

  it('createAllocator builds each method and names an unknown one', () => {
    const random = () => 0.5;
    expect(createAllocator({ method: 'fixed' }, 2, random).method).toBe('fixed');
    expect(createAllocator({ method: 'inverse_volatility' }, 2, random).method).toBe('inverse_volatility');
    expect(createAllocator({ method: 'bandit' }, 2, random).method).toBe('bandit');
    expect(() => createAllocator({ method: 'kelly' as never }, 2, random)).toThrow(/unknown allocation method 'kelly'/);
  });
});
