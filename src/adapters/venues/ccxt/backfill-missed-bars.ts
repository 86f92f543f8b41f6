import type { Exchange } from 'ccxt';
import type { Bar } from '../../../core/model/data.ts';
import type { InstrumentId } from '../../../core/model/ids.ts';
import type { Timeframe } from '../../../core/model/time.ts';
import { ohlcvPageLimit } from './create-ccxt-exchange.ts';
import { fetchCandles } from './fetch-candles.ts';
import { VenueError, VenueErrorKind } from './venue-error.ts';

/** What a gap backfill needs: where, which bars, and how to wait between retries. */
export interface BackfillMissedBarsOptions {
  readonly exchange: Exchange;
  readonly symbol: string;
  readonly instrumentId: InstrumentId;
  readonly timeframe: Timeframe;
  readonly timeframeMs: number;
  /** Open time (Unix ms) of the first missing bar. */
  readonly from: number;
  /** Open time (Unix ms, exclusive) of the first bar the live stream delivers. */
  readonly to: number;
  readonly now: () => number;
  /** Waits before retrying a retryable failure (attempt is 1-based). */
  readonly sleepBeforeRetry: (attempt: number, error: VenueError) => Promise<void>;
  /** Attempts per page, the first included. */
  readonly maxAttempts: number;
}

/**
 * The venue's bars with open time in [from, to), fetched over REST (fetchOHLCV, paged by the
 * venue's limit), in ascending open time, each once. Retryable failures are retried; a page that
 * still fails, or a permanent error, throws the VenueError.
 */
export async function backfillMissedBars(options: BackfillMissedBarsOptions): Promise<Bar[]> {
  const { exchange, symbol, timeframe, timeframeMs, to } = options;
  const limit = ohlcvPageLimit(exchange);
  const bars: Bar[] = [];
  let since = options.from;
  while (since < to) {
    const page = await withRetry(
      () => fetchCandles({ exchange, symbol, timeframe, since, limit, now: options.now }),
      options,
    );
    let next = since;
    for (let i = 0; i < page.timestamp.length; i++) {
      const timestamp = page.timestamp[i];
      if (timestamp < next || timestamp >= to) continue;
      bars.push({
        instrumentId: options.instrumentId,
        timeframe,
        timestamp,
        open: page.open[i],
        high: page.high[i],
        low: page.low[i],
        close: page.close[i],
        volume: page.volume[i],
      });
      next = timestamp + timeframeMs;
    }
    if (next === since) break;
    since = next;
  }
  return bars;
}

async function withRetry<T>(call: () => Promise<T>, options: BackfillMissedBarsOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof VenueError) || error.kind === VenueErrorKind.Permanent) throw error;
      if (attempt >= options.maxAttempts) throw error;
      await options.sleepBeforeRetry(attempt, error);
    }
  }
}
