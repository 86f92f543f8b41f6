import type { MarketDataFormat, MarketDataHints } from '../../adapters/data/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/** What a file's name says about its instrument, when it says anything. */
export interface NameHints {
  readonly symbol?: string;
  readonly venue?: string;
  readonly timeframe?: string;
}

const FREQTRADE_NAME =
  /^([A-Z0-9]+)_([A-Z0-9]+)(?:_([A-Z0-9]+))?-(\d+[smhdwM]|trades)(?:-(?:futures|mark|index|spot))?\.(?:json|feather|arrow|parquet)(?:\.gz)?$/;
const NAUTILUS_ID = /\b([A-Z0-9][A-Z0-9/_-]*[A-Z0-9])\.([A-Z][A-Z0-9_]+)\b/;
const BINANCE_KLINE_NAME = /^([A-Z0-9]+)-(\d+[smhdwM])-\d{4}-\d\d(?:-\d\d)?\.csv$/;
const YAHOO_NAME = /^([a-z]{1,5})-\d{4}(?:-\d{4})?\.(?:txt|csv)$/;

/**
 * Reads the instrument from a file name: freqtrade `BTC_USDT-1m.feather` → BTC/USDT (futures
 * `XRP_USDT_USDT-5m-futures` → XRP/USDT:USDT), a NautilusTrader instrument id `BTCUSDT.BINANCE`
 * anywhere in the name, Binance Vision `ADABTC-1m-2021-11-27.csv` (venue BINANCE), a Yahoo
 * `orcl-2014.txt` (ticker ORCL).
 */
export function nameHints(path: string, format: MarketDataFormat): NameHints {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const freqtrade = FREQTRADE_NAME.exec(name);
  if (freqtrade !== null) {
    const [, base, quote, settle, timeframe] = freqtrade;
    return {
      symbol: `${base}/${quote}${settle === undefined ? '' : `:${settle}`}`,
      timeframe: timeframe === 'trades' ? undefined : timeframe,
    };
  }
  const stem = name.replace(/\.(csv|json|parquet|feather|txt)(\.gz)?$/i, '');
  const nautilus = NAUTILUS_ID.exec(stem);
  if (nautilus !== null) return { symbol: nautilus[1], venue: nautilus[2] };
  const kline = BINANCE_KLINE_NAME.exec(name);
  if (kline !== null && format === 'binance-kline-csv')
    return { symbol: kline[1], venue: 'BINANCE', timeframe: kline[2] };
  const yahoo = YAHOO_NAME.exec(name);
  if (yahoo !== null && format === 'yahoo') return { symbol: yahoo[1].toUpperCase() };
  return {};
}

/** The venue a format implies (exchange REST payloads), if any. */
function formatVenue(format: MarketDataFormat): string | undefined {
  if (format.startsWith('kraken-')) return 'KRAKEN';
  if (format.startsWith('binance-')) return 'BINANCE';
  return undefined;
}

/** Inputs of {@link resolveInstrument}. */
export interface ResolveInstrumentOptions {
  readonly path: string;
  readonly format: MarketDataFormat;
  readonly symbol?: string;
  readonly venue?: string;
  readonly contents: MarketDataHints;
}

/**
 * The symbol and venue to file a file's data under: the flags first, then what the contents say
 * (a symbol or exchange column, a response's pair), then the file name, then the format's venue.
 * A NautilusTrader-style `SYMBOL.VENUE` symbol is split. Throws a ConfigError asking for
 * `--symbol` or `--venue` when neither source gives one.
 */
export function resolveInstrument(options: ResolveInstrumentOptions): { symbol: string; venue: string } {
  const fromName = nameHints(options.path, options.format);
  let symbol = options.symbol ?? options.contents.symbol ?? fromName.symbol;
  let venue = options.venue ?? options.contents.venue ?? fromName.venue ?? formatVenue(options.format);
  if (symbol !== undefined && venue === undefined) {
    const id = NAUTILUS_ID.exec(symbol);
    if (id !== null && id[0] === symbol) [symbol, venue] = [id[1], id[2]];
  }
  if (symbol === undefined || symbol.trim() === '') {
    throw new ConfigError(
      `${options.path}: cannot tell the instrument from the file name or contents; pass --symbol (e.g. --symbol BTC/USDT)`,
    );
  }
  if (venue === undefined || venue.trim() === '') {
    throw new ConfigError(
      `${options.path}: cannot tell the venue of ${symbol} from the file name or contents; pass --venue (e.g. --venue BINANCE)`,
    );
  }
  return { symbol: symbol.trim(), venue: venue.trim().toUpperCase() };
}
