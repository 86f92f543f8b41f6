export type { CcxtExchangeOptions } from './create-ccxt-exchange.ts';
export { ccxtExchangeIds, createCcxtExchange, isCcxtExchangeId, ohlcvPageLimit } from './create-ccxt-exchange.ts';
export type { CandlePage } from './fetch-candles.ts';
export { fetchCandles } from './fetch-candles.ts';
export { pointExchangeAt } from './point-exchange-at.ts';
export { parseRetryAfter, translateCcxtError, VenueError, VenueErrorKind } from './venue-error.ts';
