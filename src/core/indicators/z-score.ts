import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { RollingMoments } from './variance.ts';

export interface ZScoreOptions {
  /** Values in the window, the current one included, ≥ 2. */
  readonly period: number;
}

/** Index of the first z-score: period − 1. */
export function zScoreLookback(options: ZScoreOptions): number {
  return options.period - 1;
}

/**
 * Rolling z-score: (x − mean) / σ, with mean and population σ over the last `period` values, the
 * current one included (TradingView's `(x − ta.sma(x, n)) / ta.stdev(x, n)`; TA-Lib has none). A
 * window of identical values (σ = 0) gives 0. Within such a window |z| ≤ √(period − 1) (Samuelson's
 * bound); values are clamped to it so a nearly flat window, whose tiny σ carries rounding error,
 * cannot give an absurd score. O(1) per update (`RollingMoments`), no allocation after construction.
 */
export class ZScore {
  readonly period: number;
  private readonly bound: number;
  private readonly moments: RollingMoments;
  value = Number.NaN;

  constructor(options: ZScoreOptions) {
    this.period = requireInteger('zscore', 'period', options.period, 2);
    this.bound = Math.sqrt(this.period - 1);
    this.moments = new RollingMoments(this.period);
  }

  get isReady(): boolean {
    return this.moments.isFull;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('zscore');
    if (this.moments.push(input)) this.value = score(this.moments, input, this.bound);
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = Number.NaN;
  }
}

function score(moments: RollingMoments, x: number, bound: number): number {
  const squares = moments.sumOfSquares;
  if (squares === 0) return 0;
  const z = moments.deviation(x) / Math.sqrt(squares / moments.period);
  return z > bound ? bound : z < -bound ? -bound : z;
}

/**
 * Batch rolling z-score over `values`; NaN before `zScoreLookback(options)`. Writes into `out` when
 * given. Drives one `ZScore`, so both forms are the same arithmetic.
 */
export function zScore(values: Float64Array, options: ZScoreOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new ZScore(options), { name: 'zscore', columns: { input: values }, out });
}
