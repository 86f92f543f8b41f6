import {
  type BarColumns,
  type BarInput,
  commonLength,
  nanInputError,
  outputBuffer,
  requireInteger,
} from './indicator.ts';

/**
 * The largest (`sign` 1) or smallest (`sign` −1) of the last `period` values pushed, current one
 * included: a monotonic deque in ring buffers allocated once, O(1) amortised per push. Minima are
 * kept as negated maxima (negation is exact), so one loop serves both.
 */
export class RollingExtreme {
  private readonly values: Float64Array;
  /** Push number of each deque entry, to expire the one that leaves the window. */
  private readonly positions: Float64Array;
  private front = 0;
  private size = 0;
  private pushes = 0;

  constructor(
    readonly period: number,
    private readonly sign: 1 | -1,
  ) {
    this.values = new Float64Array(period);
    this.positions = new Float64Array(period);
  }

  /** Adds `x` and returns the extreme of the window that now ends with it. */
  push(x: number): number {
    const capacity = this.period;
    const values = this.values;
    const position = this.pushes++;
    const value = this.sign === 1 ? x : -x;
    let front = this.front;
    let size = this.size;
    if (size > 0 && this.positions[front]! <= position - capacity) {
      front = front + 1 === capacity ? 0 : front + 1;
      size--;
    }
    while (size > 0) {
      let back = front + size - 1;
      if (back >= capacity) back -= capacity;
      if (values[back]! > value) break;
      size--;
    }
    let slot = front + size;
    if (slot >= capacity) slot -= capacity;
    values[slot] = value;
    this.positions[slot] = position;
    this.front = front;
    this.size = size + 1;
    const top = values[front]!;
    return this.sign === 1 ? top : -top;
  }

  reset(): void {
    this.values.fill(0);
    this.positions.fill(0);
    this.front = 0;
    this.size = 0;
    this.pushes = 0;
  }
}

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
  private count = 0;
  upper = Number.NaN;
  lower = Number.NaN;
  middle = Number.NaN;

  constructor(options: DonchianChannelsOptions) {
    this.period = requireInteger('donchian', 'period', options.period);
    this.highest = new RollingExtreme(this.period, 1);
    this.lowest = new RollingExtreme(this.period, -1);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(bar: BarInput): number {
    if (Number.isNaN(bar.high)) throw nanInputError('donchian', undefined, 'high');
    if (Number.isNaN(bar.low)) throw nanInputError('donchian', undefined, 'low');
    const upper = this.highest.push(bar.high);
    const lower = this.lowest.push(bar.low);
    if (this.count < this.period && ++this.count < this.period) return this.middle;
    this.upper = upper;
    this.lower = lower;
    this.middle = (upper + lower) / 2;
    return this.middle;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.count = 0;
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
