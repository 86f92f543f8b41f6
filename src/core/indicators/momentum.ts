import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { LagWindow } from './lag-window.ts';

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
 * Momentum, as TA-Lib's MOM: x − x[−period], in price units. O(1) per update (a `LagWindow`), no
 * allocation.
 */
export class Momentum {
  readonly period: number;
  private readonly lag: LagWindow;
  value = Number.NaN;

  constructor(options: MomentumOptions) {
    this.period = validate(options);
    this.lag = new LagWindow(this.period);
  }

  get isReady(): boolean {
    return this.lag.isFull;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('mom');
    const lagged = this.lag.push(input);
    if (!Number.isNaN(lagged)) this.value = input - lagged;
    return this.value;
  }

  reset(): void {
    this.lag.reset();
    this.value = Number.NaN;
  }
}

/** Batch momentum over `values`; NaN before `momentumLookback(options)`. Writes into `out` when given. */
export function momentum(values: Float64Array, options: MomentumOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Momentum(options), { name: 'mom', columns: { input: values }, out });
}
