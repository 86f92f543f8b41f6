import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';

export interface CciOptions {
  /** Bars in the mean and mean absolute deviation of the typical price; at least 2. */
  readonly period: number;
}

/** Index of the first CCI value: `period` − 1. */
export function cciLookback(options: CciOptions): number {
  return options.period - 1;
}

function validate(options: CciOptions): number {
  return requireInteger('cci', 'period', options.period, 2);
}

/** CCI of the typical prices in `window` (bar i at slot i mod period), the latest being `latest`. */
function cciOf(window: Float64Array, latest: number): number {
  const period = window.length;
  let sum = 0;
  for (let j = 0; j < period; j++) sum += window[j]!;
  const mean = sum / period;
  let deviation = 0;
  for (let j = 0; j < period; j++) deviation += Math.abs(window[j]! - mean);
  const distance = latest - mean;
  return distance !== 0 && deviation !== 0 ? distance / (0.015 * (deviation / period)) : 0;
}

/**
 * Commodity channel index, as TA-Lib's CCI: (tp − mean(tp)) / (0.015 · mean absolute deviation of
 * tp) over `period` bars, with tp = (high + low + close) / 3. A zero deviation (flat window) gives 0,
 * TA-Lib's convention. The mean and the deviation are summed exactly over the window at every bar
 * (nothing to drift), which makes an update O(period): the mean absolute deviation around a moving
 * mean has no O(1) update. TA-Lib's default period is 14; the registry's is 20 (TradingView's).
 * No allocation per update.
 */
export class Cci {
  readonly period: number;
  private readonly window: Float64Array;
  private next = 0;
  private count = 0;
  value = Number.NaN;

  constructor(options: CciOptions) {
    this.period = validate(options);
    this.window = new Float64Array(this.period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('cci', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('cci', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('cci', undefined, 'close');
    const typical = (high + low + close) / 3;
    this.window[this.next] = typical;
    this.next = this.next + 1 === this.period ? 0 : this.next + 1;
    if (this.count < this.period) this.count++;
    if (this.count >= this.period) this.value = cciOf(this.window, typical);
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.next = 0;
    this.count = 0;
    this.value = Number.NaN;
  }
}

/** Batch CCI over high, low and close; NaN before `cciLookback(options)`. Writes into `out` when given. */
export function cci(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: CciOptions,
  out?: Float64Array,
): Float64Array {
  const { high, low, close } = bars;
  return driveStreamingValue(new Cci(options), { name: 'cci', columns: { high, low, close }, out });
}
