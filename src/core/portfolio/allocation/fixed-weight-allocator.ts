import { AllocationMethod, type CapitalAllocator, checkReturns, equalWeights } from './capital-allocator.ts';

/**
 * Constant weights: the given ones scaled to sum to 1 (each must be > 0), or equal when none are
 * given. The budgets still follow equity: a weight is a fraction of the account's equity at each
 * check, so a strategy's capital grows and shrinks with the whole account, not with its own PnL.
 */
export class FixedWeightAllocator implements CapitalAllocator {
  readonly method = AllocationMethod.Fixed;
  readonly initialWeights: readonly number[];

  constructor(options: { readonly strategies: number; readonly weights?: readonly number[] }) {
    this.initialWeights = Object.freeze(initialWeights(options.strategies, options.weights));
  }

  rebalance(periodReturns: readonly number[]): readonly number[] {
    checkReturns(periodReturns, this.initialWeights.length, this.method);
    return this.initialWeights;
  }
}

/** Given weights scaled to sum to 1 (each must be finite and > 0), or equal weights. */
export function initialWeights(strategies: number, weights: readonly number[] | undefined): number[] {
  if (weights === undefined) return equalWeights(strategies);
  if (weights.length !== strategies) throw new Error(`${weights.length} weights for ${strategies} strategies`);
  let sum = 0;
  for (const w of weights) {
    if (!(Number.isFinite(w) && w > 0)) throw new Error(`weight ${w} must be a positive number`);
    sum += w;
  }
  return weights.map((w) => w / sum);
}
