import type { InstrumentId } from './ids.ts';
import type { Timeframe, UnixMillis } from './time.ts';

/**
 * One OHLCV bar. `timestamp` is the bar's OPEN time; the bar is complete, and may be acted on,
 * at `timestamp + duration` (its close time), which is when the engine publishes it.
 * `volume` is in base units.
 *
 * In the engine's hot path a Bar is a reused view over columnar arrays: it is valid only during
 * the callback that receives it. Copy the fields you need to keep (`copyBar`).
 */
export interface Bar {
  readonly instrumentId: InstrumentId;
  readonly timeframe: Timeframe;
  readonly timestamp: UnixMillis;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Best bid and ask at a point in time. */
export interface QuoteTick {
  readonly instrumentId: InstrumentId;
  readonly timestamp: UnixMillis;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

/** The mid of a top-of-book quote; NaN for a one-sided book (a side ≤ 0), which has no mid. */
export function quoteMid(bid: number, ask: number): number {
  return bid > 0 && ask > 0 ? (bid + ask) / 2 : Number.NaN;
}

/** The aggressor side of a trade print. */
export const AggressorSide = { Buyer: 'buyer', Seller: 'seller', None: 'none' } as const;
export type AggressorSide = (typeof AggressorSide)[keyof typeof AggressorSide];

/** One trade print on the venue. */
export interface TradeTick {
  readonly instrumentId: InstrumentId;
  readonly timestamp: UnixMillis;
  readonly price: number;
  readonly size: number;
  readonly aggressorSide: AggressorSide;
  readonly tradeId: string;
}

/**
 * Bars of one instrument and timeframe in columnar form, sorted by strictly increasing
 * `timestamp` (open time). Arrays may be longer than `length` (reused buffers); only the first
 * `length` entries are valid.
 */
export interface BarSeries {
  readonly instrumentId: InstrumentId;
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The names of a series' time, price and volume columns, in the order files and tables hold them. */
export const BAR_COLUMN_NAMES = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The price and volume columns of a series, as written row by row. */
export type BarColumns = Pick<BarSeries, (typeof BAR_COLUMN_NAMES)[number]>;

/** Writes one bar's time, prices and volume into row `i` of `columns`. */
export function writeBarRow(
  columns: BarColumns,
  i: number,
  bar: Pick<Bar, 'timestamp' | 'open' | 'high' | 'low' | 'close' | 'volume'>,
): void {
  columns.timestamp[i] = bar.timestamp;
  columns.open[i] = bar.open;
  columns.high[i] = bar.high;
  columns.low[i] = bar.low;
  columns.close[i] = bar.close;
  columns.volume[i] = bar.volume;
}

/** A plain, independent copy of a bar (for keeping one beyond its callback). */
export function copyBar(bar: Bar): Bar {
  return {
    instrumentId: bar.instrumentId,
    timeframe: bar.timeframe,
    timestamp: bar.timestamp,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
  };
}

/** Allocates an empty series of `capacity` bars. */
export function allocateBarSeries(instrumentId: InstrumentId, timeframe: Timeframe, capacity: number): BarSeries {
  return {
    instrumentId,
    timeframe,
    length: 0,
    timestamp: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
}

/** Bars [start, end) of `series`, as views (no copy): `sliceSeries` for bars. */
export function sliceBarSeries(series: BarSeries, start: number, end: number): BarSeries {
  return sliceSeries(series, start, end);
}

/**
 * Rows [start, end) of a columnar series of any kind (bars, quotes, trades): its typed arrays as
 * views (no copy), its plain arrays (trade ids) copied, its other fields kept.
 */
export function sliceSeries<S extends { readonly length: number }>(series: S, start: number, end: number): S {
  const slice: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(series) as [string, unknown][]) {
    if (ArrayBuffer.isView(value)) slice[key] = (value as Float64Array).subarray(start, end);
    else if (Array.isArray(value)) slice[key] = value.slice(start, end);
    else slice[key] = value;
  }
  slice.length = end - start;
  return slice as S;
}

/** Trade prints of one instrument in columnar form, sorted by non-decreasing `timestamp`. */
export interface TradeSeries {
  readonly instrumentId: InstrumentId;
  readonly length: number;
  /** Unix milliseconds of the print. */
  readonly timestamp: Float64Array;
  readonly price: Float64Array;
  readonly size: Float64Array;
  /** 1 buyer-initiated, −1 seller-initiated, 0 unknown. */
  readonly aggressor: Int8Array;
  /** Venue trade ids, as text (they are not always numeric). */
  readonly tradeId: readonly string[];
}

/** Top-of-book quotes of one instrument in columnar form, sorted by non-decreasing `timestamp`. */
export interface QuoteSeries {
  readonly instrumentId: InstrumentId;
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly bidSize: Float64Array;
  readonly askSize: Float64Array;
}
