import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** One recorded candle: its open time (Unix ms) and the row exactly as the venue sent it. */
export interface RecordedCandle {
  readonly openTime: number;
  readonly row: readonly unknown[];
}

/** A venue's recorded candle series and how its REST API is shaped. */
export interface RecordedVenue {
  /** ccxt id. */
  readonly exchangeId: 'kraken' | 'binance' | 'bitvavo';
  /** Unified symbol and the venue's market id. */
  readonly symbol: string;
  readonly marketId: string;
  readonly base: string;
  readonly quote: string;
  /** The recorded candles in ascending open time. */
  readonly candles: readonly RecordedCandle[];
}

/** Kraken `/0/public/OHLC` XBTUSDT 1m response (nautilus_trader test data): 721 rows, newest still forming. */
export function krakenXbtUsdt(): RecordedVenue & { readonly last: number } {
  const body = JSON.parse(readFileSync(join(FIXTURES, 'kraken-http-ohlc.json'), 'utf8')) as {
    result: { XBTUSDT: unknown[][]; last: number };
  };
  return {
    exchangeId: 'kraken',
    symbol: 'BTC/USDT',
    marketId: 'XBTUSDT',
    base: 'BTC',
    quote: 'USDT',
    candles: body.result.XBTUSDT.map((row) => ({ openTime: (row[0] as number) * 1000, row })),
    last: body.result.last,
  };
}

/**
 * Binance ADABTC 1m klines of 2021-11-27 00:00–00:09 and 2021-11-28 00:00–00:10 (data.binance.vision
 * CSV rows, nautilus_trader test data), in the REST kline shape: times and trade count as numbers,
 * decimals as the recorded strings.
 */
export function binanceAdaBtc(): RecordedVenue {
  const candles: RecordedCandle[] = [];
  for (const file of ['ADABTC-1m-2021-11-27.csv', 'ADABTC-1m-2021-11-28.csv']) {
    for (const line of readFileSync(join(FIXTURES, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const f = line.trim().split(',');
      const row = [Number(f[0]), f[1], f[2], f[3], f[4], f[5], Number(f[6]), f[7], Number(f[8]), f[9], f[10], f[11]];
      candles.push({ openTime: Number(f[0]), row });
    }
  }
  return { exchangeId: 'binance', symbol: 'ADA/BTC', marketId: 'ADABTC', base: 'ADA', quote: 'BTC', candles };
}

/** Bitvavo BTC-EUR 1m candles from ccxt's static test response (5 rows, sent newest first). */
export function bitvavoBtcEur(): RecordedVenue {
  const file = JSON.parse(readFileSync(join(FIXTURES, 'bitvavo-static-response.json'), 'utf8')) as {
    methods: { fetchOHLCV: { httpResponse: unknown[][] }[] };
  };
  const rows = file.methods.fetchOHLCV[0].httpResponse;
  const candles = rows.map((row) => ({ openTime: row[0] as number, row })).reverse();
  return { exchangeId: 'bitvavo', symbol: 'BTC/EUR', marketId: 'BTC-EUR', base: 'BTC', quote: 'EUR', candles };
}

/**
 * The ccxt market structure for a recorded venue's one market (symbol ↔ id mapping only: the
 * recordings hold no market listing, so tests hand ccxt the market instead of loading it).
 */
export function recordedMarket(venue: RecordedVenue): Record<string, unknown> {
  return {
    id: venue.marketId,
    symbol: venue.symbol,
    base: venue.base,
    quote: venue.quote,
    baseId: venue.base,
    quoteId: venue.quote,
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    linear: undefined,
    inverse: undefined,
    active: true,
    precision: {},
    limits: {},
    info: {},
  };
}
