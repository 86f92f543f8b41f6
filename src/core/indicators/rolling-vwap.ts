import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface RollingVwapOptions {
  /** Bars in the window, ≥ 1. */
  readonly period: number;
}

/** Index of the first value: period − 1. */
export function rollingVwapLookback(options: RollingVwapOptions): number {
  return options.period - 1;
}

/**
 * Rolling volume-weighted average price: Σ(typical × volume) / Σvolume over the last `period` bars,
 * typical = (high + low + close) / 3. Units: price. No session anchor (see `Vwap` for that).
 *
 * When no bar in the window has volume (counted exactly, not inferred from the rounded sum), or
 * the summed volume is not positive (negative volumes), the value is the window's mean typical
 * price, so zero-volume data still gives a price. Running sums are re-summed exactly every
 * `resyncInterval(period)` updates, so they do not drift. Reads high, low, close, volume.
 */
export class RollingVwap {
  readonly period: number;
  private readonly typicals: Float64Array;
  private readonly volumes: Float64Array;
  private readonly interval: number;
  private index = 0;
  private count = 0;
  private untilResync: number;
  private priceVolume = 0;
  private volume = 0;
  private typical = 0;
  private traded = 0;
  value = Number.NaN;

  constructor(options: RollingVwapOptions) {
    this.period = requireInteger('vwap_rolling', 'period', options.period);
    this.typicals = new Float64Array(this.period);
    this.volumes = new Float64Array(this.period);
    this.interval = resyncInterval(this.period);
    this.untilResync = this.interval;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(bar: BarInput): number {
    const { high, low, close, volume } = bar;
    if (Number.isNaN(high)) throw nanInputError('vwap_rolling', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('vwap_rolling', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('vwap_rolling', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('vwap_rolling', undefined, 'volume');
    const period = this.period;
    const slot = this.index;
    if (this.count >= period) {
      const leavingTypical = this.typicals[slot]!;
      const leavingVolume = this.volumes[slot]!;
      this.priceVolume -= leavingTypical * leavingVolume;
      this.volume -= leavingVolume;
      this.typical -= leavingTypical;
      if (leavingVolume !== 0) this.traded--;
    } else {
      this.count++;
    }
    const typical = (high + low + close) / 3;
    this.typicals[slot] = typical;
    this.volumes[slot] = volume;
    this.priceVolume += typical * volume;
    this.volume += volume;
    this.typical += typical;
    if (volume !== 0) this.traded++;
    this.index = slot + 1 === period ? 0 : slot + 1;
    if (--this.untilResync === 0) this.resum();
    if (this.count < period) return this.value;
    this.value = this.traded === 0 || !(this.volume > 0) ? this.typical / period : this.priceVolume / this.volume;
    return this.value;
  }

  reset(): void {
    this.typicals.fill(0);
    this.volumes.fill(0);
    this.index = 0;
    this.count = 0;
    this.untilResync = this.interval;
    this.priceVolume = 0;
    this.volume = 0;
    this.typical = 0;
    this.traded = 0;
    this.value = Number.NaN;
  }

  /** Exact re-summation, oldest bar first. */
  private resum(): void {
    this.untilResync = this.interval;
    let priceVolume = 0;
    let volume = 0;
    let typical = 0;
    for (let k = 0, slot = this.index; k < this.period; k++, slot = slot + 1 === this.period ? 0 : slot + 1) {
      const t = this.typicals[slot]!;
      const v = this.volumes[slot]!;
      priceVolume += t * v;
      volume += v;
      typical += t;
    }
    this.priceVolume = priceVolume;
    this.volume = volume;
    this.typical = typical;
  }
}

/** Batch rolling VWAP; NaN before `rollingVwapLookback(options)`. Writes into `out` when given. */
export function rollingVwap(
  bars: Pick<BarColumns, 'high' | 'low' | 'close' | 'volume'>,
  options: RollingVwapOptions,
  out?: Float64Array,
): Float64Array {
  const { high, low, close, volume } = bars;
  const columns = { high, low, close, volume };
  return driveStreamingValue(new RollingVwap(options), { name: 'vwap_rolling', columns, out });
}
