/** The ways capital is split between strategies sharing one account. */
export const AllocationMethod = {
  /** Constant weights (given, or equal). */
  Fixed: 'fixed',
  /** Weights ∝ 1 / σ of each strategy's per-period returns over a lookback. */
  InverseVolatility: 'inverse_volatility',
  /** A Thompson-sampling bandit that shifts weight to the strategies whose returns have been best. */
  Bandit: 'bandit',
} as const;
export type AllocationMethod = (typeof AllocationMethod)[keyof typeof AllocationMethod];

/**
 * A capital allocator: pure, one instance per run, strategies in a fixed order. Weights are
 * fractions of the account's equity, each in (0, 1], summing to 1.
 */
export interface CapitalAllocator {
  readonly method: AllocationMethod;
  /** The weights before any period was seen. */
  readonly initialWeights: readonly number[];
  /**
   * Takes each strategy's return over the period that just ended (net PnL over the period ÷ the
   * capital it was allocated at the period's start, a fraction: 0.01 = +1%) and returns the
   * weights for the next period.
   */
  rebalance(periodReturns: readonly number[]): readonly number[];
}

/** Throws unless `returns` has one finite number per strategy. */
export function checkReturns(returns: readonly number[], strategies: number, method: string): void {
  if (returns.length !== strategies)
    throw new Error(`${method}: ${returns.length} period returns for ${strategies} strategies`);
  for (const r of returns) if (!Number.isFinite(r)) throw new Error(`${method}: period return ${r} is not finite`);
}

/** Equal weights for `n` strategies. */
export function equalWeights(n: number): number[] {
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`allocation needs at least one strategy, got ${n}`);
  return new Array<number>(n).fill(1 / n);
}
