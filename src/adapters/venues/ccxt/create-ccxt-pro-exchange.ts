import { Agent } from 'node:http';
import ccxt, { type Exchange } from 'ccxt';
import { type CcxtExchangeOptions, isCcxtExchangeId } from './create-ccxt-exchange.ts';
import { pointExchangeAt } from './point-exchange-at.ts';

/** How to build a ccxt pro (WebSocket) exchange for public market data. */
export interface CcxtProExchangeOptions extends CcxtExchangeOptions {
  /**
   * Send WebSocket connections to this base instead of the venue's, keeping each endpoint's path
   * after it: with `ws://127.0.0.1:9000/stream`, `wss://stream.binance.com:9443/ws` becomes
   * `ws://127.0.0.1:9000/stream/ws` (tests, relays).
   */
  readonly wsUrl?: string;
  /** Trades ccxt keeps per symbol between two watchTrades calls (ccxt's default is 1,000). */
  readonly tradesLimit?: number;
}

/** True when ccxt has a WebSocket (pro) implementation of this exchange. */
export function hasCcxtProExchange(exchangeId: string): boolean {
  return ((ccxt.pro as unknown as { exchanges: readonly string[] }).exchanges ?? []).includes(exchangeId);
}

function rebaseWs(value: unknown, base: URL): unknown {
  if (typeof value === 'string') {
    if (!/^wss?:\/\//.test(value)) return value;
    const original = new URL(value);
    const prefix = base.pathname.replace(/\/$/, '');
    return `${base.protocol}//${base.host}${prefix}${original.pathname === '/' ? '' : original.pathname}${original.search}`;
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = rebaseWs(inner, base);
    return copy;
  }
  return value;
}

/**
 * A ccxt pro exchange (WebSocket watch* methods beside the REST ones) with rate limiting on, no
 * credentials, and ccxt's own reconnect delay set to zero: the data client owns the backoff, so
 * the two never add up. Throws when ccxt has no pro implementation of the id.
 */
export function createCcxtProExchange(options: CcxtProExchangeOptions): Exchange {
  const { exchangeId } = options;
  if (!isCcxtExchangeId(exchangeId) || !hasCcxtProExchange(exchangeId))
    throw new Error(`exchange '${exchangeId}' has no ccxt WebSocket implementation`);
  const ExchangeClass = (ccxt.pro as unknown as Record<string, new (config: object) => Exchange>)[exchangeId];
  const exchange = new ExchangeClass({
    enableRateLimit: true,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.rateLimitMs === undefined ? {} : { rateLimit: options.rateLimitMs }),
  });
  const ws = (exchange.options.ws ?? {}) as Record<string, unknown>;
  exchange.options.ws = { ...ws, backoff: { base: 0, max: 0 } };
  if (options.tradesLimit !== undefined) exchange.options.tradesLimit = options.tradesLimit;
  if (options.baseUrl !== undefined) pointExchangeAt(exchange, options.baseUrl);
  if (options.wsUrl !== undefined) {
    const api = exchange.urls.api as Record<string, unknown>;
    exchange.urls = { ...exchange.urls, api: { ...api, ws: rebaseWs(api.ws, new URL(options.wsUrl)) } as never };
    // ccxt refuses plain ws:// until it has an HTTP agent (it loads one lazily for proxies).
    if (options.wsUrl.startsWith('ws://')) (exchange as unknown as { httpAgent: Agent }).httpAgent = new Agent();
  }
  if (options.markets !== undefined) exchange.setMarkets(options.markets as never);
  return exchange;
}
