import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { binanceAggTrades, type ReplayTrades } from './binance-agg-trades.ts';
import type { RecordedCandle, RecordedVenue } from './recorded-venues.ts';

/**
 * A failure the server answers a candle request with instead of the recorded data:
 * an HTTP status (429 / 418 with an optional Retry-After, 5xx), a connection dropped after the
 * headers and half the body, a stall (no answer until the server closes), or the venue's own
 * "unknown symbol" error (a permanent failure).
 */
export type ReplayFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'stall' }
  | { readonly kind: 'unknown-symbol' };

/** One candle (or, with `trades`, aggTrades) request as received. */
export interface ReplayRequest {
  /** 1-based number of the candle request. */
  readonly index: number;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly fault: ReplayFault['kind'] | undefined;
  /** Candles served (0 for a fault). */
  readonly served: number;
}

export interface ReplayServerOptions {
  readonly venue: RecordedVenue & { readonly last?: number };
  /** Serve only candles opening before this time, Unix ms (a source that lags). */
  readonly servedBefore?: number;
  /** Relabel every candle `shiftBars` timeframes later (a source that stamps candles by close time). */
  readonly shiftBars?: number;
  /** Also serve these recorded trades as Binance `GET /api/v3/aggTrades` (those requests count too). */
  readonly trades?: ReplayTrades;
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>`: give it to pointExchangeAt / --exchange-url. */
  readonly url: string;
  readonly requests: readonly ReplayRequest[];
  /** Answer the candle requests with these 1-based numbers with `fault`. */
  failRequests(fault: ReplayFault, ...indexes: number[]): void;
  /** Answer every candle request from now on with `fault` (a venue that is down). */
  failAll(fault: ReplayFault): void;
  close(): Promise<void>;
}

const STEP_MS = 60_000;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The candles of a venue's series as the server shows them (lag and relabelling applied). */
function visibleCandles(options: ReplayServerOptions): RecordedCandle[] {
  const shift = (options.shiftBars ?? 0) * STEP_MS;
  return options.venue.candles
    .filter((c) => options.servedBefore === undefined || c.openTime < options.servedBefore)
    .map((c) => {
      if (shift === 0) return c;
      const row = [...c.row];
      row[0] = c.openTime + shift;
      if (options.venue.exchangeId === 'kraken') row[0] = (c.openTime + shift) / 1000;
      return { openTime: c.openTime + shift, row };
    });
}

/** Routes of the three recorded venues, each slicing the series as the venue documents. */
function answer(
  options: ReplayServerOptions,
  path: string,
  q: Record<string, string>,
): { status: number; body: unknown; served: number } | undefined {
  if (options.trades !== undefined && path === '/api/v3/aggTrades') return binanceAggTrades(options.trades, q);
  const { venue } = options;
  const candles = visibleCandles(options);
  if (venue.exchangeId === 'kraken' && path === '/0/public/OHLC') {
    if (q.pair !== venue.marketId) return { status: 200, body: { error: ['EQuery:Unknown asset pair'] }, served: 0 };
    // Kraken: up to 720 committed-or-forming candles opening after `since` (seconds), oldest first.
    const since = q.since === undefined ? -Infinity : Number(q.since) * 1000;
    const rows = candles.filter((c) => c.openTime > since).slice(0, 720);
    const reachesEnd = rows.length > 0 && rows[rows.length - 1] === candles[candles.length - 1];
    const last =
      reachesEnd && options.venue.last !== undefined && options.shiftBars === undefined
        ? options.venue.last
        : rows.length > 0
          ? rows[rows.length - 1].openTime / 1000
          : Number(q.since ?? 0);
    return {
      status: 200,
      body: { error: [], result: { [venue.marketId]: rows.map((c) => c.row), last } },
      served: rows.length,
    };
  }
  if (venue.exchangeId === 'binance' && path === '/api/v3/klines') {
    if (q.symbol !== venue.marketId) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' }, served: 0 };
    // Binance: oldest `limit` klines with startTime ≤ open ≤ endTime; without startTime the newest.
    const limit = Math.min(Number(q.limit ?? 500), 1000);
    const start = q.startTime === undefined ? undefined : Number(q.startTime);
    const endTime = q.endTime === undefined ? Infinity : Number(q.endTime);
    const inRange = candles.filter((c) => (start === undefined || c.openTime >= start) && c.openTime <= endTime);
    const rows = start === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
    return { status: 200, body: rows.map((c) => c.row), served: rows.length };
  }
  if (venue.exchangeId === 'bitvavo' && /^\/v2\/[^/]+\/candles$/.test(path)) {
    if (path !== `/v2/${venue.marketId}/candles`)
      return { status: 400, body: { errorCode: 205, error: 'market parameter is invalid.' }, served: 0 };
    // Bitvavo: the newest `limit` candles with start ≤ open < end, newest first.
    const limit = Math.min(Number(q.limit ?? 1440), 1440);
    const start = q.start === undefined ? -Infinity : Number(q.start);
    const end = q.end === undefined ? Infinity : Number(q.end);
    const rows = candles
      .filter((c) => c.openTime >= start && c.openTime < end)
      .slice(-limit)
      .reverse();
    return { status: 200, body: rows.map((c) => c.row), served: rows.length };
  }
  return undefined;
}

/** The venue's own answer to an unknown market (what ccxt turns into BadSymbol). */
function unknownSymbolFault(options: ReplayServerOptions, path: string, q: Record<string, string>) {
  const wrong = { ...q, pair: 'NOSUCHPAIR', symbol: 'NOSUCHPAIR' };
  const wrongPath = options.venue.exchangeId === 'bitvavo' ? '/v2/NOSUCH-PAIR/candles' : path;
  return answer(options, wrongPath, wrong);
}

/**
 * Starts a local HTTP server on 127.0.0.1 (random port) that replays a venue's recorded candles
 * in the venue's own JSON shape, slicing the recorded series by each request's since / start /
 * limit as the venue does, and injects faults on chosen requests. Only candle requests count.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const requests: ReplayRequest[] = [];
  const faults = new Map<number, ReplayFault>();
  let persistent: ReplayFault | undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const normal = answer(options, url.pathname, query);
    if (normal === undefined) {
      send(response, 404, { error: `replay server: no recording for ${url.pathname}` });
      return;
    }
    const index = requests.length + 1;
    const fault = faults.get(index) ?? persistent;
    requests.push({
      index,
      path: url.pathname,
      query,
      fault: fault?.kind,
      served: fault === undefined ? normal.served : 0,
    });
    if (fault === undefined) return send(response, normal.status, normal.body);
    if (fault.kind === 'status') {
      response.writeHead(fault.status, {
        'content-type': 'text/plain',
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
      });
      response.end(fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable');
      return;
    }
    if (fault.kind === 'drop') {
      const text = JSON.stringify(normal.body);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
      response.write(text.slice(0, Math.floor(text.length / 2)), () => response.socket?.destroy());
      return;
    }
    if (fault.kind === 'stall') return;
    const refusal = unknownSymbolFault(options, url.pathname, query);
    if (refusal !== undefined) send(response, refusal.status, refusal.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failRequests(fault, ...indexes) {
      for (const index of indexes) faults.set(index, fault);
    },
    failAll(fault) {
      persistent = fault;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
