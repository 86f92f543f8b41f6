import { driveStreaming } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { RollingExtreme } from './rolling-extreme.ts';

export interface IchimokuOptions {
  /** Bars in the conversion line (tenkan-sen). */
  readonly conversionPeriod: number;
  /** Bars in the base line (kijun-sen). */
  readonly basePeriod: number;
  /** Bars in leading span B (senkou span B). */
  readonly spanBPeriod: number;
  /** Bars the leading spans are shifted forward and the lagging span back, ≥ 0. */
  readonly displacement: number;
}

export interface IchimokuOutput {
  readonly conversion: Float64Array;
  readonly base: Float64Array;
  readonly spanA: Float64Array;
  readonly spanB: Float64Array;
  readonly lagging: Float64Array;
}

/**
 * Index of the first value of every output: the first bar whose displaced leading spans exist,
 * max(conversionPeriod, basePeriod, spanBPeriod) − 1 + displacement.
 */
export function ichimokuLookback(options: IchimokuOptions): number {
  return Math.max(options.conversionPeriod, options.basePeriod, options.spanBPeriod) - 1 + options.displacement;
}

function validate(options: IchimokuOptions): void {
  requireInteger('ichimoku', 'conversionPeriod', options.conversionPeriod);
  requireInteger('ichimoku', 'basePeriod', options.basePeriod);
  requireInteger('ichimoku', 'spanBPeriod', options.spanBPeriod);
  requireInteger('ichimoku', 'displacement', options.displacement, 0);
}

/**
 * Ichimoku Kinkō Hyō, causal: every output at bar i reads only bars ≤ i, in price units. With
 * mid(n, j) = (highest high + lowest low) / 2 of the n bars ending at bar j:
 * - `conversion` (tenkan-sen) = mid(conversionPeriod, i); `base` (kijun-sen) = mid(basePeriod, i).
 * - `spanA`, `spanB`: the cloud as a chart draws it AT bar i, i.e. the leading spans computed
 *   `displacement` bars earlier: spanA = (conversion + base) / 2 at bar i − displacement, spanB =
 *   mid(spanBPeriod, i − displacement). The leading values a chart projects ahead of the last bar
 *   (computed at bar i, drawn at i + displacement) are causal too: (conversion + base) / 2 of this
 *   bar, and spanB of an Ichimoku with displacement 0.
 * - `lagging` (chikou) = close[i − displacement]. A chart draws the lagging span as close[i] at bar
 *   i − displacement; this output is the close of that bar, so "lagging span above price" is
 *   close[i] > lagging[i].
 * All five share one warm-up (the displaced span B's), so `isReady` means the whole cloud exists.
 * TradingView's built-in script draws with offset displacement − 1: its default 26 equals
 * displacement 25 here.
 *
 * Reads high, low and close. O(1) amortised per update, no allocation.
 */
export class Ichimoku {
  private readonly conversionHigh: RollingExtreme;
  private readonly conversionLow: RollingExtreme;
  private readonly baseHigh: RollingExtreme;
  private readonly baseLow: RollingExtreme;
  private readonly spanBHigh: RollingExtreme;
  private readonly spanBLow: RollingExtreme;
  /** The last displacement + 1 values of the undisplaced spans and of the close. */
  private readonly spanAHistory: Float64Array;
  private readonly spanBHistory: Float64Array;
  private readonly closeHistory: Float64Array;
  private readonly lookback: number;
  private slot = 0;
  private count = 0;
  conversion = Number.NaN;
  base = Number.NaN;
  spanA = Number.NaN;
  spanB = Number.NaN;
  lagging = Number.NaN;

  constructor(options: IchimokuOptions) {
    validate(options);
    this.conversionHigh = new RollingExtreme(options.conversionPeriod, 1);
    this.conversionLow = new RollingExtreme(options.conversionPeriod, -1);
    this.baseHigh = new RollingExtreme(options.basePeriod, 1);
    this.baseLow = new RollingExtreme(options.basePeriod, -1);
    this.spanBHigh = new RollingExtreme(options.spanBPeriod, 1);
    this.spanBLow = new RollingExtreme(options.spanBPeriod, -1);
    this.spanAHistory = new Float64Array(options.displacement + 1);
    this.spanBHistory = new Float64Array(options.displacement + 1);
    this.closeHistory = new Float64Array(options.displacement + 1);
    this.lookback = ichimokuLookback(options);
  }

  get isReady(): boolean {
    return this.count > this.lookback;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('ichimoku', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('ichimoku', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('ichimoku', undefined, 'close');
    // Before each window fills these are extremes of fewer bars; they are never output.
    const conversion = (this.conversionHigh.push(high) + this.conversionLow.push(low)) / 2;
    const base = (this.baseHigh.push(high) + this.baseLow.push(low)) / 2;
    const spanB = (this.spanBHigh.push(high) + this.spanBLow.push(low)) / 2;
    const slot = this.slot;
    this.spanAHistory[slot] = (conversion + base) / 2;
    this.spanBHistory[slot] = spanB;
    this.closeHistory[slot] = close;
    const oldest = slot + 1 === this.closeHistory.length ? 0 : slot + 1;
    this.slot = oldest;
    if (this.count < this.lookback) {
      this.count++;
      return this.base;
    }
    this.count = this.lookback + 1;
    this.conversion = conversion;
    this.base = base;
    this.spanA = this.spanAHistory[oldest]!;
    this.spanB = this.spanBHistory[oldest]!;
    this.lagging = this.closeHistory[oldest]!;
    return base;
  }

  reset(): void {
    this.conversionHigh.reset();
    this.conversionLow.reset();
    this.baseHigh.reset();
    this.baseLow.reset();
    this.spanBHigh.reset();
    this.spanBLow.reset();
    this.spanAHistory.fill(0);
    this.spanBHistory.fill(0);
    this.closeHistory.fill(0);
    this.slot = 0;
    this.count = 0;
    this.conversion = Number.NaN;
    this.base = Number.NaN;
    this.spanA = Number.NaN;
    this.spanB = Number.NaN;
    this.lagging = Number.NaN;
  }
}

/** Batch Ichimoku; every output NaN before the lookback. Writes into `out`'s arrays when given. */
export function ichimoku(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: IchimokuOptions,
  out?: Partial<IchimokuOutput>,
): IchimokuOutput {
  const { high, low, close } = bars;
  const outputs = ['conversion', 'base', 'spanA', 'spanB', 'lagging'] as const;
  return driveStreaming(new Ichimoku(options), { name: 'ichimoku', columns: { high, low, close }, outputs, out });
}
