import type { Timeframe } from '../model/time.ts';
import { timeframeMillis } from '../model/time.ts';
import { DAY_MILLIS, dayOf } from './calendars/civil-date.ts';
import type { TradingCalendar } from './calendars/trading-calendar.ts';

/**
 * The open times at which bars of one timeframe are expected on a venue: every multiple of the
 * timeframe on a 24/7 venue; on an exchange, the trading days (daily bars) or the slots of each
 * session from its open (intraday bars). All times are Unix ms UTC.
 */
export interface BarSchedule {
  /** Number of expected open times in [from, to). */
  countBetween(from: number, to: number): number;
  /** The first expected open time ≥ `time` and < `before`, or NaN when there is none. */
  firstAtOrAfter(time: number, before: number): number;
  /** Calls `visit` with each expected open time in [from, to), in order. */
  forEachBetween(from: number, to: number, visit: (time: number) => void): void;
  isExpected(time: number): boolean;
}

/** How to build a schedule. */
export interface BarScheduleOptions {
  calendar: TradingCalendar;
  timeframe: Timeframe;
  /**
   * Where the grid sits. 24/7: the offset of slots from the Unix epoch modulo the timeframe (so
   * weekly bars may start on Mondays); daily exchange bars: the time of day of the bar stamps
   * (0 for midnight-UTC dates). Ignored for intraday exchange bars, which start at the session open.
   */
  anchor: number;
}

/** Slots start + k·step for start + k·step < end. */
interface SlotRun {
  readonly start: number;
  readonly step: number;
  readonly end: number;
}

function countInRun(run: SlotRun, from: number, to: number): number {
  const lo = Math.max(from, run.start);
  const hi = Math.min(to, run.end);
  if (hi <= lo) return 0;
  return Math.ceil((hi - run.start) / run.step) - Math.ceil((lo - run.start) / run.step);
}

/** A 24/7 grid: arithmetic, no iteration. */
function continuousSchedule(step: number, anchor: number): BarSchedule {
  const offset = ((anchor % step) + step) % step;
  const firstIndex = (time: number) => Math.ceil((time - offset) / step);
  return {
    countBetween: (from, to) => (to <= from ? 0 : Math.max(0, firstIndex(to) - firstIndex(from))),
    firstAtOrAfter: (time, before) => {
      const slot = offset + firstIndex(time) * step;
      return slot < before ? slot : Number.NaN;
    },
    forEachBetween: (from, to, visit) => {
      for (let slot = offset + firstIndex(from) * step; slot < to; slot += step) visit(slot);
    },
    isExpected: (time) => (time - offset) % step === 0,
  };
}

/** An exchange grid: one run of slots per trading day; sessions must not cross UTC midnight. */
function sessionSchedule(calendar: TradingCalendar, step: number, daily: boolean, anchor: number): BarSchedule {
  const runOf = (day: number): SlotRun | undefined => {
    const session = calendar.session(day * DAY_MILLIS);
    if (session === undefined) return undefined;
    if (daily) {
      const start = session.date + anchor;
      return { start, step: DAY_MILLIS, end: start + 1 };
    }
    return { start: session.open, step, end: session.close };
  };
  const forDays = (from: number, to: number, visit: (run: SlotRun) => boolean | undefined): void => {
    for (let day = dayOf(from); day * DAY_MILLIS < to; day++) {
      const run = runOf(day);
      if (run !== undefined && visit(run) === true) return;
    }
  };
  return {
    countBetween: (from, to) => {
      let count = 0;
      forDays(from, to, (run) => {
        count += countInRun(run, from, to);
        return undefined;
      });
      return count;
    },
    firstAtOrAfter: (time, before) => {
      let found = Number.NaN;
      forDays(time, before, (run) => {
        if (countInRun(run, time, before) === 0) return false;
        found = run.start + Math.ceil((Math.max(time, run.start) - run.start) / run.step) * run.step;
        return true;
      });
      return found;
    },
    forEachBetween: (from, to, visit) =>
      forDays(from, to, (run) => {
        const lo = Math.max(from, run.start);
        const hi = Math.min(to, run.end);
        for (let slot = run.start + Math.ceil((lo - run.start) / run.step) * run.step; slot < hi; slot += run.step)
          visit(slot);
        return undefined;
      }),
    isExpected: (time) => {
      const run = runOf(dayOf(time));
      return run !== undefined && time >= run.start && time < run.end && (time - run.start) % run.step === 0;
    },
  };
}

/**
 * The schedule of a calendar and timeframe. Exchange calendars take intraday timeframes and `1d`;
 * longer ones (weeks, months) throw: use the 24/7 calendar for weekly bars. Calendar months (`M`)
 * have no fixed length and are refused everywhere.
 */
export function barSchedule(options: BarScheduleOptions): BarSchedule {
  const { calendar, timeframe } = options;
  if (timeframe.endsWith('M'))
    throw new Error(`bar schedule: calendar-month timeframe '${timeframe}' is not supported (months differ in length)`);
  const step = timeframeMillis(timeframe);
  if (calendar.continuous) return continuousSchedule(step, options.anchor);
  if (step > DAY_MILLIS || (step < DAY_MILLIS && DAY_MILLIS % step !== 0))
    throw new Error(
      `bar schedule: calendar '${calendar.name}' takes intraday timeframes that divide a day, or 1d; got '${timeframe}'`,
    );
  const dailyAnchor = ((options.anchor % DAY_MILLIS) + DAY_MILLIS) % DAY_MILLIS;
  return sessionSchedule(calendar, step, step === DAY_MILLIS, dailyAnchor);
}
