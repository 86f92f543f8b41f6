import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';

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
 * gives 0, TA-Lib's convention. O(1) per update (a ring of the last `period` inputs), no allocation.
 */
export class Roc {
  readonly period: number;
  private readonly window: Float64Array;
  private next = 0;
  private count = 0;
  value = Number.NaN;

  constructor(options: RocOptions) {
    this.period = validate(options);
    this.window = new Float64Array(this.period);
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('roc');
    const slot = this.next;
    if (this.count >= this.period) {
      const reference = this.window[slot]!;
      this.value = reference !== 0 ? (input / reference - 1) * 100 : 0;
    }
    if (this.count <= this.period) this.count++;
    this.window[slot] = input;
    this.next = slot + 1 === this.period ? 0 : slot + 1;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.next = 0;
    this.count = 0;
    this.value = Number.NaN;
  }
}

/** Batch ROC over `values`; NaN before `rocLookback(options)`. Writes into `out` when given. */
export function roc(values: Float64Array, options: RocOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Roc(options), { name: 'roc', columns: { input: values }, out });
}
