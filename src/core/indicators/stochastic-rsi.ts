import { driveStreaming } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { Rsi } from './rsi.ts';
import { Stochastic } from './stochastic.ts';

export interface StochasticRsiOptions {
  /** Bars in the RSI (at least 2). */
  readonly period: number;
  /** RSI values in the highest / lowest window of the raw %K. */
  readonly kPeriod: number;
  /** Bars in the %D simple average. */
  readonly dPeriod: number;
  /** Bars in the simple average smoothing the raw %K; 1 (TA-Lib's STOCHRSI) leaves it unsmoothed. */
  readonly kSmoothing: number;
}

export interface StochasticRsiOutput {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** Index of the first %K and %D: period + (kPeriod − 1) + (kSmoothing − 1) + (dPeriod − 1). */
export function stochasticRsiLookback(options: StochasticRsiOptions): number {
  return options.period + options.kPeriod - 1 + options.kSmoothing - 1 + options.dPeriod - 1;
}

function validate(options: StochasticRsiOptions): void {
  requireInteger('stochrsi', 'period', options.period, 2);
  requireInteger('stochrsi', 'kPeriod', options.kPeriod);
  requireInteger('stochrsi', 'dPeriod', options.dPeriod);
  requireInteger('stochrsi', 'kSmoothing', options.kSmoothing);
}

/**
 * Stochastic RSI, 0–100: the stochastic oscillator applied to Wilder's RSI (the RSI as high, low
 * and close). With kSmoothing 1 it is TA-Lib's STOCHRSI with simple-average %D (fastK, fastD).
 * TradingView's "Stoch RSI" (RSI 14, stochastic 14, %K smoothed 3, %D 3) is
 * `stochrsi:14,14,3,3`. A flat RSI window gives a raw %K of 0 (TA-Lib's convention), also when
 * prices were flat for kPeriod bars, so that the RSIs are equal but for rounding (TA-Lib divides
 * that noise and reads anything from 0 to 100); a price series flat from the start has an RSI of 0
 * (see `Rsi`). O(1) amortised per update, no allocation.
 */
export class StochasticRsi {
  private readonly rsi: Rsi;
  private readonly stochastic: Stochastic;
  k = Number.NaN;
  d = Number.NaN;

  constructor(options: StochasticRsiOptions) {
    validate(options);
    this.rsi = new Rsi({ period: options.period });
    this.stochastic = new Stochastic({
      kPeriod: options.kPeriod,
      kSmoothing: options.kSmoothing,
      dPeriod: options.dPeriod,
    });
  }

  get isReady(): boolean {
    return this.stochastic.isReady;
  }

  update(input: number): this {
    if (Number.isNaN(input)) throw nanInputError('stochrsi');
    const rsi = this.rsi.update(input);
    if (!this.rsi.isReady) return this;
    const stochastic = this.stochastic.updateHighLowClose(rsi, rsi, rsi);
    this.k = stochastic.k;
    this.d = stochastic.d;
    return this;
  }

  reset(): void {
    this.rsi.reset();
    this.stochastic.reset();
    this.k = Number.NaN;
    this.d = Number.NaN;
  }
}

/**
 * Batch Stochastic RSI over `values`; NaN before `stochasticRsiLookback(options)`. Drives one
 * `StochasticRsi`, so both forms are the same arithmetic.
 */
export function stochasticRsi(
  values: Float64Array,
  options: StochasticRsiOptions,
  out?: Partial<StochasticRsiOutput>,
): StochasticRsiOutput {
  const outputs = ['k', 'd'] as const;
  return driveStreaming(new StochasticRsi(options), { name: 'stochrsi', columns: { input: values }, outputs, out });
}
