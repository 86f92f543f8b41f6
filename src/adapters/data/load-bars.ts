import type { BarSeries } from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import { formatTimestamp, isTimeframe, type Timeframe } from '../../core/model/time.ts';
import { type BuiltColumns, selectBarSeries } from './bar-series-builder.ts';
import type { ColumnMapping } from './column-mapping.ts';
import { DataFileError } from './data-file-error.ts';
import {
  BAR_FILE_FORMATS,
  type BarFileFormat,
  detectBarFileFormat,
  isBarFileFormat,
} from './detect-bar-file-format.ts';
import { detectMarketDataFormat } from './detect-market-data-format.ts';
import { detectTimeframe } from './detect-timeframe.ts';
import type { TimestampFormat } from './parse-timestamp.ts';
import { Quarantine, type QuarantineEntry, type ReadMode } from './quarantine.ts';
import { readCsvBars } from './read-csv-bars.ts';
import { readDataFileBytes } from './read-data-file-bytes.ts';
import { readFeatherBars } from './read-feather-bars.ts';
import { readJsonBars } from './read-json-bars.ts';

const HEAD_BYTES = 4096;

/** What to load and how. Only `path` and `instrumentId` are required. */
export interface LoadBarsOptions {
  /** File to read; `.gz` (or any gzip content) is decompressed first. */
  path: string;
  /** The file's contents, already read and decompressed by the caller (`readDataFileBytes`); read from `path` when absent. */
  bytes?: Uint8Array;
  instrumentId: InstrumentId;
  /** Detected from the extension and content when absent (see `detectBarFileFormat`). */
  format?: BarFileFormat;
  /** Detected as the most common step between timestamps when absent. */
  timeframe?: Timeframe;
  /**
   * Column names or 0-based indexes (as strings). Default: case-insensitive match of
   * timestamp|datetime|date|time|open_time (or split `Date` + `Time`), open, high, low, close,
   * volume|vol; for headerless files columns 0–5. Without a volume column volume is 0.
   */
  columns?: Partial<ColumnMapping>;
  /** How text timestamps are written (default `auto`). For JSON, `auto` is the format's own unit. */
  timestampFormat?: TimestampFormat;
  /** Yahoo only: scale open/high/low/close by `Adj Close / Close`, rounded to `priceIncrement`. Volume is kept. */
  adjust?: boolean;
  /** Rounding grid used by `adjust` (default 0.01). */
  priceIncrement?: number;
  /** `quote`: the file's volume is quote notional; it is divided by the close to give base units. */
  volumeUnit?: 'base' | 'quote';
  /** Keep bars with `from <= timestamp` (Unix ms, open time). */
  from?: number;
  /** Keep bars with `timestamp < to` (Unix ms, open time). */
  to?: number;
  /**
   * `strict` (default): the first invalid row throws. `lenient`: invalid rows are listed in
   * `quarantine` and the valid ones loaded; a file with no valid row still throws.
   */
  mode?: ReadMode;
}

/** The bars of a file, with what was found out about it. */
export interface LoadedBars {
  /** Bars with from <= timestamp < to, exact-length arrays or views. */
  series: BarSeries;
  format: BarFileFormat;
  timeframe: Timeframe;
  /** Data rows taken from the file (all validated), before the from/to selection. */
  rowsRead: number;
  path: string;
  /** Rows not taken (lenient mode; always empty in strict mode, which throws instead). */
  quarantine: QuarantineEntry[];
}

function checkOptions(options: LoadBarsOptions): void {
  if (options.format !== undefined && !isBarFileFormat(options.format)) {
    throw new Error(`loadBars: unknown format '${options.format}'; expected one of ${BAR_FILE_FORMATS.join(', ')}`);
  }
  if (options.timeframe !== undefined && !isTimeframe(options.timeframe)) {
    throw new Error(`loadBars: invalid timeframe '${options.timeframe}'`);
  }
  for (const bound of ['from', 'to'] as const) {
    const value = options[bound];
    if (value !== undefined && !Number.isFinite(value))
      throw new Error(`loadBars: '${bound}' must be finite, got ${value}`);
  }
  const increment = options.priceIncrement;
  if (increment !== undefined && !(increment > 0 && Number.isFinite(increment))) {
    throw new Error(`loadBars: priceIncrement must be a positive finite number, got ${increment}`);
  }
}

/**
 * Decodes a bar file's (decompressed) bytes in a known format into validated columns, rejecting
 * rows through `quarantine` (strict: throw; lenient: record and go on).
 */
