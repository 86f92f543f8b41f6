import type { Timeframe, UnixMillis } from '../model/time.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday: Monday 1970-01-05 00:00 UTC is 4 days after the epoch. */
const MONDAY_OFFSET = 4 * DAY;

const TIMEFRAME_PATTERN = /^(\d+)(s|m|h|d|w|M)$/;
const UNIT_MS = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK } as const;

/**
 * How a timeframe cuts UTC time into buckets (bar periods):
 *
 * - `s`, `m`, `h`, `d`: fixed length; bucket open = floor(t / length) · length, counted from the
 *   Unix epoch. So 4h bars open at 00, 04, 08 … UTC, 1d bars at midnight UTC, and n-day bars
 *   (2d, 3d) on multiples of n days since 1970-01-01. No time zones, no DST: UTC only.
 * - `w`: fixed length, aligned to Monday 00:00 UTC (as TradingView and most exchanges do);
 *   n-week bars count from Monday 1970-01-05.
 * - `M`: calendar months of varying length, opening at 00:00 UTC on the 1st; n-month bars count
 *   from January 1970, so 3M bars are calendar quarters and 6M bars half years.
 */
export interface BucketAlignment {
  readonly timeframe: Timeframe;
  /** Fixed bucket length in ms, or 0 for calendar months. */
  readonly lengthMs: number;
  /** Bucket opens sit at `offsetMs + k · lengthMs` (fixed lengths only). */
  readonly offsetMs: number;
  /** Months per bucket (calendar months only, else 0). */
  readonly months: number;
  /** The shortest bucket in ms (a 1M bucket is at least 28 days). */
  readonly minLengthMs: number;
  /** Open time of the bucket that contains `timestamp`. */
  bucketStart(timestamp: UnixMillis): UnixMillis;
  /** Close time (exclusive end) of the bucket that opens at `start`. */
  bucketEnd(start: UnixMillis): UnixMillis;
}

/** The bucket alignment of a timeframe; throws on a malformed one. */
export function bucketAlignment(timeframe: Timeframe): BucketAlignment {
  const match = TIMEFRAME_PATTERN.exec(timeframe);
  const count = match === null ? 0 : Number(match[1]);
  if (match === null || !(count > 0) || !Number.isSafeInteger(count))
    throw new Error(
      `invalid timeframe '${timeframe}': expected a positive count and a unit s|m|h|d|w|M, e.g. 5m, 4h, 1w`,
    );
  const unit = match[2];
  if (unit === 'M') return monthAlignment(timeframe, count);
  const lengthMs = count * UNIT_MS[unit as keyof typeof UNIT_MS];
  const offsetMs = unit === 'w' ? MONDAY_OFFSET : 0;
  return {
    timeframe,
    lengthMs,
    offsetMs,
    months: 0,
    minLengthMs: lengthMs,
    bucketStart: (t) => t - positiveModulo(t - offsetMs, lengthMs),
    bucketEnd: (start) => start + lengthMs,
  };
}

function monthAlignment(timeframe: Timeframe, months: number): BucketAlignment {
  return {
    timeframe,
    lengthMs: 0,
    offsetMs: 0,
    months,
    minLengthMs: months * 28 * DAY,
    bucketStart: (t) => {
      const index = monthIndex(t);
      return monthStart(index - positiveModulo(index, months));
    },
    bucketEnd: (start) => monthStart(monthIndex(start) + months),
  };
}

/**
 * Checks that bars of `source` can be combined into bars of `target`: every target bucket must be
 * a whole number of source buckets, opening on a source bucket's open. Throws an error that names
 * both timeframes and the reason otherwise.
 */
export function checkResampleTimeframes(source: Timeframe, target: Timeframe): void {
  const from = bucketAlignment(source);
  const to = bucketAlignment(target);
  const refuse = (why: string): never => {
    throw new Error(`cannot resample ${source} bars to ${target}: ${why}`);
  };
  if (from.months > 0) {
    if (to.months === 0) refuse('calendar-month bars only combine into calendar-month bars (e.g. 1M → 3M)');
    if (to.months % from.months !== 0) refuse(`${target} is not a multiple of ${source}`);
    return;
  }
  if (to.months > 0) {
    if (DAY % from.lengthMs !== 0)
      refuse(`months open at midnight UTC, which is not on the ${source} grid (the source must divide 1 day)`);
    return;
  }
  if (to.lengthMs < from.lengthMs) refuse(`${target} is shorter than ${source} (resampling only combines bars)`);
  if (to.lengthMs % from.lengthMs !== 0) refuse(`${target} is not a multiple of ${source}`);
  if (positiveModulo(to.offsetMs - from.offsetMs, from.lengthMs) !== 0)
    refuse(`${target} buckets open on Mondays, which are not on the ${source} grid`);
}

/** Mathematical modulo: the result has the sign of `m` (t before 1970 still floors down). */
function positiveModulo(value: number, m: number): number {
  const r = value % m;
  return r < 0 ? r + m : r;
}

/** Months since January 1970 of the UTC calendar month containing `t`. */
function monthIndex(t: UnixMillis): number {
  const { year, month } = civilFromDays(Math.floor(t / DAY));
  return (year - 1970) * 12 + (month - 1);
}

/** Unix ms of 00:00 UTC on the 1st of the month `index` months after January 1970. */
function monthStart(index: number): UnixMillis {
  const year = 1970 + Math.floor(index / 12);
  const month = positiveModulo(index, 12) + 1;
  return daysFromCivil(year, month, 1) * DAY;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of {@link daysFromCivil}. */
function civilFromDays(days: number): { year: number; month: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month };
}
