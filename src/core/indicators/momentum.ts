import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';

export interface MomentumOptions {
  /** Bars between the two closes compared. */
  readonly period: number;
}

/** Index of the first momentum value: `period`. */
export function momentumLookback(options: MomentumOptions): number {
  return options.period;
}

function validate(options: MomentumOptions): number {
  return requireInteger('mom', 'period', options.period);
}

/**
 * Momentum, as TA-Lib's MOM: x − x[−period], in price units. O(1) per update (a ring of the last
 * `period` inputs), no allocation.
 */
export class Momentum {
  readonly period: number;
  private readonly window: Float64Array;
  private next = 0;
  private count = 0;
  value = Number.NaN;

  constructor(options: MomentumOptions) {
    this.period = validate(options);
    this.window = new Float64Array(this.period);
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('mom');
    const slot = this.next;
    if (this.count >= this.period) this.value = input - this.window[slot]!;
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

/** Batch momentum over `values`; NaN before `momentumLookback(options)`. Writes into `out` when given. */
export function momentum(values: Float64Array, options: MomentumOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Momentum(options), { name: 'mom', columns: { input: values }, out });
}
