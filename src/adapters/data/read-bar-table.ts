import { BarSeriesBuilder, type BuiltColumns } from './bar-series-builder.ts';
import { type ReadTableOptions, requireColumn } from './read-trade-table.ts';
import { findColumn, type RecordTable } from './record-table.ts';
import { cellText, numberCell, resolveCellTimestampFormat, timestampCell } from './table-cells.ts';

/** Column names each bar field is looked up by in tables (Parquet, pandas JSON, ccxt responses). */
export const BAR_COLUMN_NAMES = {
  timestamp: ['timestamp', 'ts_event', 'date', 'datetime', 'time', 'open_time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol'],
} as const;

/**
 * Reads OHLCV bars from a table (open times), with the same row checks as every bar file
 * ({@link BarSeriesBuilder}: positive prices, open and close within [low, high], non-negative
 * volume, strictly ascending timestamps). A table without a volume column gives volume 0.
 */
export function readBarTable(table: RecordTable, options: ReadTableOptions): BuiltColumns {
  const names = BAR_COLUMN_NAMES;
  const time = requireColumn(table, 'timestamp', names.timestamp);
  const open = requireColumn(table, 'open', names.open);
  const high = requireColumn(table, 'high', names.high);
  const low = requireColumn(table, 'low', names.low);
  const close = requireColumn(table, 'close', names.close);
  const volume = findColumn(table, names.volume);
  const format = resolveCellTimestampFormat(table, time, options.timestampFormat);
  const builder = new BarSeriesBuilder({
    file: table.file,
    locationKind: table.locationKind,
    volumeUnit: 'base',
    capacity: table.length,
  });
  for (let i = 0; i < table.length; i++) {
    const location = table.location(i);
    try {
      const number = (column: number, field: string): number => {
        const raw = table.cell(i, column);
        const value = numberCell(raw);
        if (Number.isNaN(value))
          throw builder.error(location, field, `'${cellText(raw)}' is not a number`, cellText(raw));
        return value;
      };
      const rawTime = table.cell(i, time);
      const timestamp = timestampCell(rawTime, format);
      if (!Number.isFinite(timestamp)) {
        throw builder.error(
          location,
          'timestamp',
          `'${cellText(rawTime)}' is not a valid timestamp (${format})`,
          cellText(rawTime),
        );
      }
      builder.add(
        location,
        timestamp,
        number(open, 'open'),
        number(high, 'high'),
        number(low, 'low'),
        number(close, 'close'),
        volume >= 0 ? number(volume, 'volume') : 0,
      );
    } catch (error) {
      options.quarantine.reject(error, table.raw(i));
    }
  }
  return builder.build();
}
