import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError } from './indicator.ts';
import { RollingMoments, type VarianceOptions, varianceDivisor } from './variance.ts';

export type StandardDeviationOptions = VarianceOptions;

/** Index of the first standard deviation: period − 1 (TA-Lib's STDDEV lookback). */
export function standardDeviationLookback(options: StandardDeviationOptions): number {
  return options.period - 1;
}

/**
 * Rolling standard deviation of the last `period` values: the square root of `Variance` (population
 * by default, as TA-Lib's STDDEV with nbdev 1; `sample` divides by period − 1). Identical values give
 * exactly 0. TA-Lib returns 0 whenever its variance is below 1e-14 (a standard deviation below 1e-7,
 * which a coin priced near 1e-5 can have); this one returns the square root of the exact variance.
 * O(1) per update, no allocation after construction.
 */
export class StandardDeviation {
  readonly period: number;
  private readonly divisor: number;
  private readonly moments: RollingMoments;
  value = Number.NaN;

  constructor(options: StandardDeviationOptions) {
    this.divisor = varianceDivisor('stddev', options);
    this.period = options.period;
    this.moments = new RollingMoments(this.period);
  }

  get isReady(): boolean {
    return this.moments.isFull;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('stddev');
    if (this.moments.push(input)) this.value = Math.sqrt(this.moments.sumOfSquares / this.divisor);
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch rolling standard deviation over `values`; NaN before `standardDeviationLookback(options)`.
 * Writes into `out` when given. Drives one `StandardDeviation`, so both forms are the same arithmetic.
 */
export function standardDeviation(
  values: Float64Array,
  options: StandardDeviationOptions,
  out?: Float64Array,
): Float64Array {
  return driveStreamingValue(new StandardDeviation(options), { name: 'stddev', columns: { input: values }, out });
}
