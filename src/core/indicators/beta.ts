import { RollingComoments } from './correlation.ts';
import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';

export interface BetaOptions {
  /** Per-bar price changes in the window, ≥ 1 (the window spans period + 1 prices). */
  readonly period: number;
}

/** Index of the first beta: period, TA-Lib's BETA lookback (period changes need period + 1 prices). */
export function betaLookback(options: BetaOptions): number {
  return options.period;
}

/**
 * TA-Lib's threshold below which the reference's n·Σ(r − mean r)² counts as zero: change ratios are
 * dimensionless, so this means a reference that did not move (per-bar changes below ~1e-7 / n).
 */
const FLAT_REFERENCE = 1e-14;

function slope(moments: RollingComoments, period: number): number {
  const squares = moments.squaresOfX;
  return period * squares < FLAT_REFERENCE ? 0 : moments.crossProducts / squares;
}

/**
 * Rolling beta of a series against a reference (a benchmark), as TA-Lib's BETA: the least-squares
 * slope of the series' per-bar change ratios (p − p[1]) / p[1] regressed on the reference's, over the
 * last `period` bars: cov(r, r_ref) / var(r_ref). In TA-Lib's call the reference is `inReal0` and the
 * series `inReal1`. A zero previous price gives a change ratio of 0 (TA-Lib: below 1e-14 in absolute
 * value); a reference that did not move over the window (n·Σ(r_ref − mean)² < 1e-14, TA-Lib's test, or
 * exactly constant ratios) gives beta 0. The moments are kept with `RollingComoments` (exact at fixed
 * intervals, no drift). O(1) per update, no allocation after construction.
 */
export class Beta {
  readonly period: number;
  private readonly moments: RollingComoments;
  private previous = Number.NaN;
  private previousReference = Number.NaN;
  value = Number.NaN;

  constructor(options: BetaOptions) {
    this.period = requireInteger('beta', 'period', options.period);
    this.moments = new RollingComoments(this.period);
  }

  get isReady(): boolean {
    return this.moments.isFull;
  }

  update(input: number, reference: number): number {
    if (Number.isNaN(input)) throw nanInputError('beta');
    if (Number.isNaN(reference)) throw nanInputError('beta', undefined, 'reference');
    const previous = this.previous;
    const previousReference = this.previousReference;
    this.previous = input;
    this.previousReference = reference;
    if (Number.isNaN(previous)) return this.value;
    const change = previous === 0 ? 0 : (input - previous) / previous;
    const referenceChange = previousReference === 0 ? 0 : (reference - previousReference) / previousReference;
    if (this.moments.push(referenceChange, change)) this.value = slope(this.moments, this.period);
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.previous = Number.NaN;
    this.previousReference = Number.NaN;
    this.value = Number.NaN;
  }
}

/**
 * Batch rolling beta of `values` against `reference`; NaN before `betaLookback(options)`. Writes into
 * `out` when given. Drives one `Beta`, so both forms are the same arithmetic.
 */
export function beta(
  values: Float64Array,
  reference: Float64Array,
  options: BetaOptions,
  out?: Float64Array,
): Float64Array {
  return driveStreamingValue(new Beta(options), { name: 'beta', columns: { input: values, reference }, out });
}
