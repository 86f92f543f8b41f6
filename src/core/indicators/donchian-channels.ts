import {
  type BarColumns,
  type BarInput,
  commonLength,
  nanInputError,
  outputBuffer,
  requireInteger,
} from './indicator.ts';
import { RollingExtreme } from './rolling-extreme.ts';

export interface DonchianChannelsOptions {
  readonly period: number;
}

export interface DonchianChannelsOutput {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly middle: Float64Array;
}

/** Index of the first value: period − 1. */
export function donchianChannelsLookback(options: DonchianChannelsOptions): number {
  return options.period - 1;
}

/**
 * Donchian channels: upper = highest high and lower = lowest low of the last `period` bars, the
 * current bar included (TradingView's convention, and TA-Lib's MAX/MIN); middle = their mean.
 * Breakout systems such as the Turtles' compare today's price with the previous `period` bars,
 * i.e. these values one bar earlier. Reads high and low. O(1) amortised per update, no allocation.
 */
export class DonchianChannels {
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  upper = Number.NaN;
  lower = Number.NaN;
  middle = Number.NaN;

  constructor(options: DonchianChannelsOptions) {
    this.period = requireInteger('donchian', 'period', options.period);
    this.highest = new RollingExtreme(this.period, 1);
    this.lowest = new RollingExtreme(this.period, -1);
  }

  get isReady(): boolean {
    return this.highest.isFull;
  }

  update(bar: BarInput): number {
    if (Number.isNaN(bar.high)) throw nanInputError('donchian', undefined, 'high');
    if (Number.isNaN(bar.low)) throw nanInputError('donchian', undefined, 'low');
    const upper = this.highest.push(bar.high);
    const lower = this.lowest.push(bar.low);
    if (!this.highest.isFull) return this.middle;
    this.upper = upper;
    this.lower = lower;
    this.middle = (upper + lower) / 2;
    return this.middle;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.upper = Number.NaN;
    this.lower = Number.NaN;
    this.middle = Number.NaN;
  }
}

/** Batch Donchian channels; NaN before bar period − 1. Writes into `out`'s arrays when given. */
export function donchianChannels(
  bars: Pick<BarColumns, 'high' | 'low'>,
  options: DonchianChannelsOptions,
  out?: Partial<DonchianChannelsOutput>,
): DonchianChannelsOutput {
  const period = requireInteger('donchian', 'period', options.period);
  const { high, low } = bars;
  const length = commonLength('donchian', high, low);
  const upper = outputBuffer('donchian', length, out?.upper);
  const lower = outputBuffer('donchian', length, out?.lower);
  const middle = outputBuffer('donchian', length, out?.middle);
  const highest = new RollingExtreme(period, 1);
  const lowest = new RollingExtreme(period, -1);
  for (let i = 0; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    if (Number.isNaN(h)) throw nanInputError('donchian', i, 'high');
    if (Number.isNaN(l)) throw nanInputError('donchian', i, 'low');
    const top = highest.push(h);
    const bottom = lowest.push(l);
    if (i < period - 1) {
      upper[i] = Number.NaN;
      lower[i] = Number.NaN;
      middle[i] = Number.NaN;
    } else {
      upper[i] = top;
      lower[i] = bottom;
      middle[i] = (top + bottom) / 2;
    }
  }
  return { upper, lower, middle };
}