export function decodeBarFile(
  bytes: Uint8Array,
  format: BarFileFormat,
  options: Omit<LoadBarsOptions, 'instrumentId'>,
  quarantine: Quarantine,
): BuiltColumns {
  const file = options.path;
  const volumeUnit = options.volumeUnit ?? 'base';
  const timestampFormat = options.timestampFormat ?? 'auto';
  if (format === 'freqtrade-feather') {
    if (options.adjust) throw new DataFileError(file, {}, "option 'adjust' applies to Yahoo files only");
    return readFeatherBars(bytes, { file, columns: options.columns, volumeUnit, quarantine });
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (format === 'freqtrade-json' || format === 'ccxt-ohlcv-json' || format === 'kraken-ohlc-json') {
    if (options.adjust) throw new DataFileError(file, {}, "option 'adjust' applies to Yahoo files only");
    return readJsonBars(text, { file, format, timestampFormat, volumeUnit, quarantine });
  }
  return readCsvBars(text, {
    file,
    format,
    columns: options.columns,
    timestampFormat,
    adjust: options.adjust ?? false,
    priceIncrement: options.priceIncrement ?? 0.01,
    volumeUnit,
    quarantine,
  });
}

/**
 * The bar format of a file, detected from its name and content. A file that the market-data
 * detection recognizes as trades, quotes or Parquet is refused with what it holds, rather than
 * misread as CSV bars; where that detection itself refuses the file, the bar detection decides.
 */
function detectBarFormat(file: string, bytes: Uint8Array, head: string): BarFileFormat {
  let market: string | undefined;
  try {
    market = detectMarketDataFormat(file, bytes);
  } catch {
    market = undefined;
  }
  if (market === 'parquet')
    throw new DataFileError(
      file,
      {},
      'a Parquet file: bars are read from CSV, JSON and Feather files; import Parquet into the catalog (`tradewind data import`), or backtest a Parquet tick file with `tradewind backtest`',
    );
  if (market !== undefined && market !== 'json' && !isBarFileFormat(market))
    throw new DataFileError(
      file,
      {},
      `${market.includes('quotes') ? 'quotes' : 'trades'} (${market}), not bars: tick files run with \`tradewind backtest\`; other commands need bars`,
    );
  return detectBarFileFormat(file, head);
}

/**
 * Loads a bar file into a validated {@link BarSeries}: generic CSV (with or without header),
 * Yahoo CSV, Binance kline CSV, freqtrade JSON and Feather, ccxt OHLCV JSON, Kraken OHLC JSON.
 * Any malformed or inconsistent row, unsorted or duplicate timestamp, empty file or empty
 * [from, to) selection throws a {@link DataFileError} naming file, line or row, field and value.
 */
export async function loadBars(options: LoadBarsOptions): Promise<LoadedBars> {
  checkOptions(options);
  const file = options.path;
  const bytes = options.bytes ?? (await readDataFileBytes(file));
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD_BYTES)).toString('utf8');
  const format = options.format ?? detectBarFormat(file, bytes, head);
  const quarantine = new Quarantine(options.mode ?? 'strict');
  const columns = decodeBarFile(bytes, format, options, quarantine);
  if (columns.length === 0) {
    const rejected = quarantine.entries;
    throw new DataFileError(
      file,
      {},
      rejected.length === 0
        ? 'the file holds no bars'
        : `no valid bars: all ${rejected.length} rows were rejected, the first because ${rejected[0].reason}`,
    );
  }
  const timeframe = options.timeframe ?? detectTimeframe(columns.timestamp, columns.length);
  if (timeframe === undefined) {
    throw new DataFileError(
      file,
      {},
      columns.length < 2
        ? `cannot detect the timeframe from ${columns.length} bar; pass options.timeframe`
        : 'cannot detect the timeframe: the most common step is not a whole number of seconds; pass options.timeframe',
    );
  }
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const series = selectBarSeries(columns, options.instrumentId, timeframe, from, to);
  if (series.length === 0) {
    const bound = (value: number): string => (Number.isFinite(value) ? formatTimestamp(value) : String(value));
    throw new DataFileError(
      file,
      {},
      `no bars in [${bound(from)}, ${bound(to)}); the file covers ${formatTimestamp(columns.timestamp[0])}` +
        ` to ${formatTimestamp(columns.timestamp[columns.length - 1])}`,
    );
  }
  return { series, format, timeframe, rowsRead: columns.length, path: file, quarantine: quarantine.entries };
}
