import {
  fetchYahooDailyBars,
  type YahooChartClientOptions,
  type YahooRejectedRow,
} from '../../adapters/venues/yahoo/index.ts';
import { barSchedule } from '../../core/data/bar-schedule.ts';
import type { BarStore } from '../../core/data/bar-store.ts';
import { calendarForVenue } from '../../core/data/calendars/index.ts';
import { allocateBarSeries } from '../../core/model/data.ts';
import { type InstrumentId, instrumentId as makeInstrumentId } from '../../core/model/ids.ts';
import { type BackfillProgress, BackfillStop, type BackfillSummary } from './backfill-bars.ts';
import { callWithRetry } from './backfill-retry.ts';
import { type BackfillEnvironment, BackfillTally, resolveBackfillEnvironment } from './backfill-tally.ts';

const DAY_MILLIS = 86_400_000;

/** What to backfill from Yahoo, and into which store. */
export interface YahooBackfillOptions extends BackfillEnvironment {
  /** Yahoo ticker, e.g. `ORCL`, `SPY`. */
  readonly symbol: string;
  /** First trading date wanted (Unix ms, any instant of the date); a store holding later bars resumes after its last. */
  readonly since: number;
  /** Exclusive bound on open times, Unix ms; default: up to yesterday (today's bar is still forming). */
  readonly until?: number;
  readonly store: BarStore;
  /** Venue part of the instrument id and the calendar of the gap check; default `YAHOO` (NYSE calendar). */
  readonly venue?: string;
  /** Key of the stored series; default `SYMBOL.YAHOO`. */
  readonly instrumentId?: InstrumentId;
  /** Scale prices by `adjclose / close` (dividends and splits), snapped to `priceIncrement` (default 0.01). */
  readonly adjust?: boolean;
  readonly priceIncrement?: number;
  /** Calendar days per request (default 366): the unit of progress and of resume. */
  readonly windowDays?: number;
  /** Where the chart API lives and how to reach it (tests: the replay server's URL). */
  readonly client?: YahooChartClientOptions;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** Trading days of the venue's calendar in the backfilled range that the store does not hold. */
export interface TradingDayGapCheck {
  readonly calendar: string;
  /** The range checked, Unix ms: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly expectedDays: number;
  readonly missingDays: number;
  /** The missing dates, `YYYY-MM-DD`, oldest first. */
  readonly missing: string[];
}

/** What a Yahoo backfill did. */
export interface YahooBackfillResult extends BackfillSummary {
  readonly source: 'yahoo';
  readonly timeframe: '1d';
  /** Rows Yahoo sent that were not stored (null values, inconsistent prices), with the reason. */
  readonly quarantined: YahooRejectedRow[];
  readonly gaps: TradingDayGapCheck;
}

/**
 * Fills the store with one symbol's daily bars from Yahoo's chart API: window by window from
 * `since` (or from the day after the last stored bar: no overlap, no duplicates) to `until` or to
 * the last complete day (today's bar is forming and never stored). Rate limits wait for Yahoo's
 * Retry-After, retryable failures back off with jitter (callWithRetry); an unknown symbol throws a
 * permanent VenueError. Rows Yahoo sent with nulls are quarantined, never filled in. Afterwards the
 * stored bars of [since, end) are checked against the venue's calendar and missing trading days listed.
 */
export async function backfillYahoo(options: YahooBackfillOptions): Promise<YahooBackfillResult> {
  const { symbol, store } = options;
  const environment = resolveBackfillEnvironment(options);
  const { now, logger } = environment;
  const venue = options.venue ?? 'YAHOO';
  const id = options.instrumentId ?? makeInstrumentId(symbol, venue);
  const windowDays = options.windowDays ?? 366;
  if (!Number.isInteger(windowDays) || windowDays < 1)
    throw new Error(`backfillYahoo: windowDays must be a positive integer, got ${windowDays}`);
  const since = Math.floor(options.since / DAY_MILLIS) * DAY_MILLIS;
  const completeBefore = Math.floor(now() / DAY_MILLIS) * DAY_MILLIS;
  const end = Math.min(options.until ?? completeBefore, completeBefore);
  const endStop =
    options.until !== undefined && options.until <= completeBefore ? BackfillStop.Until : BackfillStop.CaughtUp;
  const resumedAfter = await store.lastTimestamp(id, '1d');
  let cursor = resumedAfter === undefined ? since : Math.max(since, resumedAfter + DAY_MILLIS);
  const tally = new BackfillTally(environment);
  const quarantined: YahooRejectedRow[] = [];
  logger.info('backfill_started', { source: 'yahoo', instrument_id: id, cursor, end, resumed_after: resumedAfter });
  while (cursor < end) {
    const from = cursor;
    const to = Math.min(end, from + windowDays * DAY_MILLIS);
    const page = await callWithRetry(
      () =>
        fetchYahooDailyBars(
          {
            symbol,
            from,
            to,
            ...(options.adjust === undefined ? {} : { adjust: options.adjust }),
            ...(options.priceIncrement === undefined ? {} : { priceIncrement: options.priceIncrement }),
          },
          { now, ...options.client },
        ),
      tally.retrying({ source: 'yahoo', from }),
    );
    tally.requests++;
    for (const row of page.rejected) {
      quarantined.push(row);
      logger.warn('backfill_row_quarantined', {
        source: 'yahoo',
        instrument_id: id,
        date: row.date,
        reason: row.reason,
      });
    }
    const n = page.timestamp.length;
    if (n > 0) {
      const series = allocateBarSeries(id, '1d', n);
      series.timestamp.set(page.timestamp);
      series.open.set(page.open);
      series.high.set(page.high);
      series.low.set(page.low);
      series.close.set(page.close);
      series.volume.set(page.volume);
      (series as { length: number }).length = n;
      const written = await store.writeBars(series);
      tally.wrote(written.written, page.timestamp[0], page.timestamp[n - 1]);
    }
    // The window is done whether or not it held bars (a holiday week, a range before the listing).
    cursor = to;
    options.onProgress?.({ pages: tally.pages, barsWritten: tally.barsWritten, cursor, start: since, end });
  }
  const gaps = await checkTradingDays(store, id, venue, since, end);
  logger.info('backfill_finished', {
    source: 'yahoo',
    instrument_id: id,
    requests: tally.requests,
    bars: tally.barsWritten,
    quarantined: quarantined.length,
    missing_days: gaps.missingDays,
  });
  const lastStored = await store.lastTimestamp(id, '1d');
  return {
    source: 'yahoo',
    instrumentId: id,
    timeframe: '1d',
    resumedAfter,
    ...tally.figures(),
    stop: endStop,
    cursor: lastStored === undefined ? since : Math.max(since, lastStored + DAY_MILLIS),
    quarantined,
    gaps,
  };
}

/** Lists the trading days of `venue`'s calendar in [from, to) for which the store holds no daily bar. */
export async function checkTradingDays(
  store: BarStore,
  id: InstrumentId,
  venue: string,
  from: number,
  to: number,
): Promise<TradingDayGapCheck> {
  const calendar = calendarForVenue(venue);
  const stored = to > from ? await store.readBars({ instrumentId: id, timeframe: '1d', from, to }) : undefined;
  const held = new Set<number>();
  for (let i = 0; i < (stored?.length ?? 0); i++) held.add((stored as { timestamp: ArrayLike<number> }).timestamp[i]);
  const missing: string[] = [];
  let expectedDays = 0;
  if (to > from)
    barSchedule({ calendar, timeframe: '1d', anchor: 0 }).forEachBetween(from, to, (time) => {
      expectedDays++;
      if (!held.has(time)) missing.push(new Date(time).toISOString().slice(0, 10));
    });
  return { calendar: calendar.name, from, to, expectedDays, missingDays: missing.length, missing };
}
