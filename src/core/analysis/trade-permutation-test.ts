import { SeededRandom } from '../kernel/random.ts';

/** Options of {@link tradePermutationTest}. */
export interface TradePermutationOptions {
  /** Monte-Carlo runs (≥ 1). */
  readonly runs: number;
  readonly seed: number;
  /** Equity before the first trade, for the drawdowns (quote currency, > 0). */
  readonly initialEquity: number;
}

/** What the trade sequence says beyond luck; see {@link tradePermutationTest}. */
export interface TradePermutationResult {
  readonly trades: number;
  readonly runs: number;
  /** Σ trade PnL. */
  readonly totalPnl: number;
  /**
   * P-value of the total PnL under the null hypothesis that each trade's PnL was as likely to
   * have the opposite sign: (1 + runs with a total ≥ the observed) / (1 + runs).
   */
  readonly pValue: number;
  /** Maximum drawdown (fraction of the peak) of the trades in the order they happened. */
  readonly maxDrawdown: number;
  /** Median and 95th percentile of the maximum drawdown over random orderings of the same trades. */
  readonly maxDrawdownMedian: number;
  readonly maxDrawdown95: number;
}

/**
 * A Monte-Carlo permutation test of a trade sequence (seeded, so reproducible):
 * - edge: each run flips the sign of every trade's PnL with probability ½ and sums; an edge that
 *   is luck is as likely to come out of that as the observed total (the p-value);
 * - path risk: each run shuffles the order of the trades (Fisher–Yates) and measures the maximum
 *   drawdown on `initialEquity`; the observed order is one path of many, the 95th percentile is
 *   what a user should be ready for.
 */
export function tradePermutationTest(
  pnls: ArrayLike<number>,
  options: TradePermutationOptions,
): TradePermutationResult {
  const { runs, initialEquity } = options;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be an integer >= 1, got ${runs}`);
  if (!(initialEquity > 0)) throw new RangeError(`initialEquity must be > 0, got ${initialEquity}`);
  const n = pnls.length;
  const order = Float64Array.from(pnls);
  let totalPnl = 0;
  for (let i = 0; i < n; i++) totalPnl += order[i];
  const random = new SeededRandom(options.seed);
  let atLeast = 0;
  const drawdowns = new Float64Array(runs);
  // Float error of a sum of n terms: a flipped sum equal to the observed one counts as "at least".
  const tolerance = 1e-9 * Math.max(1, Math.abs(totalPnl));
  for (let run = 0; run < runs; run++) {
    let flipped = 0;
    for (let i = 0; i < n; i++) flipped += random.next() < 0.5 ? -order[i] : order[i];
    if (flipped >= totalPnl - tolerance) atLeast++;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    drawdowns[run] = maxDrawdownOf(order, initialEquity);
  }
  drawdowns.sort();
  return {
    trades: n,
    runs,
    totalPnl,
    pValue: (1 + atLeast) / (1 + runs),
    maxDrawdown: maxDrawdownOf(pnls, initialEquity),
    maxDrawdownMedian: quantileOfSorted(drawdowns, 0.5),
    maxDrawdown95: quantileOfSorted(drawdowns, 0.95),
  };
}

/** Largest fall from a running peak of initialEquity + cumulative PnL, as a fraction of the peak. */
function maxDrawdownOf(pnls: ArrayLike<number>, initialEquity: number): number {
  let equity = initialEquity;
  let peak = initialEquity;
  let worst = 0;
  for (let i = 0; i < pnls.length; i++) {
    equity += pnls[i];
    if (equity > peak) peak = equity;
    const drawdown = (peak - equity) / peak;
    if (drawdown > worst) worst = drawdown;
  }
  return worst;
}

/** Linear-interpolated quantile q of an ascending array. */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
