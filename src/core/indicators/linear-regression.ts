import { driveStreaming } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface LinearRegressionOptions {
  /** Values the least-squares line is fitted to, ≥ 2. */
  readonly period: number;
}

/** The fitted line at the current bar and its slope per bar. */
export interface LinearRegressionOutput {
  /** The line's value at the current (newest) bar: TA-Lib's LINEARREG. */
  readonly value: Float64Array;
  /** Change of the line per bar, in input units: TA-Lib's LINEARREG_SLOPE. */
  readonly slope: Float64Array;
}

/** Index of the first regression value: period − 1 (TA-Lib's LINEARREG lookback). */
export function linearRegressionLookback(options: LinearRegressionOptions): number {
  return options.period - 1;
}

/**
 * Least-squares line through the last `period` values against their bar positions, as TA-Lib's
 * LINEARREG (`value`, the line at the newest bar, TradingView's `ta.linreg(x, n, 0)`) and
 * LINEARREG_SLOPE (`slope`). Kept in O(1) per update with positions centred on the window and values
 * taken relative to a reference price re-chosen at every exact recomputation (when the window fills,
 * then every `resyncInterval(period)` updates): the sums stay small, so prices near 40,000 lose no
 * digits and nothing drifts. Constant input gives slope 0 and value = the input. No allocation after
 * construction; callers reject NaN before `push`.
 */
export class LinearRegressionKernel {
  readonly period: number;
  private readonly window: Float64Array;
  private readonly centre: number;
  /** Σ(k − centre)² over positions k = 0 … period − 1. */
  private readonly spread: number;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest value. */
  private index = 0;
  private count = 0;
  private untilResync: number;
  /** The reference the sums are taken relative to. */
  private base = 0;
  /** Σ(x − base) over the window. */
  private sum = 0;
  /** Σ(k − centre)(x(k) − base), k = 0 for the oldest value. */
  private moment = 0;
  value = Number.NaN;
  slope = Number.NaN;

  constructor(period: number) {
    this.period = period;
    this.window = new Float64Array(period);
    this.centre = (period - 1) / 2;
    this.spread = (period * (period * period - 1)) / 12;
    this.resyncEvery = resyncInterval(period);
    this.untilResync = this.resyncEvery;
  }

  get isFull(): boolean {
    return this.count >= this.period;
  }

  /** Adds `x` (not NaN), dropping the oldest value once the window is full; returns `isFull`. */
  push(x: number): boolean {
    const period = this.period;
    const window = this.window;
    const old = window[this.index]!;
    window[this.index] = x;
    this.index = this.index + 1 === period ? 0 : this.index + 1;
    if (this.count < period) {
      if (++this.count < period) return false;
      this.recompute(x);
    } else if (--this.untilResync === 0) {
      this.recompute(x);
      this.untilResync = this.resyncEvery;
    } else {
      const entering = x - this.base;
      const leaving = old - this.base;
      this.sum += entering - leaving;
      this.moment += this.centre * leaving + (period - this.centre) * entering - this.sum;
    }
    this.slope = this.moment / this.spread;
    this.value = this.base + this.sum / period + this.slope * this.centre;
    return true;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.untilResync = this.resyncEvery;
    this.base = 0;
    this.sum = 0;
    this.moment = 0;
    this.value = Number.NaN;
    this.slope = Number.NaN;
  }

  private recompute(newest: number): void {
    const period = this.period;
    const window = this.window;
    this.base = newest;
    let sum = 0;
    let moment = 0;
    for (let k = 0, slot = this.index; k < period; k++, slot = slot + 1 === period ? 0 : slot + 1) {
      const d = window[slot]! - newest;
      sum += d;
      moment += (k - this.centre) * d;
    }
    this.sum = sum;
    this.moment = moment;
  }
}

/** Streaming linear regression: outputs `value` and `slope` (see `LinearRegressionKernel`). */
export class LinearRegression {
  readonly period: number;
  private readonly kernel: LinearRegressionKernel;
  value = Number.NaN;
  slope = Number.NaN;

  constructor(options: LinearRegressionOptions) {
    this.period = requireInteger('linreg', 'period', options.period, 2);
    this.kernel = new LinearRegressionKernel(this.period);
  }

  get isReady(): boolean {
    return this.kernel.isFull;
  }

  update(input: number): this {
    if (Number.isNaN(input)) throw nanInputError('linreg');
    if (this.kernel.push(input)) {
      this.value = this.kernel.value;
      this.slope = this.kernel.slope;
    }
    return this;
  }

  reset(): void {
    this.kernel.reset();
    this.value = Number.NaN;
    this.slope = Number.NaN;
  }
}

/**
 * Batch linear regression over `values`; both outputs NaN before `linearRegressionLookback(options)`.
 * Writes into `out`'s arrays when given. Drives one `LinearRegression`: the same arithmetic.
 */
export function linearRegression(
  values: Float64Array,
  options: LinearRegressionOptions,
  out?: Partial<LinearRegressionOutput>,
): LinearRegressionOutput {
  const outputs = ['value', 'slope'] as const;
  return driveStreaming(new LinearRegression(options), { name: 'linreg', columns: { input: values }, outputs, out });
}
