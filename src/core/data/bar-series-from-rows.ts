import type { BarSeries } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Timeframe } from '../model/time.ts';

/** One bar as a row: [open time (Unix ms), open, high, low, close, volume]. */
export type BarRowValues = readonly [number, number, number, number, number, number];

/**
 * A series from rows taken as they are: no sorting and no validation, so it can hold the
 * duplicates, disorder and broken prices a quality report looks for (tests, raw vendor rows).
 */
export function barSeriesFromRows(
  instrumentId: InstrumentId,
  timeframe: Timeframe,
  rows: readonly BarRowValues[],
): BarSeries {
  const column = (c: number) => Float64Array.from(rows, (row) => row[c]);
  return {
    instrumentId,
    timeframe,
    length: rows.length,
    timestamp: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}
