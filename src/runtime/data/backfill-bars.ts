import type { Exchange } from 'ccxt';
import { type CandlePage, fetchCandles, ohlcvPageLimit } from '../../adapters/venues/ccxt/index.ts';
import type { BarStore } from '../../core/data/bar-store.ts';
import { allocateBarSeries, type BarSeries } from '../../core/model/data.ts';
import { type InstrumentId, instrumentId as makeInstrumentId } from '../../core/model/ids.ts';
import { type Timeframe, timeframeMillis } from '../../core/model/time.ts';
import { callWithRetry } from './backfill-retry.ts';
import { type BackfillEnvironment, BackfillTally, resolveBackfillEnvironment } from './backfill-tally.ts';

export type { BackfillEnvironment };

/** Why a backfill stopped. */
export const BackfillStop = {
  /** The next bar would open at or after `until`. */
  Until: 'until',
  /** The next bar would still be forming at `now()`: the series is up to date. */
  CaughtUp: 'caught-up',
  /** The venue answered with no bar newer than the last one stored (it has no more, or lags). */
  NoNewerBars: 'no-newer-bars',
} as const;
export type BackfillStop = (typeof BackfillStop)[keyof typeof BackfillStop];

/** Where a running backfill stands (after each stored page). */
export interface BackfillProgress {
  readonly pages: number;
  readonly barsWritten: number;
  /** Open time of the next bar to fetch, Unix ms. */
  readonly cursor: number;
  /** The range being filled, Unix ms: [start, end). `end` is `until` or the clock at the start. */
  readonly start: number;
  readonly end: number;
}

/** What to backfill from where, and into which store. */
export interface BackfillOptions extends BackfillEnvironment {
  readonly exchange: Exchange;
  /** Unified ccxt symbol, e.g. `BTC/USDT`. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** First bar wanted (open time, Unix ms); a store holding later bars resumes after its last. */
  readonly since: number;
  /** Exclusive bound on open times, Unix ms; default: up to the last complete bar. */
  readonly until?: number;
  readonly store: BarStore;
  /** Key of the stored series; default `SYMBOL.EXCHANGEID` (upper-case ccxt id). */
  readonly instrumentId?: InstrumentId;
  /** Candles per request; default the exchange's maximum (ccxt `features`). */
  readonly pageLimit?: number;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** What any backfill (ccxt or Yahoo) did. */
export interface BackfillSummary {
  readonly instrumentId: InstrumentId;
  /** Open time of the last bar stored before the run, Unix ms, when it resumed. */
  readonly resumedAfter: number | undefined;
  readonly requests: number;
  readonly pages: number;
  readonly barsWritten: number;
  /** Open times of the first and last bar written, Unix ms (NaN when none). */
  readonly first: number;
  readonly last: number;
  /** Requests repeated after a retryable error or rate limit, and the total waited for them, ms. */
  readonly retries: number;
  readonly waitedMs: number;
  readonly stop: BackfillStop;
  /** Open time of the next bar a later run would fetch, Unix ms. */
  readonly cursor: number;
}

/** What a ccxt backfill did. */
export interface BackfillResult extends BackfillSummary {
  readonly exchange: string;
  readonly timeframe: Timeframe;
}

/** Why a page was cut short: a candle at or after the run's end, or a candle still forming. */
type PageCut = 'end' | 'forming' | undefined;

/**
 * Copies into `series` the candles of a page that belong to the run: from `cursor` on, strictly
 * increasing, before `end`, and complete at `now` (open + step ≤ now). Says why it stopped early.
 */
function keepNewComplete(
  page: CandlePage,
  series: BarSeries,
  cursor: number,
  end: number,
  now: number,
  step: number,
): PageCut {
  const target = series as { length: number };
  target.length = 0;
  let previous = cursor - 1;
  for (let i = 0; i < page.timestamp.length; i++) {
    const t = page.timestamp[i];
    if (t < cursor || t <= previous) continue;
    if (t >= end) return 'end';
    if (t + step > now) return 'forming';
    const n = target.length;
    series.timestamp[n] = t;
    series.open[n] = page.open[i];
    series.high[n] = page.high[i];
    series.low[n] = page.low[i];
    series.close[n] = page.close[i];
    series.volume[n] = page.volume[i];
    target.length = n + 1;
    previous = t;
  }
  return undefined;
}

/**
 * Fills the store with one instrument's bars from a ccxt exchange: pages through fetchOHLCV from
 * `since` (or after the last stored bar: no overlap, no duplicates), writes each page, and stops
 * at `until`, at the still-forming candle (open + timeframe > now, never stored), or when the
 * venue has nothing newer. ccxt's rate limiter spaces the requests; retryable failures (network,
 * timeout, 5xx) back off with jitter, rate limits wait for the venue's Retry-After; a permanent
 * failure (unknown symbol, rejected request) throws a VenueError naming the venue and cause.
 */
export async function backfillBars(options: BackfillOptions): Promise<BackfillResult> {
  const { exchange, symbol, timeframe, store } = options;
  const environment = resolveBackfillEnvironment(options);
  const { now, logger } = environment;
  const step = timeframeMillis(timeframe);
  const id = options.instrumentId ?? makeInstrumentId(symbol, exchange.id.toUpperCase());
  const limit = options.pageLimit ?? ohlcvPageLimit(exchange);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`backfillBars: pageLimit must be a positive integer, got ${limit}`);
  const end = options.until ?? now();
  const resumedAfter = await store.lastTimestamp(id, timeframe);
  let cursor = resumedAfter === undefined ? options.since : Math.max(options.since, resumedAfter + step);
  let series = allocateBarSeries(id, timeframe, limit);
  const tally = new BackfillTally(environment);
  let stop: BackfillStop;
  logger.info('backfill_started', {
    exchange: exchange.id,
    instrument_id: id,
    timeframe,
    cursor,
    end,
    resumed_after: resumedAfter,
  });
  for (;;) {
    if (cursor >= end) {
      stop = options.until === undefined ? BackfillStop.CaughtUp : BackfillStop.Until;
      break;
    }
    if (cursor + step > now()) {
      stop = BackfillStop.CaughtUp;
      break;
    }
    const since = cursor;
    const page = await callWithRetry(
      () => fetchCandles({ exchange, symbol, timeframe, since, limit, now }),
      tally.retrying({ exchange: exchange.id, since }),
    );
    tally.requests++;
    if (page.timestamp.length > series.timestamp.length)
      series = allocateBarSeries(id, timeframe, page.timestamp.length);
    const cut = keepNewComplete(page, series, cursor, end, now(), step);
    const cutStop = cut === 'end' ? BackfillStop.Until : cut === 'forming' ? BackfillStop.CaughtUp : undefined;
    if (series.length === 0) {
      stop = cutStop ?? BackfillStop.NoNewerBars;
      break;
    }
    const written = await store.writeBars(series);
    tally.wrote(written.written, series.timestamp[0], series.timestamp[series.length - 1]);
    cursor = tally.last + step;
    options.onProgress?.({ pages: tally.pages, barsWritten: tally.barsWritten, cursor, start: options.since, end });
    if (cutStop !== undefined) {
      stop = cutStop;
      break;
    }
  }
  logger.info('backfill_finished', {
    exchange: exchange.id,
    instrument_id: id,
    requests: tally.requests,
    pages: tally.pages,
    bars: tally.barsWritten,
    stop,
    cursor,
  });
  return { exchange: exchange.id, instrumentId: id, timeframe, resumedAfter, ...tally.figures(), stop, cursor };
}
