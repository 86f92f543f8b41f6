import { nanInputError, outputBuffer, requireInteger } from './indicator.ts';

export interface DemaOptions {
  /** Period of both exponential averages, ≥ 1; α = 2 / (period + 1). */
  readonly period: number;
}

/** Index of the first DEMA value: 2 × (period − 1), TA-Lib's DEMA lookback. */
export function demaLookback(options: DemaOptions): number {
  return 2 * (options.period - 1);
}

/**
 * Double exponential moving average (Mulloy), as TA-Lib's DEMA: 2·EMA1 − EMA2, where EMA1 is the
 * EMA of the input and EMA2 the EMA of EMA1, both with α = 2 / (period + 1) and each seeded with the
 * simple average of its first `period` inputs (EMA1 from bar period − 1, EMA2 from bar
 * 2·(period − 1)). TradingView's `ta.dema` seeds each EMA with its first input instead, so early
 * values differ. O(1) per update, no allocation.
 */
export class Dema {
  readonly period: number;
  private readonly alpha: number;
  private count1 = 0;
  private sum1 = 0;
  private ema1 = Number.NaN;
  private count2 = 0;
  private sum2 = 0;
  private ema2 = Number.NaN;
  value = Number.NaN;

  constructor(options: DemaOptions) {
    this.period = requireInteger('dema', 'period', options.period);
    this.alpha = 2 / (this.period + 1);
  }

  get isReady(): boolean {
    return this.count2 >= this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('dema');
    const period = this.period;
    if (this.count1 < period) {
      this.sum1 += input;
      if (++this.count1 < period) return this.value;
      this.ema1 = this.sum1 / period;
    } else {
      this.ema1 += this.alpha * (input - this.ema1);
    }
    if (this.count2 < period) {
      this.sum2 += this.ema1;
      if (++this.count2 < period) return this.value;
      this.ema2 = this.sum2 / period;
    } else {
      this.ema2 += this.alpha * (this.ema1 - this.ema2);
    }
    this.value = 2 * this.ema1 - this.ema2;
    return this.value;
  }

  reset(): void {
    this.count1 = 0;
    this.sum1 = 0;
    this.ema1 = Number.NaN;
    this.count2 = 0;
    this.sum2 = 0;
    this.ema2 = Number.NaN;
    this.value = Number.NaN;
  }
}

/**
 * Batch DEMA over `values`; NaN before `demaLookback(options)`. Writes into `out` when given. Same
 * arithmetic, in the same order, as `Dema`.
 */
export function dema(values: Float64Array, options: DemaOptions, out?: Float64Array): Float64Array {
  const period = requireInteger('dema', 'period', options.period);
  const alpha = 2 / (period + 1);
  const length = values.length;
  const result = outputBuffer('dema', length, out);
  let count1 = 0;
  let sum1 = 0;
  let ema1 = 0;
  let count2 = 0;
  let sum2 = 0;
  let ema2 = 0;
  for (let i = 0; i < length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('dema', i);
    if (count2 === period) {
      ema1 += alpha * (x - ema1);
      ema2 += alpha * (ema1 - ema2);
      result[i] = 2 * ema1 - ema2;
      continue;
    }
    result[i] = Number.NaN;
    if (count1 < period) {
      sum1 += x;
      if (++count1 < period) continue;
      ema1 = sum1 / period;
    } else {
      ema1 += alpha * (x - ema1);
    }
    sum2 += ema1;
    if (++count2 < period) continue;
    ema2 = sum2 / period;
    result[i] = 2 * ema1 - ema2;
  }
  return result;
}
