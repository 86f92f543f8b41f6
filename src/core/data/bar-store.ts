import type { BarSeries } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Timeframe } from '../model/time.ts';

/** Which bars to read: one instrument and timeframe, open times in [from, to). */
export interface BarQuery {
  readonly instrumentId: InstrumentId;
  readonly timeframe: Timeframe;
  /** Inclusive lower bound on open time, Unix ms; default: the first stored bar. */
  readonly from?: number;
  /** Exclusive upper bound on open time, Unix ms; default: after the last stored bar. */
  readonly to?: number;
}

/** What a write did: rows written, and rows already stored with the same open time (replaced). */
export interface BarWriteSummary {
  readonly written: number;
  readonly replaced: number;
  /** Open time of the first and last bar written, Unix ms (NaN when nothing was written). */
  readonly first: number;
  readonly last: number;
}

/**
 * Where bars are kept between runs (the catalog). Importers and backfills append; backtests read a
 * range at once or in chunks. A write of a range replaces stored bars with the same open times and
 * is atomic: readers see the old bars or the new ones, never a mix.
 */
export interface BarStore {
  writeBars(series: BarSeries): Promise<BarWriteSummary>;
  /** The bars of a query as one series (typed arrays, exact length). */
  readBars(query: BarQuery): Promise<BarSeries>;
  /** The bars of a query in chunks of at most `chunkBars`, in time order, with flat memory. */
  streamBars(query: BarQuery, chunkBars: number): AsyncIterable<BarSeries>;
  /** Deletes the stored bars opening at `openTimes` (a repair drops them); returns how many there were. */
  deleteBars(instrumentId: InstrumentId, timeframe: Timeframe, openTimes: readonly number[]): Promise<number>;
  /** Open time of the last stored bar, or undefined when there is none (backfill resumes after it). */
  lastTimestamp(instrumentId: InstrumentId, timeframe: Timeframe): Promise<number | undefined>;
}
