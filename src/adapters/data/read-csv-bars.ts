import { precisionOf, snapToIncrement } from '../../core/model/decimal.ts';
import { BarSeriesBuilder, type BuiltColumns } from './bar-series-builder.ts';
import { type ColumnMapping, resolveColumns } from './column-mapping.ts';
import { DataFileError } from './data-file-error.ts';
import { parseDecimal } from './parse-decimal.ts';
import {
  type ConcreteTimestampFormat,
  describeTimestampFormat,
  parseTimestamp,
  resolveTimestampFormat,
  type TimestampFormat,
} from './parse-timestamp.ts';
import { Quarantine } from './quarantine.ts';
import { splitCsvLine } from './record-table.ts';

/** Options of {@link readCsvBars}. */
export interface ReadCsvBarsOptions {
  /** Path, for error messages. */
  readonly file: string;
  readonly format: 'csv' | 'yahoo' | 'binance-kline-csv';
  readonly columns: Partial<ColumnMapping> | undefined;
  readonly timestampFormat: TimestampFormat;
  /** Yahoo only: apply the `Adj Close` / `Close` factor to open, high, low and close. */
  readonly adjust: boolean;
  /** Grid the adjusted prices are rounded to. */
  readonly priceIncrement: number;
  readonly volumeUnit: 'base' | 'quote';
  /** Where rejected rows go; default strict (throw at the first). */
  readonly quarantine?: Quarantine;
}

/** Splits one CSV line (RFC 4180 quoting); an unterminated quoted field is a malformed row. */
function splitLine(line: string, file: string, lineNumber: number): string[] {
  const cells = splitCsvLine(line);
  if (cells === undefined)
    throw new DataFileError(file, { line: lineNumber }, 'malformed row: unterminated quoted field');
  return cells;
}

/** True when a first line holds data rather than names: every cell numeric, except the first may be a date. */
function isDataLine(cells: readonly string[]): boolean {
  return cells.every(
    (cell, i) =>
      !Number.isNaN(parseDecimal(cell)) || (i === 0 && !Number.isNaN(parseTimestamp(cell.trim(), 'iso8601'))),
  );
}

const TIME_OF_DAY = /^\d{1,2}:\d\d(:\d\d(\.\d+)?)?$/;

/**
 * backtrader's 1-minute sample names `Date` but not the time-of-day column that follows it in every
 * row (8 fields under 7 names). When the first row has exactly one field more than the header and
 * the field after the date is a time of day, the header gets a `Time` column there; any later row
 * that does not fit is still reported as malformed.
 */
function withUnnamedTime(header: string[], firstRow: string | undefined): string[] {
  const date = header.findIndex((name) => name.toLowerCase() === 'date');
  if (date < 0 || firstRow === undefined || header.some((name) => name.toLowerCase() === 'time')) return header;
  const cells = firstRow.replace(/\r$/, '').split(',');
  if (cells.length !== header.length + 1 || !TIME_OF_DAY.test(cells[date + 1]?.trim() ?? '')) return header;
  return [...header.slice(0, date + 1), 'Time', ...header.slice(date + 1)];
}

/**
 * Reads a CSV bar file (generic with or without header, Yahoo, Binance klines) into validated
 * columns. Line numbers in errors are 1-based lines of the file. Trailing blank lines are allowed;
 * a blank line between rows is an error.
 */
