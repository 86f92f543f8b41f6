import { driveStreamingValue } from './drive-streaming.ts';
import { Ema } from './ema.ts';
import { nanInputError, requireInteger } from './indicator.ts';

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
 * seeds with first inputs instead, so early values differ. All three are `Ema`s (the EMA indicator's
 * arithmetic). O(1) per update, no allocation.
 */
export class Tema {
  readonly period: number;
  private readonly ema1: Ema;
  private readonly ema2: Ema;
  private readonly ema3: Ema;
  value = Number.NaN;

  constructor(options: TemaOptions) {
    this.period = requireInteger('tema', 'period', options.period);
    this.ema1 = new Ema({ period: this.period });
    this.ema2 = new Ema({ period: this.period });
    this.ema3 = new Ema({ period: this.period });
  }

  get isReady(): boolean {
    return this.ema3.isReady;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('tema');
    const ema1 = this.ema1.update(input);
    if (!this.ema1.isReady) return this.value;
    const ema2 = this.ema2.update(ema1);
    if (!this.ema2.isReady) return this.value;
    const ema3 = this.ema3.update(ema2);
    if (this.ema3.isReady) this.value = ema3 + (3 * ema1 - 3 * ema2);
    return this.value;
  }

  reset(): void {
    this.ema1.reset();
    this.ema2.reset();
    this.ema3.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch TEMA over `values`; NaN before `temaLookback(options)`. Writes into `out` when given. Drives
 * one `Tema`, so both forms are the same arithmetic.
 */
export function tema(values: Float64Array, options: TemaOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Tema(options), { name: 'tema', columns: { input: values }, out });
}
