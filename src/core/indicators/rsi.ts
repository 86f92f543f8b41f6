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
 * Relative strength index (Wilder), 0–100, as TA-Lib's RSI with no unstable period: the
 * first average gain and average loss are simple averages of the first `period` price changes
 * (value at bar `period`), then each is smoothed as avg ← avg·(period − 1)/period + change/period
 * (TA-Lib divides (avg·(period − 1) + change) by period; multiplying instead keeps a division off
 * the loop's dependency chain and differs by rounding only, ~1e-15 relative).
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
  private readonly keep: number;
  private readonly take: number;
  private count = 0;
  private previous = 0;
  private gain = 0;
  private loss = 0;
  value = Number.NaN;

  constructor(options: RsiOptions) {
    this.period = validate(options);
    this.keep = (this.period - 1) / this.period;
    this.take = 0.5 / this.period;
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
      const size = Math.abs(change);
      const gain = this.gain * this.keep + (size + change) * this.take;
      const loss = this.loss * this.keep + (size - change) * this.take;
      this.gain = gain;
      this.loss = loss;
      const total = gain + loss;
      this.value = total < EPSILON ? 0 : 100 * (gain / total);
    } else if (this.count++ > 0) {
      // Seed: sums of the first `period` gains and losses, averaged once complete.
      const size = Math.abs(change);
      this.gain += (size + change) * 0.5;
      this.loss += (size - change) * 0.5;
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
    const size = Math.abs(change);
    gain += (size + change) * 0.5;
    loss += (size - change) * 0.5;
    result[i] = Number.NaN;
  }
  if (seedEnd < period) return result;
  gain /= period;
  loss /= period;
  let total = gain + loss;
  result[period] = total < EPSILON ? 0 : 100 * (gain / total);
  const keep = (period - 1) / period;
  const take = 0.5 / period;
  // Only locals in the loop (V8 reloads a module constant on every pass) and the throw after it
  // (a call inside would push the loop's state out of registers): together 1.6-1.7× faster.
  const epsilon = EPSILON;
  let nanAt = -1;
  for (let i = period + 1; i < length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) {
      nanAt = i;
      break;
    }
    const change = x - previous;
    previous = x;
    const size = Math.abs(change);
    gain = gain * keep + (size + change) * take;
    loss = loss * keep + (size - change) * take;
    total = gain + loss;
    result[i] = total < epsilon ? 0 : 100 * (gain / total);
  }
  if (nanAt >= 0) throw nanInputError('rsi', nanAt);
  return result;
}
