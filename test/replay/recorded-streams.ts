import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { binanceAdaBtc } from './recorded-venues.ts';

/** The repository's root (test/replay/ is two levels down). */
const ROOT = join(import.meta.dirname, '..', '..');

/** NautilusTrader's recorded Binance BTCUSDT trades (2,001 prints, 2021-01-08 00:00:00.278–00:00:46.355 UTC). */
export const BINANCE_TRADES_FILE = join(
  ROOT,
  '..',
  'shared',
  'data',
  'nautilus_trader',
  'tests',
  'test_data',
  'binance',
  'btcusdt-trades.parquet',
);

/** One recorded trade as the file holds it. */
export interface RecordedTrade {
  /** Unix ms. */
  readonly timestamp: number;
  readonly tradeId: string;
  readonly price: number;
  readonly quantity: number;
  /** True when the buyer was the resting (maker) side, i.e. the aggressor sold. */
  readonly buyerMaker: boolean;
}

/** The recorded BTCUSDT trades in file order, read through DuckDB. */
export async function recordedBinanceTrades(): Promise<RecordedTrade[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT epoch_ms(timestamp)::DOUBLE AS ts, trade_id::VARCHAR AS id, price, quantity, buyer_maker
       FROM read_parquet('${BINANCE_TRADES_FILE.replaceAll("'", "''")}')`,
    );
    return reader.getRowsJS().map((row) => ({
      timestamp: Number(row[0]),
      tradeId: String(row[1]),
      price: Number(row[2]),
      quantity: Number(row[3]),
      buyerMaker: String(row[4]) === 'True',
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * A recorded trade as a Binance `<symbol>@trade` stream message. Only fields the recording holds
 * are sent (event and trade time, symbol, id, price, quantity, maker flag); the order ids `b` / `a`
 * were not recorded and are left out rather than invented.
 */
export function binanceTradeMessage(trade: RecordedTrade, marketId = 'BTCUSDT'): Record<string, unknown> {
  return {
    e: 'trade',
    E: trade.timestamp,
    s: marketId,
    t: Number(trade.tradeId),
    p: String(trade.price),
    q: String(trade.quantity),
    T: trade.timestamp,
    m: trade.buyerMaker,
    M: true,
  };
}

/**
 * The recorded ADABTC 1m klines (test/replay/fixtures, real Binance rows) as `adabtc@kline_1m`
 * messages: one final update per candle (`x: true`, event time = the candle's close time) carrying
 * the recorded row unchanged. Intermediate updates are not derived: the recording holds only the
 * final candle, and any earlier view of it would be invented.
 */
export function binanceKlineMessages(): Record<string, unknown>[] {
  const venue = binanceAdaBtc();
  return venue.candles.map(({ row }) => ({
    e: 'kline',
    E: row[6],
    s: venue.marketId,
    k: {
      t: row[0],
      T: row[6],
      s: venue.marketId,
      i: '1m',
      o: row[1],
      c: row[4],
      h: row[2],
      l: row[3],
      v: row[5],
      n: row[8],
      x: true,
      q: row[7],
      V: row[9],
      Q: row[10],
      B: row[11],
    },
  }));
}

/**
 * recordedMarket plus the field ccxt's binance derives when it loads markets itself and its
 * WebSocket methods need (`lowercaseId`, the stream-name prefix).
 */
export function binanceStreamMarket(market: Record<string, unknown>): Record<string, unknown> {
  return { ...market, lowercaseId: String(market.id).toLowerCase() };
}
