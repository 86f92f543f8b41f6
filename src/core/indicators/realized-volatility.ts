import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger, requireNumber } from './indicator.ts';

/**
 * How volatility is estimated from each bar. `close`: close-to-close log returns. `parkinson`: the
 * high–low range (about 5× as efficient for a driftless diffusion, biased low by discrete
 * sampling). `garman_klass`: range plus open-to-close move (about 7× as efficient; ignores
 * overnight gaps between one close and the next open).
 */
export const RealizedVolatilityEstimator = {
  Close: 'close',
  Parkinson: 'parkinson',
  GarmanKlass: 'garman_klass',
} as const;
export type RealizedVolatilityEstimator =
  (typeof RealizedVolatilityEstimator)[keyof typeof RealizedVolatilityEstimator];

export interface RealizedVolatilityOptions {
  /** Terms in the window (returns for `close`, bars otherwise), ≥ 2. */
  readonly period: number;
  /** `close` when omitted. */
  readonly estimator?: RealizedVolatilityEstimator;
  /** Bars per year to annualise with (× √periodsPerYear), ≥ 1; 1 (the default) = per-bar volatility. */
  readonly periodsPerYear?: number;
}

/**
 * Index of the first value: `period` for `close` (period returns need period + 1 closes),
 * period − 1 for `parkinson` and `garman_klass` (each bar is a term by itself).
 */
export function realizedVolatilityLookback(options: RealizedVolatilityOptions): number {
  return (options.estimator ?? RealizedVolatilityEstimator.Close) === RealizedVolatilityEstimator.Close
    ? options.period
    : options.period - 1;
}

const LN2 = Math.LN2;
/** Garman–Klass weight of the squared open-to-close log move. */
const GK_CLOSE_WEIGHT = 2 * LN2 - 1;

interface Validated {
  readonly period: number;
  readonly kind: 0 | 1 | 2;
  readonly scale: number;
}

function validate(options: RealizedVolatilityOptions): Validated {
  const period = requireInteger('rv', 'period', options.period, 2);
  const estimator = options.estimator ?? RealizedVolatilityEstimator.Close;
  const kind =
    estimator === RealizedVolatilityEstimator.Close
      ? 0
      : estimator === RealizedVolatilityEstimator.Parkinson
        ? 1
        : estimator === RealizedVolatilityEstimator.GarmanKlass
          ? 2
          : -1;
  if (kind < 0)
    throw new RangeError(`rv: estimator must be 'close', 'parkinson' or 'garman_klass', got ${String(estimator)}`);
  const scale = Math.sqrt(requireNumber('rv', 'periodsPerYear', options.periodsPerYear ?? 1, 1));
  return { period, kind: kind as 0 | 1 | 2, scale };
}

/**
 * ln(a / b), or 0 when either price is not positive (the log is undefined: such a bar contributes
 * a zero return or range). Falls back to ln a − ln b when the ratio overflows or underflows.
 */
function logRatio(a: number, b: number): number {
  if (!(a > 0 && b > 0)) return 0;
  const ratio = a / b;
  return ratio > 0 && ratio < Number.POSITIVE_INFINITY ? Math.log(ratio) : Math.log(a) - Math.log(b);
}

/** The volatility from the window's mean and sum of squared deviations, variance clamped at 0. */
function volatility(kind: 0 | 1 | 2, mean: number, squares: number, period: number, scale: number): number {
  const variance = kind === 0 ? squares / (period - 1) : kind === 1 ? mean / (4 * LN2) : mean;
  return variance > 0 ? Math.sqrt(variance) * scale : 0;
}

/**
 * Terms between exact recomputations of the window's moments: one window. Rounding left by terms
 * that have since left the window lives at most one more window, so a calm window after a violent
 * one is accurate again; the two passes cost about 2 operations per update, amortised.
 */
function resyncInterval(period: number): number {
  return period;
}

/**
 * Rolling realised volatility of the last `period` terms, in log-return units per bar, × √periodsPerYear:
 * - `close`: sample standard deviation (n − 1) of r = ln(close / previous close);
 * - `parkinson`: √(Σ ln(high/low)² / (4 ln 2 · period));
 * - `garman_klass`: √(Σ [½ ln(high/low)² − (2 ln 2 − 1) ln(close/open)²] / period).
 *
 * A log with a non-positive price is taken as 0 (zero return, zero range), so all-zero prices give
 * 0; a window whose terms are all exactly 0 (constant prices) gives exactly 0; a negative variance
 * (rounding, or Garman–Klass on inconsistent bars with |ln(close/open)| > ln(high/low)) is clamped
 * to 0. The window's mean and sum of squared deviations are updated in O(1) (Welford's update for
 * a sliding window, free of the cancellation in Σx² − (Σx)²/n) and recomputed exactly, in two
 * passes, every `period` terms, so they do not drift. TA-Lib
 * has no such indicator. Reads close (`close` estimator), or open, high, low and close.
 */
