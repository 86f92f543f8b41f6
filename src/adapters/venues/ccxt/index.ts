export { type BackfillMissedBarsOptions, backfillMissedBars } from './backfill-missed-bars.ts';
export { BarSource, CcxtDataClient, type CcxtDataClientOptions } from './ccxt-data-client.ts';
export type { CcxtExchangeOptions } from './create-ccxt-exchange.ts';
export { ccxtExchangeIds, createCcxtExchange, isCcxtExchangeId, ohlcvPageLimit } from './create-ccxt-exchange.ts';
export { type CcxtProExchangeOptions, createCcxtProExchange, hasCcxtProExchange } from './create-ccxt-pro-exchange.ts';
export type { CandlePage } from './fetch-candles.ts';
export { fetchCandles } from './fetch-candles.ts';
export { pointExchangeAt } from './point-exchange-at.ts';
export {
  DEFAULT_STREAM_BACKOFF,
  type StreamBackoffPolicy,
  seededRandom,
  streamBackoffDelay,
} from './stream-backoff.ts';
export { parseRetryAfter, translateCcxtError, VenueError, VenueErrorKind } from './venue-error.ts';
export { wallClockTimers } from './wall-clock-timers.ts';
