import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError } from './indicator.ts';

/** True range needs the previous close, so its first value is at bar 1 (TA-Lib's TRANGE). */
export function trueRangeLookback(): number {
  return 1;
}

/** One bar's true range given the previous close (see `TrueRange`); ADX's directional movement uses it too. */
export function trueRangeOf(high: number, low: number, previousClose: number): number {
  let range = high - low;
  const up = Math.abs(high - previousClose);
  if (up > range) range = up;
  const down = Math.abs(low - previousClose);
  return down > range ? down : range;
}

/**
 * True range (Wilder): the largest of high − low, |high − previous close| and |low − previous
 * close|, in price units. Bar 0 has no previous close and no value: TA-Lib's convention. Some
 * charting packages (TradingView's `ta.tr(true)`) use high − low there instead.
 *
 * Reads high, low and close. O(1) per update, no allocation.
 */
export class TrueRange {
  private count = 0;
  private previousClose = 0;
  value = Number.NaN;

  get isReady(): boolean {
    return this.count > 1;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('trange', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('trange', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('trange', undefined, 'close');
    if (this.count > 0) this.value = trueRangeOf(high, low, this.previousClose);
    if (this.count < 2) this.count++;
    this.previousClose = close;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.value = Number.NaN;
  }
}

/** Batch true range; NaN at bar 0. Writes into `out` when given. */
export function trueRange(bars: Pick<BarColumns, 'high' | 'low' | 'close'>, out?: Float64Array): Float64Array {
  const { high, low, close } = bars;
  return driveStreamingValue(new TrueRange(), { name: 'trange', columns: { high, low, close }, out });
}
