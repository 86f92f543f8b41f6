import type { Exchange } from 'ccxt';

function rebase(url: string, base: URL): string {
  const original = new URL(url);
  const prefix = base.pathname.replace(/\/$/, '');
  return `${base.origin}${prefix}${original.pathname === '/' ? '' : original.pathname}${original.search}`;
}

function rebaseAll(value: unknown, base: URL): unknown {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? rebase(value, base) : value;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = rebaseAll(inner, base);
    return copy;
  }
  return value;
}

/**
 * Points every REST endpoint of a ccxt exchange at another origin, keeping each endpoint's path:
 * `https://api.binance.com/api/v3` becomes `<baseUrl>/api/v3`. For tests against the local replay
 * server and for users behind a relay; it changes where requests go, never what they ask.
 */
export function pointExchangeAt(exchange: Exchange, baseUrl: string): void {
  const base = new URL(baseUrl);
  exchange.urls = { ...exchange.urls, api: rebaseAll(exchange.urls.api, base) as typeof exchange.urls.api };
}
