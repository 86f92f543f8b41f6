import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface VwmaOptions {
  /** Bars in the average, ≥ 1. */
  readonly period: number;
}

/** Index of the first VWMA value: period − 1. */
export function vwmaLookback(options: VwmaOptions): number {
  return options.period - 1;
}

/**
 * Volume-weighted moving average: Σ(close·volume) / Σvolume over the last `period` bars (TradingView's
 * `ta.vwma`; TA-Lib has none). A window without any volume (every bar's volume zero) has no weights:
 * it gives the simple average of the closes, where TradingView gives na. Volumes are expected to be
 * ≥ 0. The three running sums (close·volume, volume, close) are re-summed exactly every
 * `resyncInterval(period)` updates, and volume-free windows are detected by counting non-zero volumes,
 * not by testing a rounded sum. O(1) per update, no allocation after construction.
 */
export class Vwma {
  readonly period: number;
  private readonly closes: Float64Array;
  private readonly volumes: Float64Array;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest bar. */
  private index = 0;
  private count = 0;
  private weightedSum = 0;
  private volumeSum = 0;
  private closeSum = 0;
  /** Bars in the window with non-zero volume. */
  private traded = 0;
  private untilResync: number;
  value = Number.NaN;

  constructor(options: VwmaOptions) {
    this.period = requireInteger('vwma', 'period', options.period);
    this.closes = new Float64Array(this.period);
    this.volumes = new Float64Array(this.period);
    this.resyncEvery = resyncInterval(this.period);
    this.untilResync = this.resyncEvery;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(bar: BarInput): number {
    const close = bar.close;
    const volume = bar.volume;
    if (Number.isNaN(close)) throw nanInputError('vwma', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('vwma', undefined, 'volume');
    const period = this.period;
    const closes = this.closes;
    const volumes = this.volumes;
    this.weightedSum += close * volume;
    this.volumeSum += volume;
    this.closeSum += close;
    if (volume !== 0) this.traded++;
    closes[this.index] = close;
    volumes[this.index] = volume;
    this.index = this.index + 1 === period ? 0 : this.index + 1;
    if (this.count < period && ++this.count < period) return this.value;
    if (--this.untilResync === 0) {
      let weightedSum = 0;
      let volumeSum = 0;
      let closeSum = 0;
      for (let k = this.index, n = 0; n < period; n++, k = k + 1 === period ? 0 : k + 1) {
        weightedSum += closes[k]! * volumes[k]!;
        volumeSum += volumes[k]!;
        closeSum += closes[k]!;
      }
      this.weightedSum = weightedSum;
      this.volumeSum = volumeSum;
      this.closeSum = closeSum;
      this.untilResync = this.resyncEvery;
    }
    this.value = this.traded === 0 || this.volumeSum === 0 ? this.closeSum / period : this.weightedSum / this.volumeSum;
    const oldClose = closes[this.index]!;
    const oldVolume = volumes[this.index]!;
    this.weightedSum -= oldClose * oldVolume;
    this.volumeSum -= oldVolume;
    this.closeSum -= oldClose;
    if (oldVolume !== 0) this.traded--;
    return this.value;
  }

  reset(): void {
    this.closes.fill(0);
    this.volumes.fill(0);
    this.index = 0;
    this.count = 0;
    this.weightedSum = 0;
    this.volumeSum = 0;
    this.closeSum = 0;
    this.traded = 0;
    this.untilResync = this.resyncEvery;
    this.value = Number.NaN;
  }
}

/**
 * Batch VWMA over bar columns; NaN before `vwmaLookback(options)`. Writes into `out` when given. Drives
 * one `Vwma`, so both forms are the same arithmetic.
 */
export function vwma(
  bars: Pick<BarColumns, 'close' | 'volume'>,
  options: VwmaOptions,
  out?: Float64Array,
): Float64Array {
  const { close, volume } = bars;
  return driveStreamingValue(new Vwma(options), { name: 'vwma', columns: { close, volume }, out });
}
