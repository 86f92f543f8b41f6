import { requireConfidence } from './option-checks.ts';

export interface HistoricalRiskOptions {
  /** Confidence level α in (0, 1), e.g. 0.95 or 0.99. */
  readonly confidence: number;
}

/** Historical VaR and expected shortfall of a returns window, as positive losses in return units. */
export interface HistoricalRisk {
  /** −r₍k₎: the loss not exceeded with probability α (negative when even that return is a gain). */
  readonly valueAtRisk: number;
  /** −mean(r₍1₎ … r₍k₎): the mean loss of the k worst returns, ≥ valueAtRisk. */
  readonly expectedShortfall: number;
  /** k = ⌈n (1 − α)⌉ (at least 1): the number of returns in the tail. */
  readonly tailCount: number;
  /** n, the returns in the window. */
  readonly observations: number;
}

/**
 * Historical (empirical) VaR and expected shortfall at confidence α.
 *
 * Quantile convention: the lower order statistic, i.e. the inverse of the empirical distribution
 * function (Hyndman–Fan type 1), no interpolation. With returns sorted ascending r₍1₎ ≤ … ≤ r₍n₎ and
 * k = ⌈n (1 − α)⌉ (computed with a 1e-9 allowance so 500 × 0.01 is 5, not 6), VaR = −r₍k₎: for 500
 * returns at 99% the 5th-worst loss, as in Hull's historical simulation. ES = −(r₍1₎ + … + r₍k₎) / k,
 * the mean of the same k worst returns, so ES ≥ VaR. Multiply by the portfolio value for money.
 *
 * O(n) expected: a three-way-partition quickselect (robust to the many equal returns of 1-minute
 * bars) on a copy; the input is not modified. NaN anywhere throws a RangeError naming its index.
 */
export function historicalRisk(returns: ArrayLike<number>, options: HistoricalRiskOptions): HistoricalRisk {
  const confidence = requireConfidence('historicalRisk', options.confidence);
  const n = returns.length;
  if (n === 0) throw new RangeError('historicalRisk: the returns window is empty');
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    if (Number.isNaN(r)) throw new RangeError(`historicalRisk: return ${i} is NaN`);
    values[i] = r;
  }
  const k = Math.max(1, Math.ceil(n * (1 - confidence) - 1e-9));
  selectSmallest(values, k);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += values[i]!;
  return { valueAtRisk: -values[k - 1]!, expectedShortfall: -sum / k, tailCount: k, observations: n };
}

/** Historical VaR at confidence α (see `historicalRisk` for the convention), in return units. */
export function historicalValueAtRisk(returns: ArrayLike<number>, options: HistoricalRiskOptions): number {
  return historicalRisk(returns, options).valueAtRisk;
}

/** Historical expected shortfall at confidence α (see `historicalRisk`), in return units. */
export function historicalExpectedShortfall(returns: ArrayLike<number>, options: HistoricalRiskOptions): number {
  return historicalRisk(returns, options).expectedShortfall;
}

/**
 * Simple returns c_i / c_(i−1) − 1 of a close series: n − 1 values. A non-positive or NaN close
 * throws a RangeError naming its index.
 */
export function simpleReturns(closes: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, closes.length - 1));
  for (let i = 0; i < closes.length; i++) {
    const close = closes[i]!;
    if (!(close > 0)) throw new RangeError(`simpleReturns: close ${i} must be > 0, got ${close}`);
    if (i > 0) out[i - 1] = close / closes[i - 1]! - 1;
  }
  return out;
}

/**
 * Rearranges `values` so that values[0 … k−1] are its k smallest and values[k−1] is the k-th
 * smallest. Median-of-three pivot, three-way partition (ties do not degrade it).
 */
function selectSmallest(values: Float64Array, k: number): void {
  const target = k - 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = medianOfThree(values[lo]!, values[(lo + hi) >>> 1]!, values[hi]!);
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = values[i]!;
      if (v < pivot) {
        values[i] = values[lt]!;
        values[lt++] = v;
        i++;
      } else if (v > pivot) {
        values[i] = values[gt]!;
        values[gt--] = v;
      } else {
        i++;
      }
    }
    if (target < lt) hi = lt - 1;
    else if (target > gt) lo = gt + 1;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
