import { DataFileError } from './data-file-error.ts';
import type { BarFileFormat } from './detect-bar-file-format.ts';
import { detectBarFileFormat } from './detect-bar-file-format.ts';
import { arrayRowsTable, columnarTable, objectRowsTable, type RecordTable } from './record-table.ts';

/** JSON layouts read through tables (the bar layouts of {@link readJsonBars} are listed in BAR_FILE_FORMATS). */
export const JSON_TABLE_FORMATS = [
  'binance-klines-json',
  'pandas-columns-json',
  'ccxt-static-response',
  'kraken-trades-json',
  'binance-trades-json',
  'freqtrade-trades-json',
  'ccxt-trades-json',
] as const;
export type JsonTableFormat = (typeof JSON_TABLE_FORMATS)[number];

/** What kind of market data a JSON layout holds. */
export const JSON_TABLE_KIND: Readonly<Record<JsonTableFormat, 'bars' | 'trades'>> = {
  'binance-klines-json': 'bars',
  'pandas-columns-json': 'bars',
  'ccxt-static-response': 'bars',
  'kraken-trades-json': 'trades',
  'binance-trades-json': 'trades',
  'freqtrade-trades-json': 'trades',
  'ccxt-trades-json': 'trades',
};

const BINANCE_KLINE = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'trades',
  'taker_buy_base',
  'taker_buy_quote',
  'ignore',
];
const OHLCV = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];
const FREQTRADE_TRADE = ['timestamp', 'id', 'type', 'side', 'price', 'amount', 'cost'];
const KRAKEN_TRADE = ['price', 'volume', 'time', 'side', 'order_type', 'misc', 'trade_id'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The single pair's rows of a Kraken `{error: [], result: {PAIR: rows, last}}` response. */
function krakenPair(document: Record<string, unknown>): [string, unknown] | undefined {
  const result = document.result;
  if (!isObject(result) || !Array.isArray(document.error)) return undefined;
  const pairs = Object.keys(result).filter((key) => key !== 'last');
  return pairs.length === 1 ? [pairs[0], result[pairs[0]]] : undefined;
}

/**
 * Places a parsed JSON document: arrays of 12-element rows are Binance klines, of 7-element rows
 * with a text id freqtrade trades, of 6-element rows OHLCV (freqtrade or ccxt by the file name);
 * arrays of objects are Binance trades (`isBuyerMaker`, or aggTrades `p`/`T`) or ccxt trades
 * (`price`, `amount`); a Kraken `result` holds OHLC or trades (rows starting with a price text);
 * `{exchange, methods}` is a ccxt static test response; `{open: {index: value}, …}` is pandas JSON.
 */
export function detectJsonFormat(file: string, document: unknown): BarFileFormat | JsonTableFormat {
  if (Array.isArray(document)) {
    const first: unknown = document[0];
    if (Array.isArray(first)) {
      if (first.length === 12) return 'binance-klines-json';
      if (first.length === 7 && typeof first[1] === 'string') return 'freqtrade-trades-json';
      return detectBarFileFormat(file, '[');
    }
    if (isObject(first)) {
      if ('isBuyerMaker' in first || ('p' in first && 'T' in first)) return 'binance-trades-json';
      if ('price' in first && 'amount' in first) return 'ccxt-trades-json';
    }
    if (document.length === 0) throw new DataFileError(file, {}, 'the file holds an empty array');
    throw new DataFileError(file, { row: 0 }, 'unrecognised JSON rows: not OHLCV arrays, klines or trades');
  }
  if (isObject(document)) {
    const pair = krakenPair(document);
    if (pair !== undefined && Array.isArray(pair[1]) && Array.isArray(pair[1][0])) {
      return typeof pair[1][0][0] === 'string' ? 'kraken-trades-json' : 'kraken-ohlc-json';
    }
    if ('result' in document && Array.isArray(document.error)) return 'kraken-ohlc-json';
    if (isObject(document.methods) && typeof document.exchange === 'string') return 'ccxt-static-response';
    if (isObject(document.open) && isObject(document.close)) return 'pandas-columns-json';
  }
  throw new DataFileError(file, {}, 'unrecognised JSON document: not a known bar, trade or exchange-response layout');
}

/** A JSON table format's rows as a table, with what the document says about the instrument. */
export interface JsonTable {
  readonly table: RecordTable;
  readonly symbol?: string;
  readonly venue?: string;
  readonly timeframe?: string;
}

/** Turns a parsed document of a {@link JsonTableFormat} into a table. */
export function jsonTable(file: string, format: JsonTableFormat, document: unknown): JsonTable {
  const shapeError = (expected: string) =>
    new DataFileError(file, {}, `not a ${format} document: expected ${expected}`);
  switch (format) {
    case 'binance-klines-json':
      if (!Array.isArray(document)) throw shapeError('an array of kline arrays');
      return { table: arrayRowsTable(file, BINANCE_KLINE, document) };
    case 'freqtrade-trades-json':
      if (!Array.isArray(document)) throw shapeError('an array of trade arrays');
      return { table: arrayRowsTable(file, FREQTRADE_TRADE, document) };
    case 'binance-trades-json':
      if (!Array.isArray(document)) throw shapeError('an array of trade objects');
      return { table: objectRowsTable(file, document) };
    case 'ccxt-trades-json': {
      if (!Array.isArray(document)) throw shapeError('an array of ccxt trade objects');
      const first: unknown = document[0];
      const symbol = isObject(first) && typeof first.symbol === 'string' ? first.symbol : undefined;
      return { table: objectRowsTable(file, document), symbol };
    }
    case 'kraken-trades-json': {
      const pair = isObject(document) ? krakenPair(document) : undefined;
      if (pair === undefined || !Array.isArray(pair[1])) throw shapeError('{"result": {PAIR: [...], "last": …}}');
      return { table: arrayRowsTable(file, KRAKEN_TRADE, pair[1]), symbol: pair[0], venue: 'KRAKEN' };
    }
    case 'pandas-columns-json': {
      if (!isObject(document)) throw shapeError('{column: {index: value}}');
      const columns: Record<string, unknown[]> = {};
      for (const [name, values] of Object.entries(document)) {
        if (!isObject(values)) throw new DataFileError(file, { field: name }, 'column is not an {index: value} object');
        columns[name] = Object.values(values);
      }
      return { table: columnarTable(file, columns) };
    }
    case 'ccxt-static-response': {
      const methods = isObject(document) ? document.methods : undefined;
      const calls = isObject(methods) ? methods.fetchOHLCV : undefined;
      const call: unknown = Array.isArray(calls) ? calls[0] : undefined;
      if (!isObject(call) || !Array.isArray(call.parsedResponse)) {
        throw shapeError('a methods.fetchOHLCV entry with a parsedResponse');
      }
      const input = Array.isArray(call.input) ? call.input : [];
      return {
        table: arrayRowsTable(file, OHLCV, call.parsedResponse),
        symbol: typeof input[0] === 'string' ? input[0] : undefined,
        timeframe: typeof input[1] === 'string' ? input[1] : undefined,
        venue:
          isObject(document) && typeof document.exchange === 'string' ? document.exchange.toUpperCase() : undefined,
      };
    }
  }
}
