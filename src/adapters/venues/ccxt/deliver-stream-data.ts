import { DataChannel } from '../../../core/data/data-client.ts';
import { armCandleTimer, armTradeBarTimer, closeCandle, flushBarTrack } from './bar-track-closing.ts';
import { type Candle, decodeCcxtTicker, decodeCcxtTrade } from './ccxt-decoders.ts';
import type { StreamContext, StreamState } from './stream-state.ts';

/**
 * Hands one watch or poll result to the sink, in the stream's channel: candles (a watch's forming
 * candles, or a poll's `{ closed }` candles), trades (ticks and trade-built bars) or tickers.
 * Runs on the stream's queue, one result at a time, so a gap backfill here keeps bars in order.
 */
export async function deliverStreamData(context: StreamContext, stream: StreamState, data: unknown): Promise<void> {
  const { channel } = stream.key;
  if (channel === DataChannel.Quotes) return deliverQuotes(context, stream, data as Record<string, unknown>[]);
  if (channel === DataChannel.Trades) {
    deliverTrades(context, stream, data as Record<string, unknown>[]);
    // The backfill ends at the partial bucket after a reconnect or a silence, or, when the first
    // bucket was whole (its first trade on the bucket's open), at the first complete bar.
    for (const track of stream.bars)
      await flushBarTrack(context, stream, track, track.backfillTo ?? track.outbox[0]?.timestamp);
    return;
  }
  const track = stream.bars[0];
  if (typeof data === 'object' && data !== null && 'closed' in data) {
    for (const candle of (data as { closed: Candle[] }).closed) closeCandle(stream, track, candle);
    return flushBarTrack(context, stream, track, track.outbox[0]?.timestamp);
  }
  for (const candle of data as Candle[]) {
    if (candle[0] <= track.lastEmitted) continue;
    const pending = track.pending;
    if (pending !== undefined && candle[0] < pending[0]) continue;
    if (pending !== undefined && candle[0] > pending[0]) closeCandle(stream, track, pending);
    track.pending = candle;
  }
  const firstLive = track.outbox[0]?.timestamp ?? track.pending?.[0];
  await flushBarTrack(context, stream, track, firstLive);
  armCandleTimer(context, stream, track);
}

/**
 * Trades newer than the last passed on (ccxt repeats its cache across watches and polls; trades
 * sharing the newest timestamp are told apart by id) go to the sink as ticks and to the bar tracks.
 */
function deliverTrades(context: StreamContext, stream: StreamState, trades: Record<string, unknown>[]): void {
  for (const trade of trades) {
    const tick = decodeCcxtTrade(stream.instrumentId, trade);
    const { timestamp, tradeId } = tick;
    if (timestamp < stream.lastTradeTime) continue;
    if (timestamp === stream.lastTradeTime) {
      if (stream.lastTradeIds.has(tradeId)) continue;
    } else {
      stream.lastTradeTime = timestamp;
      stream.lastTradeIds.clear();
    }
    stream.lastTradeIds.add(tradeId);
    if (stream.emitTicks) context.sink.onTradeTick(tick);
    for (const track of stream.bars) {
      track.aggregator?.addTrade(timestamp, tick.price, tick.size);
      armTradeBarTimer(context, stream, track);
    }
  }
}

function deliverQuotes(context: StreamContext, stream: StreamState, tickers: Record<string, unknown>[]): void {
  for (const ticker of tickers) {
    const quote = decodeCcxtTicker(stream.instrumentId, ticker, context.timers.now());
    if (quote !== undefined) context.sink.onQuoteTick(quote);
  }
}
