import { boundWeights } from './bound-weights.ts';
import { AllocationMethod, type CapitalAllocator, checkReturns } from './capital-allocator.ts';
import { initialWeights } from './fixed-weight-allocator.ts';

/** Settings of the inverse-volatility allocator. */
export interface InverseVolatilityOptions {
  readonly strategies: number;
  /** Periods of returns σ is measured over (the last `lookback`, ≥ 2). */
  readonly lookback: number;
  /** Periods seen before the weights leave the initial ones (2 ≤ minHistory ≤ lookback; default lookback). */
  readonly minHistory?: number;
  /** Smallest weight of a strategy (default 0). */
  readonly minWeight?: number;
  /** Largest weight of a strategy (default 1). */
  readonly maxWeight?: number;
  /**
   * Smallest σ used, a per-period return (default 1e-4 = 0.01%): a strategy that did not trade
   * has σ 0 and would otherwise take every weight up to the cap.
   */
  readonly volatilityFloor?: number;
  /** The weights before enough history (default equal). */
  readonly weights?: readonly number[];
}

/**
 * Inverse volatility (naive risk parity): weight_i ∝ 1 / max(σ_i, floor), where σ_i is the sample
 * standard deviation (n − 1) of strategy i's last `lookback` period returns; then bounded to
 * [minWeight, maxWeight] (`boundWeights`). Before `minHistory` periods the initial weights hold.
 * Each strategy then contributes about the same volatility to the account, ignoring correlation.
 */
export class InverseVolatilityAllocator implements CapitalAllocator {
  readonly method = AllocationMethod.InverseVolatility;
  readonly initialWeights: readonly number[];
  private readonly lookback: number;
  private readonly minHistory: number;
  private readonly minWeight: number;
  private readonly maxWeight: number;
  private readonly floor: number;
  /** Ring of the last `lookback` returns, per strategy. */
  private readonly history: Float64Array[];
  private seen = 0;

  constructor(options: InverseVolatilityOptions) {
    const { strategies, lookback } = options;
    if (!(Number.isInteger(lookback) && lookback >= 2))
      throw new Error(`inverse_volatility: lookback must be a whole number ≥ 2, got ${lookback}`);
    this.lookback = lookback;
    this.minHistory = options.minHistory ?? lookback;
    if (!(Number.isInteger(this.minHistory) && this.minHistory >= 2 && this.minHistory <= lookback))
      throw new Error(`inverse_volatility: minHistory must be a whole number in [2, lookback], got ${this.minHistory}`);
    this.minWeight = options.minWeight ?? 0;
    this.maxWeight = options.maxWeight ?? 1;
    this.floor = options.volatilityFloor ?? 1e-4;
    if (!(this.floor > 0)) throw new Error(`inverse_volatility: volatilityFloor must be > 0, got ${this.floor}`);
    this.initialWeights = Object.freeze(initialWeights(strategies, options.weights));
    // Fails at construction, not at the first rebalance, when the bounds cannot hold.
    boundWeights(this.initialWeights, this.minWeight, this.maxWeight);
    this.history = Array.from({ length: strategies }, () => new Float64Array(lookback));
  }

  rebalance(periodReturns: readonly number[]): readonly number[] {
    checkReturns(periodReturns, this.history.length, this.method);
    const slot = this.seen % this.lookback;
    for (let i = 0; i < this.history.length; i++) this.history[i]![slot] = periodReturns[i]!;
    this.seen++;
    if (this.seen < this.minHistory) return this.initialWeights;
    const n = Math.min(this.seen, this.lookback);
    return boundWeights(
      this.history.map((ring) => 1 / Math.max(standardDeviation(ring, n), this.floor)),
      this.minWeight,
      this.maxWeight,
    );
  }
}

/** Sample standard deviation (n − 1) of the first `n` values, by Welford's update. */
export function standardDeviation(values: ArrayLike<number>, n: number): number {
  if (n < 2) return 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return Math.sqrt(m2 / (n - 1));
}
