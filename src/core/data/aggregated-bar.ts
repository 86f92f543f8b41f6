import {
  allocateBarSeries,
  BAR_COLUMN_NAMES,
  type Bar,
  type BarSeries,
  sliceBarSeries,
  writeBarRow,
} from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Timeframe, UnixMillis } from '../model/time.ts';

/**
 * A bar built by an aggregator from source bars or trades. Like the engine's bars it is a reused
 * view, valid only during the callback that receives it (copy what you keep).
 */
export interface AggregatedBar extends Bar {
  /**
   * When the bar ended, Unix ms: for time bars the bucket's close (exclusive, = the next bucket's
   * open); for tick, volume and notional bars the time of the trade that completed it (of the last
   * trade in it, when flushed partial), while `timestamp` is the time of its first trade.
   */
  readonly closeTimestamp: UnixMillis;
  /** Source bars or trades that went into the bar (a trade split across bars counts in each). */
  readonly count: number;
  /**
   * The bar does not cover its whole period: data started after its bucket opened (leading) or
   * ended before its bucket closed (trailing), or a threshold bar was flushed below its threshold.
   * Its OHLCV is what was seen, not what the venue would report for the full period.
   */
  readonly partial: boolean;
}

/** Receives completed bars from an aggregator (the bar is a view valid only during the call). */
export type AggregatedBarHandler = (bar: AggregatedBar) => void;

/** The reused view an aggregator fills before calling its handler. */
export class AggregatedBarView implements AggregatedBar {
  timestamp = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  closeTimestamp = 0;
  count = 0;
  partial = false;

  constructor(
    readonly instrumentId: InstrumentId,
    readonly timeframe: Timeframe,
  ) {}
}

/** Aggregated bars in columnar form, with the per-bar facts a plain BarSeries cannot carry. */
export interface AggregatedSeries {
  /** The bars; arrays are exact-length views. */
  readonly series: BarSeries;
  /** See {@link AggregatedBar.closeTimestamp}. */
  readonly closeTimestamp: Float64Array;
  /** Source bars or trades per bar. */
  readonly count: Uint32Array;
  /** 1 where the bar is partial (see {@link AggregatedBar.partial}), else 0. */
  readonly partial: Uint8Array;
}

/**
 * Collects emitted bars into typed arrays sized up front (`capacity`), growing by doubling only
 * when the estimate was short, so a batch allocates a handful of arrays, never one object per bar.
 */
export class AggregatedSeriesBuilder {
  length = 0;
  /** The bars as a series of `capacity` rows (its columns replaced, not resized, when they grow). */
  private readonly columns: { -readonly [K in keyof BarSeries]: BarSeries[K] };
  private closeTimestamp: Float64Array;
  private count: Uint32Array;
  private partial: Uint8Array;
  /** Bound `push`, to hand to an aggregator as its handler. */
  readonly handler: AggregatedBarHandler = (bar) => this.push(bar);

  constructor(instrumentId: InstrumentId, timeframe: Timeframe, capacity: number) {
    const n = Math.max(1, Math.ceil(capacity));
    this.columns = allocateBarSeries(instrumentId, timeframe, n);
    this.closeTimestamp = new Float64Array(n);
    this.count = new Uint32Array(n);
    this.partial = new Uint8Array(n);
  }

  push(bar: AggregatedBar): void {
    const i = this.length;
    if (i === this.closeTimestamp.length) this.grow();
    writeBarRow(this.columns, i, bar);
    this.closeTimestamp[i] = bar.closeTimestamp;
    this.count[i] = bar.count;
    this.partial[i] = bar.partial ? 1 : 0;
    this.length = i + 1;
  }

  /** The bars collected so far, as exact-length views of the builder's arrays. */
  finish(): AggregatedSeries {
    const n = this.length;
    return {
      series: sliceBarSeries(this.columns, 0, n),
      closeTimestamp: this.closeTimestamp.subarray(0, n),
      count: this.count.subarray(0, n),
      partial: this.partial.subarray(0, n),
    };
  }

  private grow(): void {
    const grown = <T extends Float64Array | Uint32Array | Uint8Array>(array: T): T => {
      const next = new (array.constructor as new (length: number) => T)(array.length * 2);
      next.set(array);
      return next;
    };
    const c = this.columns;
    for (const key of BAR_COLUMN_NAMES) c[key] = grown(c[key]);
    this.closeTimestamp = grown(this.closeTimestamp);
    this.count = grown(this.count);
    this.partial = grown(this.partial);
  }
}