export class RealizedVolatility {
  readonly period: number;
  readonly estimator: RealizedVolatilityEstimator;
  private readonly kind: 0 | 1 | 2;
  private readonly scale: number;
  private readonly interval: number;
  private readonly terms: Float64Array;
  private index = 0;
  /** Terms in the window (saturates at period). */
  private count = 0;
  private bars = 0;
  private previousClose = 0;
  private untilResync: number;
  private mean = 0;
  private squares = 0;
  private nonZero = 0;
  value = Number.NaN;

  constructor(options: RealizedVolatilityOptions) {
    const { period, kind, scale } = validate(options);
    this.period = period;
    this.estimator = options.estimator ?? RealizedVolatilityEstimator.Close;
    this.kind = kind;
    this.scale = scale;
    this.interval = resyncInterval(period);
    this.untilResync = this.interval;
    this.terms = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(bar: BarInput): number {
    const close = bar.close;
    if (Number.isNaN(close)) throw nanInputError('rv', undefined, 'close');
    let term: number;
    if (this.kind === 0) {
      const previous = this.previousClose;
      this.previousClose = close;
      if (this.bars++ === 0) return this.value;
      term = logRatio(close, previous);
    } else {
      const { open, high, low } = bar;
      if (Number.isNaN(open)) throw nanInputError('rv', undefined, 'open');
      if (Number.isNaN(high)) throw nanInputError('rv', undefined, 'high');
      if (Number.isNaN(low)) throw nanInputError('rv', undefined, 'low');
      const range = logRatio(high, low);
      if (this.kind === 1) {
        term = range * range;
      } else {
        const move = logRatio(close, open);
        term = 0.5 * range * range - GK_CLOSE_WEIGHT * move * move;
      }
    }
    const period = this.period;
    const slot = this.index;
    const mean = this.mean;
    if (this.count >= period) {
      const leaving = this.terms[slot]!;
      this.mean = mean + (term - leaving) / period;
      this.squares += (term - leaving) * (term - this.mean + leaving - mean);
      if (leaving !== 0) this.nonZero--;
    } else {
      this.mean = mean + (term - mean) / ++this.count;
      this.squares += (term - mean) * (term - this.mean);
    }
    this.terms[slot] = term;
    if (term !== 0) this.nonZero++;
    this.index = slot + 1 === period ? 0 : slot + 1;
    if (--this.untilResync === 0) this.resum();
    if (this.count < period) return this.value;
    this.value = this.nonZero === 0 ? 0 : volatility(this.kind, this.mean, this.squares, period, this.scale);
    return this.value;
  }

  reset(): void {
    this.terms.fill(0);
    this.index = 0;
    this.count = 0;
    this.bars = 0;
    this.previousClose = 0;
    this.untilResync = this.interval;
    this.mean = 0;
    this.squares = 0;
    this.nonZero = 0;
    this.value = Number.NaN;
  }

  /** Exact two-pass recomputation of the window's mean and sum of squared deviations, in slot order. */
  private resum(): void {
    this.untilResync = this.interval;
    const terms = this.terms;
    const period = this.period;
    let sum = 0;
    for (let k = 0; k < period; k++) sum += terms[k]!;
    const mean = sum / period;
    let squares = 0;
    for (let k = 0; k < period; k++) {
      const deviation = terms[k]! - mean;
      squares += deviation * deviation;
    }
    this.mean = mean;
    this.squares = squares;
  }
}

/**
 * Batch realised volatility; NaN before `realizedVolatilityLookback(options)`. Reads `open`,
 * `high` and `low` only for the range estimators. Writes into `out` when given.
 */
export function realizedVolatility(
  bars: Pick<BarColumns, 'open' | 'high' | 'low' | 'close'>,
  options: RealizedVolatilityOptions,
  out?: Float64Array,
): Float64Array {
  const { kind } = validate(options);
  const { open, high, low, close } = bars;
  const columns = kind === 0 ? { close } : { close, open, high, low };
  return driveStreamingValue(new RealizedVolatility(options), { name: 'rv', columns, out });
}
