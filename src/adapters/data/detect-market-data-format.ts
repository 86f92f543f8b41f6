import { DataFileError } from './data-file-error.ts';
import { BAR_FILE_FORMATS, detectBarFileFormat } from './detect-bar-file-format.ts';
import { JSON_TABLE_FORMATS } from './read-json-market-data.ts';
import { splitCsvLine } from './record-table.ts';

/** Every market-data file format `tradewind data import` reads (bars, trades and quotes). */
export const MARKET_DATA_FORMATS = [
  ...BAR_FILE_FORMATS,
  ...JSON_TABLE_FORMATS,
  'parquet',
  'freqtrade-trades-feather',
  'trades-csv',
  'kraken-trades-csv',
  'quotes-csv',
] as const;
export type MarketDataFormat = (typeof MARKET_DATA_FORMATS)[number];

/** A detected format; `json` is settled after parsing (see `detectJsonFormat`). */
export type DetectedFormat = MarketDataFormat | 'json';

const PRICE = ['price', 'p', 'px'];
const SIZE = ['quantity', 'amount', 'size', 'qty', 'volume', 'q', 'vol'];
const BID = ['bid', 'bid_price', 'bidprice', 'best_bid', 'bid_px'];
const ASK = ['ask', 'ask_price', 'askprice', 'best_ask', 'offer', 'ask_px'];

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
}

/**
 * Detects a market-data file's format from its name and first bytes (decompressed): Parquet by
 * extension or `PAR1` magic; Feather by extension or `ARROW1` (freqtrade trades when named
 * `…-trades.feather`); JSON by its first character; CSV headers with bid and ask are quotes, with
 * price and quantity but no open are trades, a headerless `epoch-seconds,price,volume` file is a
 * Kraken trade history; other CSV goes to the bar detection. Order books, depth updates and zip
 * archives throw a {@link DataFileError} saying they are not bars, trades or quotes.
 */
export function detectMarketDataFormat(path: string, bytes: Uint8Array): DetectedFormat {
  const name = baseName(path).replace(/\.gz$/, '');
  const magic = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 6)).toString('latin1');
  if (name.endsWith('.parquet') || magic.startsWith('PAR1')) return 'parquet';
  if (/-(funding_rate|premiumindex)\./.test(name)) {
    throw new DataFileError(
      path,
      {},
      'funding-rate / premium-index series, not price bars: the catalog does not store them',
    );
  }
  if (magic.startsWith('PK')) {
    throw new DataFileError(path, {}, 'a zip archive: unpack it and import the files inside');
  }
  if (name.endsWith('.feather') || name.endsWith('.arrow') || name.endsWith('.ipc') || magic === 'ARROW1') {
    return /-trades\.(feather|arrow|ipc)$/.test(name) ? 'freqtrade-trades-feather' : 'freqtrade-feather';
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('utf8');
  const start = head.replace(/^\uFEFF?\s*/, '');
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const newline = start.indexOf('\n');
  const firstLine = (newline < 0 ? start : start.slice(0, newline)).replace(/\r$/, '');
  const cells = (splitCsvLine(firstLine) ?? []).map((cell) => cell.trim().toLowerCase());
  const has = (names: readonly string[]): boolean => names.some((candidate) => cells.includes(candidate));
  if (
    cells.includes('update_type') ||
    cells.includes('is_snapshot') ||
    cells.some((cell) => cell.startsWith('asks['))
  ) {
    throw new DataFileError(
      path,
      { line: 1 },
      'order-book data (depth snapshots or updates), not bars, trades or quotes: the catalog does not store books',
    );
  }
  if (has(BID) && has(ASK)) return 'quotes-csv';
  if (has(PRICE) && has(SIZE) && !cells.includes('open')) return 'trades-csv';
  if (cells.length === 3 && /^\d{9,10}(\.\d+)?$/.test(cells[0])) return 'kraken-trades-csv';
  return detectBarFileFormat(path, head);
}
