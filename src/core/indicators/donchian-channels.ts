import { driveStreaming } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
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
  const { high, low } = bars;
  const outputs = ['upper', 'lower', 'middle'] as const;
  return driveStreaming(new DonchianChannels(options), { name: 'donchian', columns: { high, low }, outputs, out });
}
