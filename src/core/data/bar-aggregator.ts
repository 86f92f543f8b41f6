import type { Bar, TradeTick } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import { formatTimestamp, type Timeframe, type UnixMillis } from '../model/time.ts';
import { type AggregatedBarHandler, AggregatedBarView } from './aggregated-bar.ts';
import { type BucketAlignment, bucketAlignment, checkResampleTimeframes } from './bucket-alignment.ts';

/** What to do with input older than what the aggregator already accepted or closed. */
export const LatePolicy = { Throw: 'throw', Drop: 'drop' } as const;
export type LatePolicy = (typeof LatePolicy)[keyof typeof LatePolicy];

export interface BarAggregatorOptions {
  readonly instrumentId: InstrumentId;
  /** Timeframe of the bars to build (see {@link bucketAlignment} for how it aligns to UTC). */
  readonly timeframe: Timeframe;
  /**
   * Timeframe of the source bars. Absent when the source is trades (points in time). With it, the
   * target must be a whole multiple (checked at construction), every source bar must open on its
   * grid, and a bucket is emitted as soon as a source bar reaching its close arrives.
   */
  readonly sourceTimeframe?: Timeframe;
  /** Receives every completed bar (a reused view). */
  readonly onBar: AggregatedBarHandler;
  /**
   * The source is known complete from this time on (Unix ms): the first bucket is flagged partial
   * when it opened earlier. Default: the first input's timestamp, so data starting mid-bucket gives
   * a partial first bar (conservative: a first bucket whose opening minutes simply had no trades
   * is flagged too; pass the true start to avoid that).
   */
  readonly coverageStart?: UnixMillis;
  /**
   * The source is known incomplete after this time (Unix ms, exclusive): every bucket closing
   * later is flagged partial, even when a source bar reaching its close arrived (that source bar
   * may itself be partial, as when resampling already-resampled bars). Default: no such limit.
   */
  readonly coverageEnd?: UnixMillis;
  /** Default `throw`: out-of-order input is a broken invariant in a batch. Live feeds use `drop`. */
  readonly late?: LatePolicy;
}

/**
 * Builds time bars (OHLCV: open first, high max, low min, close last, volume sum) from source bars
 * or trades, one input at a time; the single aggregation core behind batch resampling
 * (`resampleBars`, `aggregateTrades`) and live aggregation, so both give identical bars.
 *
 * A bucket with no input produces no bar (gaps stay gaps). A bucket is emitted, complete, when
 * the input reaches its close (a source bar ending at the close, or any input in a later bucket),
 * or when {@link closeUpTo} says time has passed its close; {@link flush} emits the open one,
 * partial unless the caller says the data covers it. Input must arrive in time order: bars in
 * strictly increasing, non-overlapping open times, trades in non-decreasing times. Input older
 * than that, or inside a bucket already emitted, is late: it throws, or with `late: 'drop'` is
 * dropped and counted in {@link lateCount} (never merged into a bar already handed out).
 */
export class BarAggregator {
  readonly timeframe: Timeframe;
  /** Inputs rejected as late (with `late: 'drop'`). */
  lateCount = 0;
  private readonly alignment: BucketAlignment;
  private readonly source: BucketAlignment | undefined;
  /** Fixed length and grid offset of source bars in ms (0 for trades and month bars). */
  private readonly sourceLengthMs: number;
  private readonly sourceOffsetMs: number;
  private readonly dropLate: boolean;
  private readonly onBar: AggregatedBarHandler;
  private readonly view: AggregatedBarView;
  private coverageStart: number;
  private readonly coverageEnd: number;
  private started = false;
  /** Inputs before this time are late. */
  private floor = Number.NEGATIVE_INFINITY;
  /** End of the data seen so far: the last source bar's close, or the last trade's time. */
  private seenUpTo = Number.NEGATIVE_INFINITY;
  private bucketStart = Number.NEGATIVE_INFINITY;
  private bucketEnd = Number.NEGATIVE_INFINITY;
  private bucketPartial = false;
  private count = 0;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;

  constructor(options: BarAggregatorOptions) {
    this.timeframe = options.timeframe;
    this.alignment = bucketAlignment(options.timeframe);
    if (options.sourceTimeframe !== undefined) {
      checkResampleTimeframes(options.sourceTimeframe, options.timeframe);
      this.source = bucketAlignment(options.sourceTimeframe);
    }
    this.sourceLengthMs = this.source?.lengthMs ?? 0;
    this.sourceOffsetMs = this.source?.offsetMs ?? 0;
    this.dropLate = options.late === LatePolicy.Drop;
    this.onBar = options.onBar;
    this.coverageStart = options.coverageStart ?? Number.NaN;
    this.coverageEnd = options.coverageEnd ?? Number.POSITIVE_INFINITY;
    this.view = new AggregatedBarView(options.instrumentId, options.timeframe);
  }

  /** True while a bucket has input that was not emitted yet. */
  get pending(): boolean {
    return this.count > 0;
  }

