import type { Exchange } from 'ccxt';
import { translateCcxtError, VenueError, VenueErrorKind } from './venue-error.ts';

/** One fetchOHLCV answer as columns; open times (Unix ms) ascending as the venue sent them. */
export interface CandlePage {
  readonly timestamp: readonly number[];
  readonly open: readonly number[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
  readonly volume: readonly number[];
}

const FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * One fetchOHLCV request (`since` Unix ms, at most `limit` candles). ccxt errors come back as
 * VenueError (retryable, rate-limited or permanent); a candle with a missing or non-numeric field
 * is a permanent error naming the candle and the field, never dropped or patched.
 * `now` (Unix ms) resolves a Retry-After given as an HTTP date.
 */
export async function fetchCandles(options: {
  exchange: Exchange;
  symbol: string;
  timeframe: string;
  since: number;
  limit: number;
  now: () => number;
}): Promise<CandlePage> {
  const { exchange, symbol, timeframe, since, limit } = options;
  let rows: unknown;
  try {
    rows = await exchange.fetchOHLCV(symbol, timeframe, since, limit);
  } catch (error) {
    throw translateCcxtError(error, exchange, options.now());
  }
  if (!Array.isArray(rows))
    throw new VenueError({
      kind: VenueErrorKind.Permanent,
      venue: exchange.id,
      message: `${exchange.id}: fetchOHLCV ${symbol} ${timeframe} returned ${typeof rows}, not a list of candles`,
    });
  const page = { timestamp: [], open: [], high: [], low: [], close: [], volume: [] } as Record<
    (typeof FIELDS)[number],
    number[]
  >;
  rows.forEach((row: unknown, index) => {
    FIELDS.forEach((field, column) => {
      const value = Array.isArray(row) ? row[column] : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new VenueError({
          kind: VenueErrorKind.Permanent,
          venue: exchange.id,
          message: `${exchange.id}: fetchOHLCV ${symbol} ${timeframe} since ${since}: candle ${index}: ${field} is ${JSON.stringify(value)}, not a finite number`,
        });
      page[field].push(value);
    });
  });
  return page;
}
