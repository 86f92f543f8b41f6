import { precisionOf, snapToIncrement } from '../../../core/model/decimal.ts';
import { parseRetryAfter, VenueError, VenueErrorKind } from '../ccxt/venue-error.ts';
import { yahooTradingDate } from './yahoo-trading-date.ts';

/** Yahoo's public chart API origin; tests point the client at a replay server instead. */
export const YAHOO_CHART_ORIGIN = 'https://query2.finance.yahoo.com';

const VENUE = 'yahoo';
const DAY_MILLIS = 86_400_000;

/** Where and how chart requests are sent. */
export interface YahooChartClientOptions {
  /** Origin of the chart API, default {@link YAHOO_CHART_ORIGIN}. */
  readonly baseUrl?: string;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /** Abort a request after this many ms (a stalled answer), default 30 000. */
  readonly timeoutMs?: number;
  /** Wall clock for HTTP-date Retry-After values, Unix ms. Default `Date.now`. */
  readonly now?: () => number;
}

/** Which daily bars to fetch. */
export interface YahooDailyBarsRequest {
  /** Yahoo ticker, e.g. `ORCL`, `SPY`, `^GSPC`. */
  readonly symbol: string;
  /** Trading dates in [from, to), each as Unix ms of its midnight UTC. */
  readonly from: number;
  readonly to: number;
  /** Scale open/high/low/close by `adjclose / close`, snapped to `priceIncrement` (as the Yahoo CSV importer). */
  readonly adjust?: boolean;
  /** Grid of adjusted prices, default 0.01. */
  readonly priceIncrement?: number;
}

/** A row Yahoo sent that did not become a bar, and why (never repaired, never invented). */
export interface YahooRejectedRow {
  /** Trading date `YYYY-MM-DD` (exchange-local). */
  readonly date: string;
  /** The timestamp Yahoo sent, Unix s. */
  readonly yahooTimestamp: number;
  /** The field that failed, when one did (`open`, `close`, `adjclose`, …). */
  readonly field?: string;
  readonly reason: string;
}

/** Daily bars of one symbol: open time = midnight UTC of the exchange-local trading date, Unix ms. */
export interface YahooDailyBars {
  readonly symbol: string;
  readonly currency: string | undefined;
  /** IANA zone the trading dates were read in, e.g. `America/New_York`. */
  readonly exchangeTimezoneName: string | undefined;
  readonly timestamp: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  /** Shares (Yahoo's unit). */
  readonly volume: number[];
  readonly rejected: YahooRejectedRow[];
}

type Column = readonly (number | null | undefined)[] | undefined;

interface ChartResult {
  meta?: { currency?: string; exchangeTimezoneName?: string; gmtoffset?: number; symbol?: string };
  timestamp?: number[];
  indicators?: {
    quote?: { open?: Column; high?: Column; low?: Column; close?: Column; volume?: Column }[];
    adjclose?: { adjclose?: Column }[];
  };
}

interface ChartDocument {
  chart?: { result?: ChartResult[] | null; error?: { code?: string; description?: string } | null };
}

function failure(kind: VenueErrorKind, message: string, extra: { retryAfterMs?: number; cause?: unknown } = {}) {
  return new VenueError({ kind, venue: VENUE, message: `${VENUE}: ${message}`, ...extra });
}

