import ccxt, { type Exchange } from 'ccxt';
import { pointExchangeAt } from './point-exchange-at.ts';

/** ccxt ids of every exchange this build of ccxt supports (`binance`, `kraken`, …). */
export function ccxtExchangeIds(): readonly string[] {
  return ccxt.exchanges;
}

/** True when `id` names an exchange ccxt supports. */
export function isCcxtExchangeId(id: string): boolean {
  return ccxt.exchanges.includes(id);
}

/** How to build a ccxt exchange for public market-data calls. */
export interface CcxtExchangeOptions {
  /** ccxt id, e.g. `binance`, `kraken`, `bitvavo`. */
  readonly exchangeId: string;
  /** Send REST requests to this origin instead of the venue's (tests, relays); see pointExchangeAt. */
  readonly baseUrl?: string;
  /**
   * ccxt market structures to use instead of loading them from the venue (offline runs, pinned
   * metadata); a market the venue lists but these do not is unknown to the exchange.
   */
  readonly markets?: readonly Record<string, unknown>[];
  /** Per-request timeout, ms (ccxt's default is 10,000). */
  readonly timeoutMs?: number;
  /** Minimum spacing of requests, ms (ccxt's per-exchange `rateLimit` when omitted). */
  readonly rateLimitMs?: number;
}

/**
 * A ccxt exchange with its client-side rate limiter on (`enableRateLimit`: requests spaced by the
 * venue's `rateLimit`), no credentials, and the options applied. Throws when ccxt has no such id.
 */
export function createCcxtExchange(options: CcxtExchangeOptions): Exchange {
  const { exchangeId } = options;
  if (!isCcxtExchangeId(exchangeId)) throw new Error(`unknown exchange '${exchangeId}': not a ccxt exchange id`);
  const ExchangeClass = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[exchangeId];
  const exchange = new ExchangeClass({
    enableRateLimit: true,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.rateLimitMs === undefined ? {} : { rateLimit: options.rateLimitMs }),
  });
  if (options.baseUrl !== undefined) pointExchangeAt(exchange, options.baseUrl);
  if (options.markets !== undefined) exchange.setMarkets(options.markets as never);
  return exchange;
}

/** The most candles one fetchOHLCV request returns on this exchange (ccxt's `features`), or `fallback`. */
export function ohlcvPageLimit(exchange: Exchange, fallback = 500): number {
  const features = exchange.features as Record<string, { fetchOHLCV?: { limit?: unknown } } | undefined> | undefined;
  for (const type of ['spot', 'swap', 'future']) {
    const section = features?.[type] as Record<string, unknown> | undefined;
    const direct = (section?.fetchOHLCV as { limit?: unknown } | undefined)?.limit;
    if (typeof direct === 'number' && direct > 0) return direct;
    for (const sub of Object.values(section ?? {})) {
      const nested = (sub as { fetchOHLCV?: { limit?: unknown } } | null)?.fetchOHLCV?.limit;
      if (typeof nested === 'number' && nested > 0) return nested;
    }
  }
  return fallback;
}
