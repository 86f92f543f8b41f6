import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { RollingExtreme } from './rolling-extreme.ts';

export interface WilliamsROptions {
  /** Bars in the highest-high / lowest-low window; at least 2. */
  readonly period: number;
}

/** Index of the first %R value: `period` − 1. */
export function williamsRLookback(options: WilliamsROptions): number {
  return options.period - 1;
}

function validate(options: WilliamsROptions): number {
  return requireInteger('willr', 'period', options.period, 2);
}

/**
 * Williams %R, −100 (close at the lowest low) to 0 (close at the highest high), as TA-Lib's WILLR:
 * −100 · (highest high − close) / (highest high − lowest low) over `period` bars. A zero range
 * (flat window) gives 0, TA-Lib's convention. O(1) amortised per update (monotonic deques), no
 * allocation.
 */
export class WilliamsR {
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  value = Number.NaN;

  constructor(options: WilliamsROptions) {
    this.period = validate(options);
    this.highest = new RollingExtreme(this.period, 1);
    this.lowest = new RollingExtreme(this.period, -1);
  }

  get isReady(): boolean {
    return this.highest.isFull;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('willr', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('willr', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('willr', undefined, 'close');
    const highest = this.highest.push(high);
    const lowest = this.lowest.push(low);
    if (this.highest.isFull) {
      const scale = (highest - lowest) / -100;
      this.value = scale !== 0 ? (highest - close) / scale : 0;
    }
    return this.value;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch Williams %R over high, low and close; NaN before `williamsRLookback(options)`. Drives one
 * `WilliamsR`, so both forms are the same arithmetic. Writes into `out` when given.
 */
export function williamsR(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: WilliamsROptions,
  out?: Float64Array,
): Float64Array {
  const { high, low, close } = bars;
  return driveStreamingValue(new WilliamsR(options), { name: 'willr', columns: { high, low, close }, out });
}
