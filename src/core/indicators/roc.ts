import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { LagWindow } from './lag-window.ts';

export interface RocOptions {
  /** Bars between the two closes compared. */
  readonly period: number;
}

/** Index of the first ROC value: `period`. */
export function rocLookback(options: RocOptions): number {
  return options.period;
}

function validate(options: RocOptions): number {
  return requireInteger('roc', 'period', options.period);
}

/**
 * Rate of change in percent, as TA-Lib's ROC: 100 · (x / x[−period] − 1). A zero reference close
 * gives 0, TA-Lib's convention. O(1) per update (a `LagWindow`), no allocation.
 */
export class Roc {
  readonly period: number;
  private readonly lag: LagWindow;
  value = Number.NaN;

  constructor(options: RocOptions) {
    this.period = validate(options);
    this.lag = new LagWindow(this.period);
  }

  get isReady(): boolean {
    return this.lag.isFull;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('roc');
    const reference = this.lag.push(input);
    if (!Number.isNaN(reference)) this.value = reference !== 0 ? (input / reference - 1) * 100 : 0;
    return this.value;
  }

  reset(): void {
    this.lag.reset();
    this.value = Number.NaN;
  }
}

/** Batch ROC over `values`; NaN before `rocLookback(options)`. Writes into `out` when given. */
export function roc(values: Float64Array, options: RocOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Roc(options), { name: 'roc', columns: { input: values }, out });
}
