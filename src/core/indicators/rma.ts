import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';

export interface RmaOptions {
  /** Smoothing period, ≥ 1; α = 1 / period. */
  readonly period: number;
}

/** Index of the first RMA value: period − 1. */
export function rmaLookback(options: RmaOptions): number {
  return options.period - 1;
}

/**
 * Wilder's moving average (RMA, SMMA): an exponential average with α = 1 / period, seeded with the
 * simple average of the first `period` inputs at bar period − 1 — the smoothing TA-Lib applies inside
 * RSI, ATR and ADX. TradingView's `ta.rma` uses the same seed; Tulip's `wilders` too. O(1) per update,
 * no allocation.
 */
export class Rma {
  readonly period: number;
  private readonly alpha: number;
  private count = 0;
  private sum = 0;
  value = Number.NaN;

  constructor(options: RmaOptions) {
    this.period = requireInteger('rma', 'period', options.period);
    this.alpha = 1 / this.period;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('rma');
    if (this.count >= this.period) {
      this.value += this.alpha * (input - this.value);
    } else {
      this.sum += input;
      if (++this.count === this.period) this.value = this.sum / this.period;
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}

/**
 * Batch RMA over `values`; NaN before `rmaLookback(options)`. Writes into `out` when given. Drives
 * one `Rma`, so both forms are the same arithmetic.
 */
export function rma(values: Float64Array, options: RmaOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Rma(options), { name: 'rma', columns: { input: values }, out });
}
