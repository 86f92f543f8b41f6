import { AggressorSide, type Bar, type QuoteTick, type TradeTick } from '../../../core/model/data.ts';
import type { InstrumentId } from '../../../core/model/ids.ts';
import type { Timeframe } from '../../../core/model/time.ts';

/** A ccxt OHLCV row: [open time (Unix ms), open, high, low, close, base volume]. */
export type Candle = number[];

/** A ccxt candle as a Bar of the instrument and timeframe. */
export function decodeCcxtCandle(instrumentId: InstrumentId, timeframe: Timeframe, candle: Candle): Bar {
  return {
    instrumentId,
    timeframe,
    timestamp: candle[0],
    open: candle[1],
    high: candle[2],
    low: candle[3],
    close: candle[4],
    volume: candle[5],
  };
}

/**
 * A ccxt trade structure (timestamp in Unix ms, price, amount in base units, side of the taker)
 * as a TradeTick; a trade without a side has no known aggressor.
 */
export function decodeCcxtTrade(instrumentId: InstrumentId, trade: Record<string, unknown>): TradeTick {
  return {
    instrumentId,
    timestamp: trade.timestamp as number,
    price: trade.price as number,
    size: trade.amount as number,
    aggressorSide:
      trade.side === 'buy' ? AggressorSide.Buyer : trade.side === 'sell' ? AggressorSide.Seller : AggressorSide.None,
    tradeId: String(trade.id),
  };
}

/**
 * A ccxt ticker as a QuoteTick, or undefined when it lacks a numeric bid or ask. A ticker without
 * a timestamp is stamped `now`; missing sizes are NaN (unknown, not zero).
 */
export function decodeCcxtTicker(
  instrumentId: InstrumentId,
  ticker: Record<string, unknown>,
  now: number,
): QuoteTick | undefined {
  const bid = ticker.bid as number | undefined;
  const ask = ticker.ask as number | undefined;
  if (typeof bid !== 'number' || typeof ask !== 'number') return undefined;
  return {
    instrumentId,
    timestamp: (ticker.timestamp as number | undefined) ?? now,
    bid,
    ask,
    bidSize: (ticker.bidVolume as number | undefined) ?? Number.NaN,
    askSize: (ticker.askVolume as number | undefined) ?? Number.NaN,
  };
}
