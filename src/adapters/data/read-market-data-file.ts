import type { BuiltColumns } from './bar-series-builder.ts';
import type { ColumnMapping } from './column-mapping.ts';
import { DataFileError } from './data-file-error.ts';
import { isBarFileFormat } from './detect-bar-file-format.ts';
import { type DetectedFormat, detectMarketDataFormat, type MarketDataFormat } from './detect-market-data-format.ts';
import { decodeBarFile } from './load-bars.ts';
import type { TimestampFormat } from './parse-timestamp.ts';
import { Quarantine, type QuarantineEntry, type ReadMode } from './quarantine.ts';
import { readBarTable } from './read-bar-table.ts';
import { readFeatherTable, readParquetTable } from './read-columnar-tables.ts';
import { readDataFileBytes } from './read-data-file-bytes.ts';
import { detectJsonFormat, JSON_TABLE_KIND, type JsonTableFormat, jsonTable } from './read-json-market-data.ts';
import { type QuoteColumns, readQuoteTable } from './read-quote-table.ts';
import { readTradeTable, type TradeColumns } from './read-trade-table.ts';
import { csvTable, findColumn, type RecordTable } from './record-table.ts';
import { cellText } from './table-cells.ts';

/** What to read and how. Only `path` is required. */
export interface ReadMarketDataOptions {
  readonly path: string;
  /** The file's contents, already read and decompressed by the caller (`readDataFileBytes`); read from `path` when absent. */
  readonly bytes?: Uint8Array;
  /** Detected from the name and content when absent. */
  readonly format?: MarketDataFormat;
  /** How text timestamps are written (default `auto`). */
  readonly timestampFormat?: TimestampFormat;
  /** `lenient` (default here): bad rows are quarantined; `strict`: the first throws. */
  readonly mode?: ReadMode;
  /** Bar files only: column names or indexes (see `loadBars`). */
  readonly columns?: Partial<ColumnMapping>;
  /** Bar files only: `quote` when the file's volume is quote notional. */
  readonly volumeUnit?: 'base' | 'quote';
}

/** The validated columns of a file, by kind. */
export type MarketDataColumns =
  | { readonly kind: 'bars'; readonly columns: BuiltColumns }
  | { readonly kind: 'trades'; readonly columns: TradeColumns }
  | { readonly kind: 'quotes'; readonly columns: QuoteColumns };

/** What the file itself says about its instrument (column values, response fields), when it says anything. */
export interface MarketDataHints {
  readonly symbol?: string;
  readonly venue?: string;
  readonly timeframe?: string;
}

/** A read file: its validated rows, the rows not taken, and what it says about itself. */
export interface MarketDataFile {
  readonly path: string;
  readonly format: MarketDataFormat;
  readonly data: MarketDataColumns;
  /** Rows read, taken or not (taken = data.columns.length). */
  readonly rowsRead: number;
  readonly quarantine: readonly QuarantineEntry[];
  readonly hints: MarketDataHints;
}

const KRAKEN_TRADE_CSV = ['timestamp', 'price', 'volume'];

/** First non-empty value of a `symbol` / `exchange` column, as hints. */
function tableHints(table: RecordTable): MarketDataHints {
  const first = (names: readonly string[]): string | undefined => {
    const column = findColumn(table, names);
    const value = column >= 0 && table.length > 0 ? table.cell(0, column) : undefined;
    return value === undefined || value === null || value === '' ? undefined : cellText(value).trim();
  };
  const venue = first(['exchange', 'venue']);
  return { symbol: first(['symbol', 'instrument_id', 'pair']), venue: venue?.toUpperCase() };
}

/** Kind of a columnar table (Parquet, Feather): bars with open/close, quotes with bid/ask, else trades. */
function tableKind(table: RecordTable): 'bars' | 'trades' | 'quotes' {
  if (findColumn(table, ['open']) >= 0 && findColumn(table, ['close']) >= 0) return 'bars';
  if (findColumn(table, ['bid', 'bid_price']) >= 0 && findColumn(table, ['ask', 'ask_price', 'offer']) >= 0) {
    return 'quotes';
  }
  return 'trades';
}

function fromTable(
  table: RecordTable,
  kind: 'bars' | 'trades' | 'quotes',
  options: { quarantine: Quarantine; timestampFormat: TimestampFormat },
): MarketDataColumns {
  if (kind === 'bars') return { kind, columns: readBarTable(table, options) };
  if (kind === 'quotes') return { kind, columns: readQuoteTable(table, options) };
  return { kind, columns: readTradeTable(table, options) };
}

/**
 * Reads any supported market-data file (bars, trades or quotes; see MARKET_DATA_FORMATS) into
 * validated columns. In lenient mode every rejected row is in `quarantine` with its file, line or
 * row, field, value and reason; whole-file problems (unreadable, unknown layout, a required
 * column missing, order-book data) always throw a {@link DataFileError}.
 */
export async function readMarketDataFile(options: ReadMarketDataOptions): Promise<MarketDataFile> {
  const { path } = options;
  const quarantine = new Quarantine(options.mode ?? 'lenient');
  const timestampFormat = options.timestampFormat ?? 'auto';
  const tableOptions = { quarantine, timestampFormat };
  const bytes = options.bytes ?? (await readDataFileBytes(path));
  let format: DetectedFormat = options.format ?? detectMarketDataFormat(path, bytes);
  let data: MarketDataColumns;
  let hints: MarketDataHints = {};
  if (format === 'parquet') {
    const table = await readParquetTable(path);
    data = fromTable(table, tableKind(table), tableOptions);
    hints = tableHints(table);
  } else if (format === 'freqtrade-trades-feather') {
    const table = readFeatherTable(path, bytes);
    data = fromTable(table, 'trades', tableOptions);
  } else if (format === 'trades-csv' || format === 'quotes-csv' || format === 'kraken-trades-csv') {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const names = format === 'kraken-trades-csv' ? KRAKEN_TRADE_CSV : undefined;
    const table = csvTable(path, text, { names, quarantine });
    data = fromTable(table, format === 'quotes-csv' ? 'quotes' : 'trades', tableOptions);
    hints = format === 'kraken-trades-csv' ? { venue: 'KRAKEN' } : tableHints(table);
  } else {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    let document: unknown;
    if (format === 'json' || format in JSON_TABLE_KIND) {
      try {
        document = JSON.parse(text);
      } catch (cause) {
        throw new DataFileError(path, {}, `invalid JSON: ${(cause as Error).message}`);
      }
      if (format === 'json') format = detectJsonFormat(path, document);
    }
    if (format in JSON_TABLE_KIND) {
      const json = jsonTable(path, format as JsonTableFormat, document);
      data = fromTable(json.table, JSON_TABLE_KIND[format as JsonTableFormat], tableOptions);
      hints = { symbol: json.symbol, venue: json.venue, timeframe: json.timeframe };
    } else {
      if (!isBarFileFormat(format)) throw new Error(`readMarketDataFile: unhandled format ${format}`);
      if (format === 'kraken-ohlc-json') hints = { venue: 'KRAKEN' };
      const columns = decodeBarFile(
        bytes,
        format,
        { path, columns: options.columns, timestampFormat, volumeUnit: options.volumeUnit },
        quarantine,
      );
      data = { kind: 'bars', columns };
    }
  }
  const entries = quarantine.entries;
  return {
    path,
    format: format as MarketDataFormat,
    data,
    rowsRead: data.columns.length + entries.length,
    quarantine: entries,
    hints,
  };
}
