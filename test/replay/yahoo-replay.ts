import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DAY_MILLIS, dayOf } from '../../src/core/data/calendars/civil-date.ts';
import { newYorkOffsetMinutes } from '../../src/core/data/calendars/time-zone-offsets.ts';

/** One daily row of a real Yahoo CSV download (`Date,Open,High,Low,Close,Adj Close,Volume`). */
export interface RecordedDailyBar {
  /** `YYYY-MM-DD`, the exchange-local trading date. */
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly adjClose: number;
  readonly volume: number;
}

/** The real ORCL 1995–2014 Yahoo CSV of test/fixtures (see its SOURCE.md). */
export const ORCL_CSV = join(import.meta.dirname, '..', 'fixtures', 'orcl-1995-2014.txt');

/** Rows of a Yahoo CSV, in file order (test helper: no validation beyond the column count). */
export function readRecordedDailyBars(file: string): RecordedDailyBar[] {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const column = (name: string) => header.indexOf(name);
  const [d, o, h, l, c, a, v] = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'].map(column);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      date: cells[d],
      open: Number(cells[o]),
      high: Number(cells[h]),
      low: Number(cells[l]),
      close: Number(cells[c]),
      adjClose: Number(cells[a]),
      volume: Number(cells[v]),
    };
  });
}

/** The instant Yahoo stamps a New York daily bar with: 09:30 America/New_York of its date, Unix s. */
export function newYorkOpenSeconds(date: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  return (midnight + (9 * 60 + 30 - newYorkOffsetMinutes(dayOf(midnight))) * 60_000) / 1000;
}

/** A failure served instead of chart data: an HTTP status (with an optional Retry-After) or a dropped body. */
export type YahooFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'drop' };

/** One chart request as received. */
export interface YahooReplayRequest {
  /** 1-based number of the request. */
  readonly index: number;
  readonly symbol: string;
  readonly query: Readonly<Record<string, string>>;
  readonly fault: YahooFault['kind'] | undefined;
  /** Bars in the answer (0 for a fault or an unknown symbol). */
  readonly served: number;
}

export interface YahooReplayOptions {
  /** Recorded daily bars per upper-case symbol; other symbols get Yahoo's 404 "No data found". */
  readonly series: Readonly<Record<string, readonly RecordedDailyBar[]>>;
  /** Dates (`YYYY-MM-DD`) whose quote and adjclose entries are served as null, as Yahoo does on some days. */
  readonly nullDates?: readonly string[];
}

export interface YahooReplayServer {
  /** `http://127.0.0.1:<port>`: the base URL of the chart API (`--source-url`). */
  readonly url: string;
  readonly requests: readonly YahooReplayRequest[];
  /** Answer the requests with these 1-based numbers with `fault`. */
  failRequests(fault: YahooFault, ...indexes: number[]): void;
  /** Answer every request from now on with `fault` (undefined: serve again). */
  failAll(fault: YahooFault | undefined): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * The v8 chart document Yahoo answers for `interval=1d`: meta, bar timestamps (the 09:30 open in
 * New York, Unix s) of the bars with period1 ≤ timestamp < period2, quote columns and adjclose.
 * A window without bars has meta and empty indicator objects but no `timestamp`, as Yahoo sends it.
 */
function chartDocument(symbol: string, bars: readonly RecordedDailyBar[], nulls: ReadonlySet<string>) {
  const last = bars.at(-1);
  const lastOffset = last === undefined ? -300 : newYorkOffsetMinutes(dayOf(Date.parse(`${last.date}T00:00:00Z`)));
  const meta = {
    currency: 'USD',
    symbol,
    exchangeName: 'NYQ',
    fullExchangeName: 'NYSE',
    instrumentType: 'EQUITY',
    gmtoffset: lastOffset * 60,
    timezone: lastOffset === -240 ? 'EDT' : 'EST',
    exchangeTimezoneName: 'America/New_York',
    priceHint: 2,
    dataGranularity: '1d',
    range: '',
  };
  if (bars.length === 0)
    return { chart: { result: [{ meta, indicators: { quote: [{}], adjclose: [{}] } }], error: null } };
  const pick = (field: keyof RecordedDailyBar) => bars.map((b) => (nulls.has(b.date) ? null : b[field]));
  return {
    chart: {
      result: [
        {
          meta,
          timestamp: bars.map((b) => newYorkOpenSeconds(b.date)),
          indicators: {
            quote: [
              {
                open: pick('open'),
                high: pick('high'),
                low: pick('low'),
                close: pick('close'),
                volume: pick('volume'),
              },
            ],
            adjclose: [{ adjclose: pick('adjClose') }],
          },
        },
      ],
      error: null,
    },
  };
}

/**
 * Starts a local HTTP server that answers `GET /v8/finance/chart/<SYMBOL>?period1=&period2=&interval=1d`
 * with recorded real daily bars re-shaped into Yahoo's chart JSON, with injectable faults.
 */
export async function startYahooReplayServer(options: YahooReplayOptions): Promise<YahooReplayServer> {
  const requests: YahooReplayRequest[] = [];
  const faults = new Map<number, YahooFault>();
  let always: YahooFault | undefined;
  const nulls = new Set(options.nullDates ?? []);
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://replay');
    const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (match === null) {
      send(response, 404, {
        finance: { result: null, error: { code: 'Not Found', description: 'HTTP 404 Not Found' } },
      });
      return;
    }
    const symbol = decodeURIComponent(match[1]).toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const index = requests.length + 1;
    const fault = faults.get(index) ?? always;
    const log = (served: number) => requests.push({ index, symbol, query, fault: fault?.kind, served });
    if (fault?.kind === 'status') {
      log(0);
      response.writeHead(fault.status, {
        'content-type': 'text/plain',
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
      });
      response.end(fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable');
      return;
    }
    const recorded = options.series[symbol];
    if (recorded === undefined) {
      log(0);
      send(response, 404, {
        chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } },
      });
      return;
    }
    const period1 = Number(query.period1 ?? 0);
    const period2 = Number(query.period2 ?? Number.MAX_SAFE_INTEGER);
    const bars = recorded.filter((b) => {
      const t = newYorkOpenSeconds(b.date);
      return t >= period1 && t < period2;
    });
    log(bars.length);
    const body = JSON.stringify(chartDocument(symbol, bars, nulls));
    if (fault?.kind === 'drop') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      response.write(body.slice(0, Math.floor(body.length / 2)));
      response.destroy();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    response.end(body);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failRequests(fault, ...indexes) {
      for (const i of indexes) faults.set(i, fault);
    },
    failAll(fault) {
      always = fault;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Midnight UTC of a `YYYY-MM-DD` date, Unix ms (our daily bar open time). */
export const dateMillis = (date: string): number => Date.parse(`${date}T00:00:00Z`);
export { DAY_MILLIS };
