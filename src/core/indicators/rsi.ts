import { nanInputError, outputBuffer, requireInteger } from './indicator.ts';

/** TA-Lib's zero: a sum of averages below it counts as no movement at all. */
const EPSILON = 1e-14;

export interface RsiOptions {
  /** Bars in Wilder's averages of gains and losses; at least 2 (TA-Lib's minimum). */
  readonly period: number;
}

/** Index of the first RSI value: `period` (one bar more than the window, for the first change). */
export function rsiLookback(options: RsiOptions): number {
  return options.period;
}

function validate(options: RsiOptions): number {
  return requireInteger('rsi', 'period', options.period, 2);
}

/**
 * Relative strength index (Wilder), 0–100, exactly as TA-Lib's RSI with no unstable period: the
 * first average gain and average loss are simple averages of the first `period` price changes
 * (value at bar `period`), then each is smoothed as avg ← (avg·(period − 1) + change) / period.
 * RSI = 100 · avgGain / (avgGain + avgLoss).
 *
 * When avgGain + avgLoss is below TA-Lib's epsilon, 1e-14 (a flat market since the start, or one
 * flat long enough for both averages to decay that far), the value is 0, exactly as TA-Lib
 * (TradingView's `ta.rsi` shows 100 for a flat start and keeps the last ratio while the averages
 * decay). The epsilon is absolute, in price units: rescale series priced below about 1e-8 before
 * taking their RSI. O(1) per update, no allocation.
 */
export class Rsi {
  readonly period: number;
  private count = 0;
  private previous = 0;
  private gain = 0;
  private loss = 0;
  value = Number.NaN;

  constructor(options: RsiOptions) {
    this.period = validate(options);
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('rsi');
    const change = input - this.previous;
    this.previous = input;
    const period = this.period;
    if (this.count > period) {
      const gain = (this.gain * (period - 1) + Math.max(change, 0)) / period;
      const loss = (this.loss * (period - 1) + Math.max(-change, 0)) / period;
      this.gain = gain;
      this.loss = loss;
      const total = gain + loss;
      this.value = total < EPSILON ? 0 : 100 * (gain / total);
    } else if (this.count++ > 0) {
      // Seed: sums of the first `period` gains and losses, averaged once complete.
      this.gain += Math.max(change, 0);
      this.loss += Math.max(-change, 0);
      if (this.count > period) {
        const gain = this.gain / period;
        const loss = this.loss / period;
        this.gain = gain;
        this.loss = loss;
        const total = gain + loss;
        this.value = total < EPSILON ? 0 : 100 * (gain / total);
      }
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.previous = 0;
    this.gain = 0;
    this.loss = 0;
    this.value = Number.NaN;
  }
}

/** Batch RSI over `values`; NaN before `rsiLookback(options)`. Writes into `out` when given. */
export function rsi(values: Float64Array, options: RsiOptions, out?: Float64Array): Float64Array {
  const period = validate(options);
  const length = values.length;
  const result = outputBuffer('rsi', length, out);
  const seedEnd = Math.min(period, length - 1);
  let previous = length > 0 ? values[0]! : 0;
  if (Number.isNaN(previous)) throw nanInputError('rsi', 0);
  let gain = 0;
  let loss = 0;
  if (length > 0) result[0] = Number.NaN;
  for (let i = 1; i <= seedEnd; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('rsi', i);
    const change = x - previous;
    previous = x;
    gain += Math.max(change, 0);
    loss += Math.max(-change, 0);
    result[i] = Number.NaN;
  }
  if (seedEnd < period) return result;
  gain /= period;
  loss /= period;
  let total = gain + loss;
  result[period] = total < EPSILON ? 0 : 100 * (gain / total);
  const keep = period - 1;
  for (let i = period + 1; i < length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('rsi', i);
    const change = x - previous;
    previous = x;
    gain = (gain * keep + Math.max(change, 0)) / period;
    loss = (loss * keep + Math.max(-change, 0)) / period;
    total = gain + loss;
    result[i] = total < EPSILON ? 0 : 100 * (gain / total);
  }
  return result;
}
