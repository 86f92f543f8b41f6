import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface WmaOptions {
  /** Bars in the average, ≥ 1; the newest has weight `period`, the oldest weight 1. */
  readonly period: number;
}

/** Index of the first WMA value: period − 1 (TA-Lib's WMA lookback). */
export function wmaLookback(options: WmaOptions): number {
  return options.period - 1;
}

/**
 * Linearly weighted moving average, as TA-Lib's WMA: Σ k·x(k) / (period·(period + 1) / 2) over the
 * last `period` inputs, k = 1 for the oldest up to `period` for the newest. Two running sums (the
 * plain and the weighted one; each bar the weighted sum loses the plain sum and gains period × the
 * new input), both re-summed exactly every `resyncInterval(period)` updates so they cannot drift.
 * O(1) per update, no allocation after construction.
 */
export class Wma {
  readonly period: number;
  private readonly window: Float64Array;
  private readonly divisor: number;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest value. */
  private index = 0;
  private count = 0;
  private sum = 0;
  private weighted = 0;
  private untilResync: number;
  value = Number.NaN;

  constructor(options: WmaOptions) {
    this.period = requireInteger('wma', 'period', options.period);
    this.window = new Float64Array(this.period);
    this.divisor = (this.period * (this.period + 1)) / 2;
    this.resyncEvery = resyncInterval(this.period);
    this.untilResync = this.resyncEvery;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('wma');
    const period = this.period;
    const window = this.window;
    this.sum += input;
    window[this.index] = input;
    this.index = this.index + 1 === period ? 0 : this.index + 1;
    if (this.count < period) {
      this.weighted += ++this.count * input;
      if (this.count < period) return this.value;
    } else {
      this.weighted += period * input;
    }
    if (--this.untilResync === 0) {
      let sum = 0;
      let weighted = 0;
      let weight = 1;
      for (let k = this.index; k < period; k++, weight++) {
        sum += window[k]!;
        weighted += weight * window[k]!;
      }
      for (let k = 0; k < this.index; k++, weight++) {
        sum += window[k]!;
        weighted += weight * window[k]!;
      }
      this.sum = sum;
      this.weighted = weighted;
      this.untilResync = this.resyncEvery;
    }
    this.value = this.weighted / this.divisor;
    this.weighted -= this.sum;
    this.sum -= window[this.index]!;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.weighted = 0;
    this.untilResync = this.resyncEvery;
    this.value = Number.NaN;
  }
}

/**
 * Batch WMA over `values`; NaN before `wmaLookback(options)`. Writes into `out` when given. Drives
 * one `Wma`, so both forms are the same arithmetic.
 */
export function wma(values: Float64Array, options: WmaOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Wma(options), { name: 'wma', columns: { input: values }, out });
}
