import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError } from './indicator.ts';

/** OBV has no warm-up: its first value, at bar 0, is that bar's volume (TA-Lib's convention). */
export function obvLookback(): number {
  return 0;
}

/**
 * On-balance volume: a running total that adds the bar's volume when the close rises, subtracts it
 * when the close falls and leaves it unchanged when the close is equal. Units: volume.
 *
 * Starts as TA-Lib's OBV does: the first value is the first bar's volume (not 0, which some
 * charting packages use), so totals differ from those by that constant. Reads close and volume.
 */
export class Obv {
  private count = 0;
  private previousClose = 0;
  value = Number.NaN;

  get isReady(): boolean {
    return this.count > 0;
  }

  update(bar: BarInput): number {
    const close = bar.close;
    const volume = bar.volume;
    if (Number.isNaN(close)) throw nanInputError('obv', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('obv', undefined, 'volume');
    if (this.count === 0) {
      this.count = 1;
      this.value = volume;
    } else if (close > this.previousClose) {
      this.value += volume;
    } else if (close < this.previousClose) {
      this.value -= volume;
    }
    this.previousClose = close;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.value = Number.NaN;
  }
}

/** Batch OBV over closes and volumes; writes into `out` when given. */
export function obv(bars: Pick<BarColumns, 'close' | 'volume'>, out?: Float64Array): Float64Array {
  const { close, volume } = bars;
  return driveStreamingValue(new Obv(), { name: 'obv', columns: { close, volume }, out });
}
