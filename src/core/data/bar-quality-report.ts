import type { BarSeries } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import { type Timeframe, timeframeMillis } from '../model/time.ts';
import { type BarSchedule, barSchedule } from './bar-schedule.ts';
import { ALWAYS_OPEN_CALENDAR, type TradingCalendar } from './calendars/trading-calendar.ts';
import { lowerBound } from './lower-bound.ts';
import { isConsistentBar, type OhlcProblem, ohlcProblems } from './ohlc-problems.ts';
import { robustScale } from './robust-z-scores.ts';

/** A run of missing bars: expected open times in [from, to), `bars` of them. */
export interface BarGap {
  /** Open time of the first missing bar, Unix ms. */
  readonly from: number;
  /** Open time of the next bar present (or the end of the checked range), Unix ms. */
  readonly to: number;
  readonly bars: number;
}

/** A row of the raw series, by its index there, with its open time. */
export interface BarRow {
  readonly row: number;
  readonly timestamp: number;
}

/** What to check against. */
export interface BarQualityOptions {
  /** Trading calendar (default 24/7: every slot of the timeframe is expected). */
  calendar?: TradingCalendar;
  /** Start of the range the series should cover, Unix ms (default: its first bar). */
  from?: number;
  /** End of that range, exclusive (default: the close time of its last bar, open + timeframe). */
  to?: number;
  /** Robust z-score of a log return above which its bar is an outlier (default 10). */
  outlierZ?: number;
}

/**
 * What is wrong with a bar series, row by row. Rows are indexes into the series as given (which
 * may be unsorted). Gaps are counted over the distinct open times present, whatever their order
 * or content: a bar with inconsistent prices still fills its slot until it is dropped.
 */
export interface BarQualityReport {
  readonly instrumentId: InstrumentId;
  readonly timeframe: Timeframe;
  readonly calendar: string;
  /** Grid offset used for expected times (see `BarScheduleOptions.anchor`), Unix ms. */
  readonly anchor: number;
  readonly rows: number;
  /** The range checked, [from, to), Unix ms (NaN for an empty series without bounds). */
  readonly from: number;
  readonly to: number;
  /** Expected open times in the range, and how many of them a row has. */
  readonly expectedBars: number;
  readonly presentBars: number;
  readonly missing: {
    readonly bars: number;
    readonly gaps: number;
    /** The gap with the most missing bars (the first such), undefined when none. */
    readonly longest: BarGap | undefined;
    readonly list: readonly BarGap[];
  };
  /** Rows repeating an earlier row's open time; `firstRow` is that earlier row. */
  readonly duplicates: readonly (BarRow & { readonly firstRow: number })[];
  /** Rows whose open time is before an earlier row's (and not equal to any): `after` is the latest earlier open time. */
  readonly outOfOrder: readonly (BarRow & { readonly after: number })[];
  /** Rows at times the calendar does not expect (a holiday, outside the session, off the grid). */
  readonly offSchedule: readonly BarRow[];
  readonly zeroVolume: readonly BarRow[];
  readonly inconsistent: readonly (BarRow & { readonly problems: readonly OhlcProblem[] })[];
  readonly outliers: {
    readonly threshold: number;
    /** Median and robust scale of the log returns between consecutive clean bars. */
    readonly median: number;
    readonly scale: number;
    readonly list: readonly (BarRow & { readonly logReturn: number; readonly zScore: number })[];
  };
}

interface RowClasses {
  readonly duplicates: (BarRow & { firstRow: number })[];
  readonly outOfOrder: (BarRow & { after: number })[];
  /** Row indexes of distinct open times, sorted by open time. */
  readonly distinct: Int32Array;
}

function classifyRows(series: BarSeries): RowClasses {
  const { timestamp, length } = series;
  let increasing = true;
  for (let row = 1; row < length && increasing; row++) increasing = timestamp[row] > timestamp[row - 1];
  if (increasing) {
    const distinct = new Int32Array(length);
    for (let row = 0; row < length; row++) distinct[row] = row;
    return { duplicates: [], outOfOrder: [], distinct };
  }
  const duplicates: (BarRow & { firstRow: number })[] = [];
  const outOfOrder: (BarRow & { after: number })[] = [];
  const firstRowOf = new Map<number, number>();
  let latest = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < length; row++) {
    const t = timestamp[row];
    const first = firstRowOf.get(t);
    if (first !== undefined) {
      duplicates.push({ row, timestamp: t, firstRow: first });
      continue;
    }
    firstRowOf.set(t, row);
    if (t < latest) outOfOrder.push({ row, timestamp: t, after: latest });
    else latest = t;
  }
  const distinct = Int32Array.from(firstRowOf.values()).sort((a, b) => timestamp[a] - timestamp[b]);
  return { duplicates, outOfOrder, distinct };
}