  /** Adds one source bar (or, with equal prices, one trade). Emits any bucket it completes. */
  add(timestamp: UnixMillis, open: number, high: number, low: number, close: number, volume: number): void {
    if (!(timestamp >= this.floor)) {
      this.rejectLate(timestamp);
      return;
    }
    let end = timestamp;
    if (this.sourceLengthMs > 0) {
      // The bar right after the previous one (floor = its close) is on the grid: no modulo needed.
      if (timestamp !== this.floor && (timestamp - this.sourceOffsetMs) % this.sourceLengthMs !== 0)
        this.rejectOffGrid(timestamp);
      end = timestamp + this.sourceLengthMs;
    } else if (this.source !== undefined) {
      if (this.source.bucketStart(timestamp) !== timestamp) this.rejectOffGrid(timestamp);
      end = this.source.bucketEnd(timestamp);
    }
    if (timestamp >= this.bucketEnd) {
      if (this.count > 0) this.emit(this.bucketPartial);
      this.openBucket(timestamp);
    }
    if (this.count === 0) {
      this.open = open;
      this.high = high;
      this.low = low;
    } else {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
    }
    this.close = close;
    this.volume += volume;
    this.count++;
    this.floor = end;
    this.seenUpTo = end;
    if (this.source !== undefined && end >= this.bucketEnd) this.emit(this.bucketPartial);
  }

  /** Adds a bar (its instrument and timeframe are the caller's business). */
  update(bar: Bar): void {
    this.add(bar.timestamp, bar.open, bar.high, bar.low, bar.close, bar.volume);
  }

  /** Adds one trade print: price and size in the instrument's units. */
  addTrade(timestamp: UnixMillis, price: number, size: number): void {
    this.add(timestamp, price, price, price, price, size);
  }

  /** Adds one trade tick. */
  updateTrade(trade: TradeTick): void {
    this.add(trade.timestamp, trade.price, trade.price, trade.price, trade.price, trade.size);
  }

  /**
   * Timer-driven close for live trading: time is `timestamp` (Unix ms) and nothing more will
   * arrive before it, so the open bucket is emitted (complete) if it closes at or before then.
   * Input before `timestamp` is late afterwards, so pass the clock minus the feed's delivery
   * delay (a source bar arrives after its own close). Returns the number of bars emitted (0 or 1).
   */
  closeUpTo(timestamp: UnixMillis): number {
    if (timestamp > this.floor) this.floor = timestamp;
    if (this.count === 0 || this.bucketEnd > timestamp) return 0;
    this.emit(this.bucketPartial);
    return 1;
  }

  /**
   * Emits the open bucket, if any, and ends it for good (later input for it is late). It is
   * partial unless the data is known complete up to its close: `coverageEnd` (Unix ms, exclusive)
   * defaults to the end of the data seen (last source bar's close, or last trade's time).
   * Returns the number of bars emitted (0 or 1).
   */
  flush(coverageEnd: UnixMillis = this.seenUpTo): number {
    if (this.count === 0) return 0;
    if (this.bucketEnd > this.floor) this.floor = this.bucketEnd;
    this.emit(this.bucketPartial || coverageEnd < this.bucketEnd);
    return 1;
  }

  /** Forgets all state, as if newly constructed (the late count is kept). */
  reset(coverageStart: UnixMillis = Number.NaN): void {
    this.coverageStart = coverageStart;
    this.started = false;
    this.floor = Number.NEGATIVE_INFINITY;
    this.seenUpTo = Number.NEGATIVE_INFINITY;
    this.bucketStart = Number.NEGATIVE_INFINITY;
    this.bucketEnd = Number.NEGATIVE_INFINITY;
    this.count = 0;
    this.volume = 0;
  }

  private openBucket(timestamp: UnixMillis): void {
    this.bucketStart = this.alignment.bucketStart(timestamp);
    this.bucketEnd = this.alignment.bucketEnd(this.bucketStart);
    if (this.started) {
      this.bucketPartial = false;
    } else {
      this.started = true;
      const coverage = Number.isNaN(this.coverageStart) ? timestamp : this.coverageStart;
      this.bucketPartial = coverage > this.bucketStart;
    }
  }

  private emit(partial: boolean): void {
    const view = this.view;
    view.timestamp = this.bucketStart;
    view.open = this.open;
    view.high = this.high;
    view.low = this.low;
    view.close = this.close;
    view.volume = this.volume;
    view.closeTimestamp = this.bucketEnd;
    view.count = this.count;
    view.partial = partial || this.bucketEnd > this.coverageEnd;
    this.count = 0;
    this.volume = 0;
    this.onBar(view);
  }

  private rejectLate(timestamp: UnixMillis): void {
    if (this.dropLate && !Number.isNaN(timestamp)) {
      this.lateCount++;
      return;
    }
    throw new Error(
      `${this.timeframe} aggregation: input at ${describeTime(timestamp)} is out of order or late: inputs must come at or after ${describeTime(this.floor)} (the previous source bar's close, or the close of a bucket already emitted)`,
    );
  }

  private rejectOffGrid(timestamp: UnixMillis): never {
    throw new Error(
      `${this.timeframe} aggregation: source bar at ${formatTimestamp(timestamp)} does not open on the ${this.source?.timeframe} grid`,
    );
  }
}

const describeTime = (timestamp: number): string =>
  Number.isFinite(timestamp) ? formatTimestamp(timestamp) : String(timestamp);
