import { DataChannel } from '../../../core/data/data-client.ts';
import type { Candle } from './ccxt-decoders.ts';
import { fetchCandles } from './fetch-candles.ts';
import { bucketOf, type StreamContext, type StreamState } from './stream-state.ts';
import { translateCcxtError } from './venue-error.ts';

/**
 * One REST round of a polled stream, in the shape deliverStreamData takes: bars as
 * `{ closed }` (the candles closed by now, from the one after the last emitted, or on the first
 * poll from the bucket before the current one), trades since the newest trade passed on
 * (ccxt's fetchTrades), or the ticker. Failures are thrown as VenueErrors.
 */
export async function pollStream(context: StreamContext, stream: StreamState): Promise<unknown> {
  const { exchange, timers } = context;
  const { symbol, channel, timeframe } = stream.key;
  if (channel === DataChannel.Bars) {
    const track = stream.bars[0];
    const now = timers.now();
    const since = Number.isFinite(track.lastEmitted)
      ? track.lastEmitted + track.timeframeMs
      : bucketOf(track.timeframe, now).start - track.timeframeMs;
    const page = await fetchCandles({
      exchange,
      symbol,
      timeframe: timeframe as string,
      since,
      limit: 1000,
      now: timers.now,
    });
    const candles: Candle[] = [];
    for (let i = 0; i < page.timestamp.length; i++)
      if (page.timestamp[i] + track.timeframeMs <= now)
        candles.push([page.timestamp[i], page.open[i], page.high[i], page.low[i], page.close[i], page.volume[i]]);
    return { closed: candles };
  }
  try {
    if (channel === DataChannel.Trades)
      return await exchange.fetchTrades(
        symbol,
        Number.isFinite(stream.lastTradeTime) ? stream.lastTradeTime : undefined,
      );
    return [await exchange.fetchTicker(symbol)];
  } catch (error) {
    throw translateCcxtError(error, exchange, timers.now());
  }
}

/** Spacing of a polled stream's REST rounds, ms: the configured one, else a bar's timeframe or 2 s. */
export function pollInterval(context: StreamContext, stream: StreamState): number {
  if (context.pollIntervalMs !== undefined) return context.pollIntervalMs;
  return stream.key.channel === DataChannel.Bars ? stream.bars[0].timeframeMs : 2000;
}
