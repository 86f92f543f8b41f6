import { AllocationMethod, type CapitalAllocator, checkReturns } from './capital-allocator.ts';
import { initialWeights } from './fixed-weight-allocator.ts';

/** Settings of the bandit allocator. */
export interface ThompsonBanditOptions {
  readonly strategies: number;
  /** Uniform draws in [0, 1): the engine's seeded generator, so a seed fixes every weight. */
  readonly random: () => number;
  /** Weight every strategy keeps, so none starves and each keeps producing evidence (default 0.05). */
  readonly minWeight?: number;
  /** How much of its past a period keeps per new period, in (0, 1] (default 0.9: a half-life of ≈ 6.6 periods). */
  readonly discount?: number;
  /** Monte Carlo draws estimating each strategy's chance of being best (default 2000). */
  readonly draws?: number;
  /** Weight of the prior (mean return 0), in periods (default 1). */
  readonly priorPeriods?: number;
  /** The weights before any period was seen (default equal). */
  readonly weights?: readonly number[];
}

/**
 * A Thompson-sampling bandit over strategies, full information (every strategy's return is seen
 * every period). Per strategy i it keeps discounted sums over the period returns r:
 * n_i ← γ n_i + 1, s_i ← γ s_i + r, q_i ← γ q_i + r² (γ = `discount`, so old periods fade and
 * the bandit follows what works now). The posterior of i's mean return is Normal(μ_i, τ_i²) with
 * μ_i = s_i / (n_i + n₀) (shrunk toward 0 by `priorPeriods` n₀) and
 * τ_i² = v_i / (n_i + n₀), where v_i = (q_i − s_i²/n_i + n₀ v̄) / (n_i + n₀) mixes i's sample
 * variance with the mean sample variance v̄ of all strategies. Each rebalance draws one mean per
 * strategy `draws` times (seeded, Box–Muller) and sets p_i = the share of draws in which i was
 * best; the weights are w_i = m + (1 − K m) p_i (m = `minWeight`, K strategies). A strategy with
 * consistently higher returns is best in most draws and gets most of the weight; with no
 * evidence (every v̄ = 0, nobody traded) the initial weights stay.
 */
export class ThompsonBanditAllocator implements CapitalAllocator {
  readonly method = AllocationMethod.Bandit;
  readonly initialWeights: readonly number[];
  private readonly random: () => number;
  private readonly minWeight: number;
  private readonly discount: number;
  private readonly draws: number;
  private readonly prior: number;
  private readonly n: Float64Array;
  private readonly s: Float64Array;
  private readonly q: Float64Array;
  private readonly wins: Float64Array;

  constructor(options: ThompsonBanditOptions) {
    const k = options.strategies;
    this.initialWeights = Object.freeze(initialWeights(k, options.weights));
    this.random = options.random;
    this.minWeight = options.minWeight ?? 0.05;
    this.discount = options.discount ?? 0.9;
    this.draws = options.draws ?? 2000;
    this.prior = options.priorPeriods ?? 1;
    if (!(this.minWeight >= 0 && k * this.minWeight < 1))
      throw new Error(`bandit: minWeight ${this.minWeight} must be ≥ 0 and below 1 / ${k} strategies`);
    if (!(this.discount > 0 && this.discount <= 1))
      throw new Error(`bandit: discount must be in (0, 1], got ${this.discount}`);
    if (!(Number.isInteger(this.draws) && this.draws > 0))
      throw new Error(`bandit: draws must be a positive whole number`);
    if (!(this.prior > 0)) throw new Error(`bandit: priorPeriods must be > 0, got ${this.prior}`);
    this.n = new Float64Array(k);
    this.s = new Float64Array(k);
    this.q = new Float64Array(k);
    this.wins = new Float64Array(k);
  }

  rebalance(periodReturns: readonly number[]): readonly number[] {
    const k = this.n.length;
    checkReturns(periodReturns, k, this.method);
    const n = this.n;
    const s = this.s;
    const q = this.q;
    const g = this.discount;
    let pooled = 0;
    for (let i = 0; i < k; i++) {
      const r = periodReturns[i]!;
      n[i] = g * n[i]! + 1;
      s[i] = g * s[i]! + r;
      q[i] = g * q[i]! + r * r;
      pooled += sampleVariance(n[i]!, s[i]!, q[i]!) / k;
    }
    if (!(pooled > 0)) return this.initialWeights;
    const means = new Float64Array(k);
    const spreads = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const count = n[i]! + this.prior;
      means[i] = s[i]! / count;
      const variance = (sampleVariance(n[i]!, s[i]!, q[i]!) * n[i]! + this.prior * pooled) / count;
      spreads[i] = Math.sqrt(variance / count);
    }
    const wins = this.wins.fill(0);
    for (let d = 0; d < this.draws; d++) {
      let best = 0;
      let bestValue = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < k; i++) {
        const value = means[i]! + spreads[i]! * this.gaussian();
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      wins[best]!++;
    }
    const free = 1 - k * this.minWeight;
    return Array.from(wins, (w) => this.minWeight + (free * w) / this.draws);
  }

  /** A standard normal draw (Box–Muller, one of the pair). */
  private gaussian(): number {
    const u = 1 - this.random(); // in (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
}

/** Population variance from discounted count, sum and sum of squares (0 when negative by rounding). */
function sampleVariance(n: number, s: number, q: number): number {
  if (!(n > 0)) return 0;
  const mean = s / n;
  return Math.max(0, q / n - mean * mean);
}