export function readCsvBars(text: string, options: ReadCsvBarsOptions): BuiltColumns {
  const { file } = options;
  const lines = text.split('\n');
  if (lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  let lastLine = lines.length;
  while (lastLine > 0 && lines[lastLine - 1].trim() === '') lastLine--;
  if (lastLine === 0) throw new DataFileError(file, {}, 'the file is empty');
  for (let i = 0; i < lastLine; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);

  const first = splitLine(lines[0], file, 1);
  const hasHeader = !isDataLine(first);
  const header = hasHeader
    ? withUnnamedTime(
        first.map((cell) => cell.trim()),
        lines[1],
      )
    : undefined;
  const columnCount = header?.length ?? first.length;
  const yahoo = options.format === 'yahoo';
  const adjust = yahoo && options.adjust;
  if (options.adjust && !yahoo) {
    throw new DataFileError(file, {}, `option 'adjust' applies to Yahoo files only, this one is ${options.format}`);
  }
  const index = resolveColumns({
    file,
    header,
    columnCount,
    mapping: options.columns,
    adjClose: yahoo,
    line: hasHeader ? 1 : undefined,
  });
  if (adjust && index.adjClose < 0) {
    throw new DataFileError(file, { field: 'adj close' }, "option 'adjust' needs an 'Adj Close' column");
  }
  const precision = precisionOf(options.priceIncrement);
  const builder = new BarSeriesBuilder({
    file,
    locationKind: 'line',
    volumeUnit: options.volumeUnit,
    capacity: lastLine,
  });
  let timestampFormat: ConcreteTimestampFormat | undefined;
  const readNumber = (cells: readonly string[], column: number, field: string, lineNumber: number): number => {
    const value = parseDecimal(cells[column]);
    if (Number.isNaN(value)) {
      throw builder.error(lineNumber, field, `'${cells[column]}' is not a number`, cells[column]);
    }
    return value;
  };

  const quarantine = options.quarantine ?? new Quarantine('strict');
  for (let i = hasHeader ? 1 : 0; i < lastLine; i++) {
    const lineNumber = i + 1;
    const line = lines[i];
    try {
      if (line === '') throw builder.error(lineNumber, undefined, 'malformed row: blank line');
      const cells = splitLine(line, file, lineNumber);
      if (cells.length !== columnCount) {
        throw builder.error(
          lineNumber,
          undefined,
          `malformed row: expected ${columnCount} fields, got ${cells.length}`,
          line,
        );
      }
      const stamp = index.timestamp >= 0 ? cells[index.timestamp] : `${cells[index.date]} ${cells[index.time]}`;
      timestampFormat ??= resolveTimestampFormat(options.timestampFormat, stamp);
      const timestamp = parseTimestamp(stamp, timestampFormat);
      if (Number.isNaN(timestamp)) {
        throw builder.error(
          lineNumber,
          'timestamp',
          `'${stamp}' is not a valid timestamp (${describeTimestampFormat(timestampFormat)})`,
          stamp,
        );
      }
      let open = readNumber(cells, index.open, 'open', lineNumber);
      let high = readNumber(cells, index.high, 'high', lineNumber);
      let low = readNumber(cells, index.low, 'low', lineNumber);
      let close = readNumber(cells, index.close, 'close', lineNumber);
      const volume = index.volume >= 0 ? readNumber(cells, index.volume, 'volume', lineNumber) : 0;
      if (adjust) {
        const adjClose = readNumber(cells, index.adjClose, 'adj close', lineNumber);
        if (!(adjClose > 0) || adjClose === Number.POSITIVE_INFINITY) {
          throw builder.error(lineNumber, 'adj close', `${adjClose} is not a positive finite price`, adjClose);
        }
        builder.check(lineNumber, open, high, low, close, volume);
        // backtrader's YahooFinanceCSVData: f = close / adjClose, x := round(x / f). The close is
        // divided by the same f (= adjClose up to one ulp) so rounding keeps low <= close <= high.
        const factor = close / adjClose;
        open = snapToIncrement(open / factor, options.priceIncrement, precision);
        high = snapToIncrement(high / factor, options.priceIncrement, precision);
        low = snapToIncrement(low / factor, options.priceIncrement, precision);
        close = snapToIncrement(close / factor, options.priceIncrement, precision);
      }
      builder.add(lineNumber, timestamp, open, high, low, close, volume);
    } catch (error) {
      quarantine.reject(error, line);
    }
  }
  return builder.build();
}
