import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

/**
 * Which variance: `population` divides the sum of squared deviations by period (TA-Lib's VAR and
 * STDDEV, Bollinger bands, TradingView's `ta.stdev` with biased=true); `sample` by period − 1
 * (Bessel's correction: pandas' default, spreadsheets' STDEV/VAR).
 */
export const VarianceEstimator = { Population: 'population', Sample: 'sample' } as const;
export type VarianceEstimator = (typeof VarianceEstimator)[keyof typeof VarianceEstimator];

export interface VarianceOptions {
  /** Values in the window, ≥ 2. */
  readonly period: number;
  readonly estimator?: VarianceEstimator;
}

/** Index of the first variance value: period − 1 (TA-Lib's VAR lookback). */
export function varianceLookback(options: VarianceOptions): number {
  return options.period - 1;
}

/** Validates variance-style options for `indicator`; returns the divisor of the sum of squares. */
export function varianceDivisor(indicator: string, options: VarianceOptions): number {
  const period = requireInteger(indicator, 'period', options.period, 2);
  const estimator = options.estimator ?? VarianceEstimator.Population;
  if (estimator !== VarianceEstimator.Population && estimator !== VarianceEstimator.Sample)
    throw new RangeError(`${indicator}: estimator must be 'population' or 'sample', got ${String(estimator)}`);
  return estimator === VarianceEstimator.Sample ? period - 1 : period;
}

/**
 * Fraction of its recent peak below which a rolling sum of squares is recomputed: by then the sliding
 * update's rounding error (relative to the peak) has grown 1024-fold relative to the sum.
 */
export const PRECISION_LOSS = 1 / 1024;

/**
 * The rolling mean and sum of squared deviations of the last `period` values, shared by variance,
 * standard deviation and z-score. Updated in O(1) with the sliding form of Welford's recurrence, every
 * term a product of deviations, so prices near 40,000 lose no digits to cancellation (unlike
 * Σx² − (Σx)²/n). The mean is kept as a base value (the newest input at the last recomputation) plus
 * the running sum of the window's offsets from it, so its rounding error scales with the offsets, not
 * with the price level. Everything is recomputed exactly (two-pass, corrected) when the window first
 * fills and every `resyncInterval(period)` updates after, so rounding cannot accumulate over a long
 * series. The sliding update's rounding error is absolute, of the order of the largest sum of squares
 * seen since the last recomputation, so when the sum falls below `PRECISION_LOSS` of that (a burst of
 * volatility has left the window) it is recomputed at once, within a budget of one recomputation
 * per `period` updates on average, so the cost stays O(1) amortised even for adversarial input. A
 * window of identical values is detected exactly (the run of equal inputs), and its sum of squares is
 * exactly zero. No allocation after construction; callers reject NaN before `push`.
 */
export class RollingMoments {
  readonly period: number;
  private readonly window: Float64Array;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest value. */
  private index = 0;
  private count = 0;
  /** Consecutive inputs equal to the newest one, the newest included. */
  private run = 0;
  private last = Number.NaN;
  private untilResync: number;
  private base = 0;
  /** Σ(x − base) over the window. */
  private offsets = 0;
  private squares = 0;
  /** Largest `squares` since the last recomputation. */
  private peak = 0;
  /** Updates banked for precision-loss recomputations (each costs `period`). */
  private credit = 0;
  /** Exact recomputations so far (window filled, scheduled, precision loss): a cost diagnostic. */
  recomputations = 0;

  constructor(period: number) {
    this.period = period;
    this.window = new Float64Array(period);
    this.resyncEvery = resyncInterval(period);
    this.untilResync = this.resyncEvery;
  }

  get isFull(): boolean {
    return this.count >= this.period;
  }

  /** Mean of the window, once full. */
  get mean(): number {
    return this.base + this.offsets / this.period;
  }

  /** x − mean, computed from offsets so it keeps its digits at high price levels. */
  deviation(x: number): number {
    return x - this.base - this.offsets / this.period;
  }

  /** Σ(x − mean)² over the window: exactly 0 when all values are equal, never negative. */
  get sumOfSquares(): number {
    return this.run >= this.period || this.squares <= 0 ? 0 : this.squares;
  }

  /** Adds `x` (not NaN), dropping the oldest value once the window is full; returns `isFull`. */
  push(x: number): boolean {
    const period = this.period;
    const window = this.window;
    this.run = x === this.last ? this.run + 1 : 1;
    this.last = x;
    const old = window[this.index]!;
    window[this.index] = x;
    this.index = this.index + 1 === period ? 0 : this.index + 1;
    if (this.count < period) {
      if (++this.count < period) return false;
      this.recompute(x);
      this.credit = period;
      return true;
    }
    if (this.credit < 4 * period) this.credit++;
    if (--this.untilResync === 0) {
      this.recompute(x);
      this.untilResync = this.resyncEvery;
      return true;
    }
    const base = this.base;
    const offsets = this.offsets + (x - old);
    const entering = x - base - offsets / period;
    const leaving = old - base - this.offsets / period;
    this.squares += (x - old) * (entering + leaving);
    this.offsets = offsets;
    if (this.squares > this.peak) {
      this.peak = this.squares;
    } else if (this.squares < this.peak * PRECISION_LOSS && this.credit >= period) {
      this.recompute(x);
      this.credit -= period;
    }
    return true;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.run = 0;
    this.last = Number.NaN;
    this.untilResync = this.resyncEvery;
    this.base = 0;
    this.offsets = 0;
    this.squares = 0;
    this.peak = 0;
    this.credit = 0;
    this.recomputations = 0;
  }

  private recompute(newest: number): void {
    const period = this.period;
    const window = this.window;
    let offsets = 0;
    for (let k = 0; k < period; k++) offsets += window[k]! - newest;
    const shift = offsets / period;
    let squares = 0;
    let residual = 0;
    for (let k = 0; k < period; k++) {
      const d = window[k]! - newest - shift;
      squares += d * d;
      residual += d;
    }
    this.base = newest;
    this.offsets = offsets;
    this.squares = squares - (residual * residual) / period;
    this.peak = this.squares;
    this.recomputations++;
  }
}

/**
 * Rolling variance of the last `period` values, as TA-Lib's VAR with the default population
 * estimator (`sample` divides by period − 1). TA-Lib computes E[x²] − E[x]² from running sums, which
 * loses about half the significant digits for prices near 40,000 and drifts over long series; this
 * one uses `RollingMoments` (sliding Welford, exact recomputation at fixed intervals) and is exact to
 * rounding. Identical values give exactly 0. O(1) per update, no allocation after construction.
 */
export class Variance {
  readonly period: number;
  private readonly divisor: number;
  private readonly moments: RollingMoments;
  value = Number.NaN;

  constructor(options: VarianceOptions) {
    this.divisor = varianceDivisor('var', options);
    this.period = options.period;
    this.moments = new RollingMoments(this.period);
  }

  get isReady(): boolean {
    return this.moments.isFull;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('var');
    if (this.moments.push(input)) this.value = this.moments.sumOfSquares / this.divisor;
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch rolling variance over `values`; NaN before `varianceLookback(options)`. Writes into `out`
 * when given. Drives one `Variance`, so the two agree bit for bit.
 */
export function variance(values: Float64Array, options: VarianceOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Variance(options), { name: 'var', columns: { input: values }, out });
}
