import { driveStreamingValue } from './drive-streaming.ts';
import { Ema } from './ema.ts';
import { nanInputError, requireInteger } from './indicator.ts';

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
 * values differ. Both are `Ema`s (the EMA indicator's arithmetic). O(1) per update, no allocation.
 */
export class Dema {
  readonly period: number;
  private readonly ema1: Ema;
  private readonly ema2: Ema;
  value = Number.NaN;

  constructor(options: DemaOptions) {
    this.period = requireInteger('dema', 'period', options.period);
    this.ema1 = new Ema({ period: this.period });
    this.ema2 = new Ema({ period: this.period });
  }

  get isReady(): boolean {
    return this.ema2.isReady;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('dema');
    const ema1 = this.ema1.update(input);
    if (!this.ema1.isReady) return this.value;
    const ema2 = this.ema2.update(ema1);
    if (this.ema2.isReady) this.value = 2 * ema1 - ema2;
    return this.value;
  }

  reset(): void {
    this.ema1.reset();
    this.ema2.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch DEMA over `values`; NaN before `demaLookback(options)`. Writes into `out` when given. Drives
 * one `Dema`, so both forms are the same arithmetic.
 */
export function dema(values: Float64Array, options: DemaOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Dema(options), { name: 'dema', columns: { input: values }, out });
}