function findGaps(schedule: BarSchedule, times: Float64Array, from: number, to: number): BarGap[] {
  const gaps: BarGap[] = [];
  const check = (after: number, before: number) => {
    const bars = schedule.countBetween(after, before);
    if (bars > 0) gaps.push({ from: schedule.firstAtOrAfter(after, before), to: before, bars });
  };
  if (times.length === 0) {
    check(from, to);
    return gaps;
  }
  check(from, times[0]);
  for (let i = 1; i < times.length; i++) check(times[i - 1] + 1, times[i]);
  check(times[times.length - 1] + 1, to);
  return gaps;
}

/**
 * Checks a raw bar series: missing bars against the calendar's schedule, duplicates, out-of-order
 * rows, zero volume, OHLC inconsistencies and price outliers (robust z-score of log close-to-close
 * returns between consecutive clean bars: (r − median) / scale, see `robustScale`). Pure.
 */
export function barQualityReport(series: BarSeries, options: BarQualityOptions = {}): BarQualityReport {
  const calendar = options.calendar ?? ALWAYS_OPEN_CALENDAR;
  const threshold = options.outlierZ ?? 10;
  if (!(threshold > 0)) throw new Error(`barQualityReport: outlierZ must be positive, got ${threshold}`);
  const { timestamp, close, volume } = series;
  const { duplicates, outOfOrder, distinct } = classifyRows(series);
  const times = new Float64Array(distinct.length);
  for (let i = 0; i < distinct.length; i++) times[i] = timestamp[distinct[i]];
  const anchor = times.length > 0 ? times[0] : (options.from ?? 0);
  const schedule = barSchedule({ calendar, timeframe: series.timeframe, anchor });
  const from = options.from ?? (times.length > 0 ? times[0] : Number.NaN);
  const to =
    options.to ?? (times.length > 0 ? times[times.length - 1] + timeframeMillis(series.timeframe) : Number.NaN);
  const inRange = Number.isNaN(from)
    ? times.subarray(0, 0)
    : times.subarray(lowerBound(times, from), lowerBound(times, to));
  const gaps = Number.isNaN(from) ? [] : findGaps(schedule, inRange, from, to);
  let longest: BarGap | undefined;
  let missingBars = 0;
  for (const gap of gaps) {
    missingBars += gap.bars;
    if (longest === undefined || gap.bars > longest.bars) longest = gap;
  }

  const offSchedule: BarRow[] = [];
  for (const row of distinct)
    if (!schedule.isExpected(timestamp[row])) offSchedule.push({ row, timestamp: timestamp[row] });
  const zeroVolume: BarRow[] = [];
  const inconsistent: (BarRow & { problems: OhlcProblem[] })[] = [];
  for (let row = 0; row < series.length; row++) {
    if (volume[row] === 0) zeroVolume.push({ row, timestamp: timestamp[row] });
    if (isConsistentBar(series, row)) continue;
    const problems = ohlcProblems(series, row);
    if (problems.length > 0) inconsistent.push({ row, timestamp: timestamp[row], problems });
  }

  const bad = new Set(inconsistent.map((issue) => issue.row));
  const clean = bad.size === 0 ? distinct : distinct.filter((row) => !bad.has(row));
  const returns = new Float64Array(Math.max(0, clean.length - 1));
  for (let i = 1; i < clean.length; i++) returns[i - 1] = Math.log(close[clean[i]] / close[clean[i - 1]]);
  const { median, scale } = robustScale(returns);
  const outliers: (BarRow & { logReturn: number; zScore: number })[] = [];
  if (scale > 0) {
    for (let i = 0; i < returns.length; i++) {
      const zScore = (returns[i] - median) / scale;
      if (Math.abs(zScore) > threshold) {
        const row = clean[i + 1];
        outliers.push({ row, timestamp: timestamp[row], logReturn: returns[i], zScore });
      }
    }
  }

  const expectedBars = Number.isNaN(from) ? 0 : schedule.countBetween(from, to);
  return {
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    calendar: calendar.name,
    anchor,
    rows: series.length,
    from,
    to,
    expectedBars,
    presentBars: inRange.length - offSchedule.filter((o) => o.timestamp >= from && o.timestamp < to).length,
    missing: { bars: missingBars, gaps: gaps.length, longest, list: gaps },
    duplicates,
    outOfOrder,
    offSchedule,
    zeroVolume,
    inconsistent,
    outliers: { threshold, median, scale, list: outliers },
  };
}