/** An HTTP answer that is not a chart, as a VenueError of the right kind. */
async function statusError(response: Response, symbol: string, now: number): Promise<VenueError> {
  const text = await response.text().catch(() => '');
  let description = text.slice(0, 200);
  try {
    const error = (JSON.parse(text) as ChartDocument).chart?.error;
    if (error?.description !== undefined) description = error.description;
  } catch {
    // Not JSON (a plain-text 429 or a proxy's page): the raw text is the description.
  }
  const status = response.status;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after') ?? undefined, now);
    const wait = retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`;
    return failure(
      VenueErrorKind.RateLimited,
      `rate limited${wait}: HTTP 429`,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }
  if (status >= 500 || status === 408)
    return failure(VenueErrorKind.Retryable, `venue unavailable: HTTP ${status} ${description}`);
  if (status === 404 || /no data found/i.test(description))
    return failure(VenueErrorKind.Permanent, `unknown symbol '${symbol}': ${description || `HTTP ${status}`}`);
  return failure(VenueErrorKind.Permanent, `request rejected: HTTP ${status} ${description}`);
}

/** Reads column `name` at `i`: a finite number, or the reason it is not one. */
function cell(column: Column, i: number): number | undefined {
  const value = column?.[i];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Fetches one symbol's daily bars for a range of trading dates from Yahoo's v8 chart API
 * (`interval=1d`, dividends and splits included, adjusted close requested). Yahoo stamps a daily
 * bar with the session's open instant; its trading date is that instant's date in the exchange's
 * time zone, and the bar's open time here is that date's midnight UTC (the Yahoo CSV convention).
 * Rows with nulls or inconsistent prices are returned in `rejected` with a reason, not as bars.
 * Failures throw VenueErrors: HTTP 429 is rate-limited (with Retry-After), 5xx, timeouts and
 * network failures are retryable, an unknown symbol (404 / "No data found") and other 4xx are permanent.
 */
export async function fetchYahooDailyBars(
  request: YahooDailyBarsRequest,
  options: YahooChartClientOptions = {},
): Promise<YahooDailyBars> {
  const { symbol, from, to } = request;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const adjust = request.adjust ?? false;
  const increment = request.priceIncrement ?? 0.01;
  const precision = precisionOf(increment);
  // A day of margin each side: an exchange far from UTC opens on the previous or next UTC date.
  const params = new URLSearchParams({
    period1: String(Math.floor((from - DAY_MILLIS) / 1000)),
    period2: String(Math.floor((to + DAY_MILLIS) / 1000)),
    interval: '1d',
    events: 'div,splits',
    includeAdjustedClose: 'true',
  });
  const url = `${(options.baseUrl ?? YAHOO_CHART_ORIGIN).replace(/\/+$/, '')}/v8/finance/chart/${encodeURIComponent(symbol)}?${params}`;
  if (!URL.canParse(url)) throw failure(VenueErrorKind.Permanent, `'${options.baseUrl}' is not a base URL`);
  let document: ChartDocument;
  try {
    const response = await doFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    if (!response.ok) throw await statusError(response, symbol, now());
    const text = await response.text();
    try {
      document = JSON.parse(text) as ChartDocument;
    } catch (error) {
      throw failure(VenueErrorKind.Retryable, `malformed chart response (${text.length} bytes)`, { cause: error });
    }
  } catch (error) {
    if (error instanceof VenueError) throw error;
    const what = error instanceof Error && error.name === 'TimeoutError' ? 'request timed out' : 'network error';
    throw failure(VenueErrorKind.Retryable, `${what}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const chartError = document.chart?.error;
  if (chartError !== undefined && chartError !== null)
    throw failure(VenueErrorKind.Permanent, `unknown symbol '${symbol}': ${chartError.description ?? chartError.code}`);
  const result = document.chart?.result?.[0];
  if (result === undefined)
    throw failure(VenueErrorKind.Permanent, `unknown symbol '${symbol}': the chart has no result`);
  const zone = result.meta?.exchangeTimezoneName;
  const gmtoffset = result.meta?.gmtoffset ?? 0;
  const quote = result.indicators?.quote?.[0];
  const adjclose = result.indicators?.adjclose?.[0]?.adjclose;
  const out: YahooDailyBars = {
    symbol: result.meta?.symbol ?? symbol,
    currency: result.meta?.currency,
    exchangeTimezoneName: zone,
    timestamp: [],
    open: [],
    high: [],
    low: [],
    close: [],
    volume: [],
    rejected: [],
  };
  const stamps = result.timestamp ?? [];
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < stamps.length; i++) {
    const { date, millis } = yahooTradingDate(stamps[i], zone, gmtoffset);
    if (millis < from || millis >= to) continue;
    const reject = (reason: string, field?: string) =>
      out.rejected.push({ date, yahooTimestamp: stamps[i], reason, ...(field === undefined ? {} : { field }) });
    if (millis <= previous) {
      reject(millis === previous ? 'a second row for the same trading date' : 'out of order');
      continue;
    }
    const values = {
      open: cell(quote?.open, i),
      high: cell(quote?.high, i),
      low: cell(quote?.low, i),
      close: cell(quote?.close, i),
      volume: cell(quote?.volume, i),
    };
    const missing = Object.entries(values).filter(([, v]) => v === undefined);
    if (missing.length > 0) {
      reject(`null ${missing.map(([k]) => k).join(', ')} (Yahoo sent no value)`, missing[0][0]);
      continue;
    }
    let { open, high, low, close } = values as Record<string, number>;
    const volume = values.volume as number;
    if (!(low > 0) || low > Math.min(open, close) || high < Math.max(open, close) || volume < 0) {
      reject(`inconsistent bar: open ${open} high ${high} low ${low} close ${close} volume ${volume}`);
      continue;
    }
    if (adjust) {
      const adjusted = cell(adjclose, i);
      if (adjusted === undefined || !(adjusted > 0)) {
        reject(`adjclose ${adjusted ?? 'null'} is not a positive price`, 'adjclose');
        continue;
      }
      // The CSV importer's rule: f = close / adjclose, every price divided by f and snapped to the grid.
      const factor = close / adjusted;
      open = snapToIncrement(open / factor, increment, precision);
      high = snapToIncrement(high / factor, increment, precision);
      low = snapToIncrement(low / factor, increment, precision);
      close = snapToIncrement(close / factor, increment, precision);
    }
    out.timestamp.push(millis);
    out.open.push(open);
    out.high.push(high);
    out.low.push(low);
    out.close.push(close);
    out.volume.push(volume);
    previous = millis;
  }
  return out;
}
