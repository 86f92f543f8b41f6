import { DataFileError } from './data-file-error.ts';

/** The bar-file layouts {@link loadBars} reads, for validating user input. */
export const BAR_FILE_FORMATS = [
  'csv',
  'yahoo',
  'freqtrade-json',
  'freqtrade-feather',
  'binance-kline-csv',
  'kraken-ohlc-json',
  'ccxt-ohlcv-json',
] as const;
export type BarFileFormat = (typeof BAR_FILE_FORMATS)[number];

/** True when `format` names a bar-file layout (not a tick format, not `auto`, not a typo). */
export function isBarFileFormat(format: string): format is BarFileFormat {
  return (BAR_FILE_FORMATS as readonly string[]).includes(format);
}

/** freqtrade's data file names: `PAIR-TIMEFRAME[-CANDLETYPE].json[.gz]`, e.g. `BTC_USDT-5m.json`. */
const FREQTRADE_NAME = /-\d+[smhdwM](-(futures|mark|index|premiumIndex|funding_rate|spot))?\.json$/;
const ADJ_CLOSE = /(^|,)\s*"?adj(usted)?[ _]?close"?\s*(,|$)/i;
const BINANCE_KLINE_COLUMNS = 12;

function baseName(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return name.endsWith('.gz') ? name.slice(0, -3) : name;
}

/**
 * Detects a bar file's format from its name and the start of its (decompressed) content:
 * Arrow/Feather by extension or the `ARROW1` magic; JSON objects with `result` are Kraken OHLC;
 * JSON arrays are freqtrade's when the name looks like `PAIR-1m.json`, ccxt OHLCV otherwise; a CSV
 * whose header has `Adj Close` is Yahoo; a 12-column CSV starting with an epoch-millisecond or
 * -microsecond integer (or with Binance's `open_time,...` header) is a Binance kline file; any
 * other text is generic CSV. Throws a {@link DataFileError} for JSON it cannot place.
 */
export function detectBarFileFormat(path: string, head: string): BarFileFormat {
  const name = baseName(path).toLowerCase();
  if (name.endsWith('.feather') || name.endsWith('.arrow') || name.endsWith('.ipc') || head.startsWith('ARROW1')) {
    return 'freqtrade-feather';
  }
  const start = head.replace(/^\uFEFF?\s*/, '');
  if (start.startsWith('{')) {
    if (/"result"\s*:/.test(start)) return 'kraken-ohlc-json';
    throw new DataFileError(
      path,
      {},
      'unrecognised JSON object: expected a Kraken OHLC response {"error":[],"result":{...}}',
    );
  }
  if (start.startsWith('[')) return FREQTRADE_NAME.test(baseName(path)) ? 'freqtrade-json' : 'ccxt-ohlcv-json';
  if (name.endsWith('.json')) {
    throw new DataFileError(path, {}, 'not a bar JSON file: expected a top-level array or a Kraken OHLC object');
  }
  const newline = start.indexOf('\n');
  const firstLine = (newline < 0 ? start : start.slice(0, newline)).replace(/\r$/, '');
  if (ADJ_CLOSE.test(firstLine)) return 'yahoo';
  const cells = firstLine.split(',');
  if (cells.length === BINANCE_KLINE_COLUMNS) {
    const first = cells[0].trim();
    if (/^\d{12,17}$/.test(first)) return 'binance-kline-csv';
    if (first.toLowerCase() === 'open_time' && cells[6].trim().toLowerCase() === 'close_time') {
      return 'binance-kline-csv';
    }
  }
  return 'csv';
}
