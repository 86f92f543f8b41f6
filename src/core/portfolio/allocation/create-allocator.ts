import { AllocationMethod, type CapitalAllocator } from './capital-allocator.ts';
import { FixedWeightAllocator } from './fixed-weight-allocator.ts';
import { InverseVolatilityAllocator } from './inverse-volatility-allocator.ts';
import { ThompsonBanditAllocator } from './thompson-bandit-allocator.ts';

/** An allocator's method and settings, as configuration gives them (strategies in their order). */
export interface AllocatorSpec {
  readonly method: AllocationMethod;
  /** Starting weights, one per strategy (scaled to sum to 1); default equal. */
  readonly weights?: readonly number[];
  /** inverse_volatility: periods σ is measured over (default 20). */
  readonly lookback?: number;
  /** inverse_volatility: periods before leaving the starting weights (default: lookback). */
  readonly minHistory?: number;
  /** Smallest weight of a strategy (inverse_volatility default 0, bandit default 0.05). */
  readonly minWeight?: number;
  /** inverse_volatility: largest weight of a strategy (default 1). */
  readonly maxWeight?: number;
  /** inverse_volatility: smallest σ used per period (default 1e-4). */
  readonly volatilityFloor?: number;
  /** bandit: share of its past a period keeps (default 0.9). */
  readonly discount?: number;
  /** bandit: Monte Carlo draws per rebalance (default 2000). */
  readonly draws?: number;
  /** bandit: prior weight in periods (default 1). */
  readonly priorPeriods?: number;
}

/** The allocator a spec describes, for `strategies` strategies; `random` feeds the bandit's draws. */
export function createAllocator(spec: AllocatorSpec, strategies: number, random: () => number): CapitalAllocator {
  switch (spec.method) {
    case AllocationMethod.Fixed:
      return new FixedWeightAllocator({ strategies, weights: spec.weights });
    case AllocationMethod.InverseVolatility:
      return new InverseVolatilityAllocator({
        strategies,
        weights: spec.weights,
        lookback: spec.lookback ?? 20,
        minHistory: spec.minHistory,
        minWeight: spec.minWeight,
        maxWeight: spec.maxWeight,
        volatilityFloor: spec.volatilityFloor,
      });
    case AllocationMethod.Bandit:
      return new ThompsonBanditAllocator({
        strategies,
        weights: spec.weights,
        random,
        minWeight: spec.minWeight,
        discount: spec.discount,
        draws: spec.draws,
        priorPeriods: spec.priorPeriods,
      });
    default:
      throw new Error(`unknown allocation method '${(spec as { method: string }).method}'`);
  }
}
