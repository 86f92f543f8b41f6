import { nanInputError, outputBuffer, requireInteger } from './indicator.ts';

export interface TemaOptions {
  /** Period of the three exponential averages, ≥ 1; α = 2 / (period + 1). */
  readonly period: number;
}

/** Index of the first TEMA value: 3 × (period − 1), TA-Lib's TEMA lookback. */
export function temaLookback(options: TemaOptions): number {
  return 3 * (options.period - 1);
}

/**
 * Triple exponential moving average (Mulloy), as TA-Lib's TEMA: 3·EMA1 − 3·EMA2 + EMA3, each EMA
 * the EMA of the previous one (EMA1 of the input), α = 2 / (period + 1), each seeded with the simple
 * average of its first `period` inputs; EMA3 starts at bar 3·(period − 1). TradingView's `ta.tema`
 * seeds with first inputs instead, so early values differ. O(1) per update, no allocation.
 */
export class Tema {
  readonly period: number;
  private readonly alpha: number;
  private count1 = 0;
  private sum1 = 0;
  private ema1 = Number.NaN;
  private count2 = 0;
  private sum2 = 0;
  private ema2 = Number.NaN;
  private count3 = 0;
  private sum3 = 0;
  private ema3 = Number.NaN;
  value = Number.NaN;

  constructor(options: TemaOptions) {
    this.period = requireInteger('tema', 'period', options.period);
    this.alpha = 2 / (this.period + 1);
  }

  get isReady(): boolean {
    return this.count3 >= this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('tema');
    const period = this.period;
    const alpha = this.alpha;
    if (this.count1 < period) {
      this.sum1 += input;
      if (++this.count1 < period) return this.value;
      this.ema1 = this.sum1 / period;
    } else {
      this.ema1 += alpha * (input - this.ema1);
    }
    if (this.count2 < period) {
      this.sum2 += this.ema1;
      if (++this.count2 < period) return this.value;
      this.ema2 = this.sum2 / period;
    } else {
      this.ema2 += alpha * (this.ema1 - this.ema2);
    }
    if (this.count3 < period) {
      this.sum3 += this.ema2;
      if (++this.count3 < period) return this.value;
      this.ema3 = this.sum3 / period;
    } else {
      this.ema3 += alpha * (this.ema2 - this.ema3);
    }
    this.value = this.ema3 + (3 * this.ema1 - 3 * this.ema2);
    return this.value;
  }

  reset(): void {
    this.count1 = 0;
    this.sum1 = 0;
    this.ema1 = Number.NaN;
    this.count2 = 0;
    this.sum2 = 0;
    this.ema2 = Number.NaN;
    this.count3 = 0;
    this.sum3 = 0;
    this.ema3 = Number.NaN;
    this.value = Number.NaN;
  }
}

/**
 * Batch TEMA over `values`; NaN before `temaLookback(options)`. Writes into `out` when given. Same
 * arithmetic, in the same order, as `Tema`.
 */
export function tema(values: Float64Array, options: TemaOptions, out?: Float64Array): Float64Array {
  const period = requireInteger('tema', 'period', options.period);
  const alpha = 2 / (period + 1);
  const length = values.length;
  const result = outputBuffer('tema', length, out);
  let count1 = 0;
  let sum1 = 0;
  let ema1 = 0;
  let count2 = 0;
  let sum2 = 0;
  let ema2 = 0;
  let count3 = 0;
  let sum3 = 0;
  let ema3 = 0;
  for (let i = 0; i < length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('tema', i);
    if (count3 === period) {
      ema1 += alpha * (x - ema1);
      ema2 += alpha * (ema1 - ema2);
      ema3 += alpha * (ema2 - ema3);
      result[i] = ema3 + (3 * ema1 - 3 * ema2);
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
    if (count2 < period) {
      sum2 += ema1;
      if (++count2 < period) continue;
      ema2 = sum2 / period;
    } else {
      ema2 += alpha * (ema1 - ema2);
    }
    sum3 += ema2;
    if (++count3 < period) continue;
    ema3 = sum3 / period;
    result[i] = ema3 + (3 * ema1 - 3 * ema2);
  }
  return result;
}
