import { BAR_COLUMN_NAMES, type BarSeries } from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import type { Timeframe } from '../../core/model/time.ts';

/** A bar series whose columns live in SharedArrayBuffers: posted to worker threads without a copy each. */
export interface SharedBarSeries {
  readonly instrumentId: string;
  readonly timeframe: string;
  readonly length: number;
  readonly columns: Readonly<Record<(typeof BAR_COLUMN_NAMES)[number], SharedArrayBuffer>>;
}

/** Copies `series` once into shared memory. */
export function shareBarSeries(series: BarSeries): SharedBarSeries {
  const columns = {} as Record<(typeof BAR_COLUMN_NAMES)[number], SharedArrayBuffer>;
  for (const name of BAR_COLUMN_NAMES) {
    const buffer = new SharedArrayBuffer(series.length * Float64Array.BYTES_PER_ELEMENT);
    new Float64Array(buffer).set(series[name].subarray(0, series.length));
    columns[name] = buffer;
  }
  return { instrumentId: series.instrumentId, timeframe: series.timeframe, length: series.length, columns };
}

/** The series over the shared columns (views, no copy); the engine only reads them. */
export function sharedBarSeriesView(shared: SharedBarSeries): BarSeries {
  const column = (name: (typeof BAR_COLUMN_NAMES)[number]): Float64Array =>
    new Float64Array(shared.columns[name], 0, shared.length);
  return {
    instrumentId: shared.instrumentId as InstrumentId,
    timeframe: shared.timeframe as Timeframe,
    length: shared.length,
    timestamp: column('timestamp'),
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
  };
}
