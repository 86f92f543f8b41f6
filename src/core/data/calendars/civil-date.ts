/**
 * Civil (calendar) dates as whole days since 1970-01-01 (`DayNumber`), in the proleptic Gregorian
 * calendar. A day number times 86,400,000 is the Unix ms of that date's midnight UTC, which is how
 * daily bars are stamped: the exchange-local trading date at 00:00 UTC.
 */
export type DayNumber = number;

/** Milliseconds in a civil day (no leap seconds in Unix time). */
export const DAY_MILLIS = 86_400_000;

/** Weekdays as returned by `weekday` (0 = Sunday, as in JavaScript's `getUTCDay`). */
export const Weekday = { Sunday: 0, Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6 } as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

/** The day number of a date; `month` is 1–12. Exact for any year (pure integer arithmetic). */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  // Days-from-civil: count from 0000-03-01 so that the leap day ends each shifted year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The year, month (1–12) and day of a day number. */
export function civilDate(day: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(day * DAY_MILLIS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The weekday of a day number (1970-01-01 was a Thursday). */
export function weekday(day: DayNumber): Weekday {
  return ((((day + 4) % 7) + 7) % 7) as Weekday;
}

/** True on Saturdays and Sundays. */
export function isWeekend(day: DayNumber): boolean {
  const w = weekday(day);
  return w === Weekday.Saturday || w === Weekday.Sunday;
}

/** The day number of the UTC date that contains `timestamp` (Unix ms). */
export function dayOf(timestamp: number): DayNumber {
  return Math.floor(timestamp / DAY_MILLIS);
}

/** The `nth` (1-based) `weekdayWanted` of a month, e.g. the third Monday of January. */
export function nthWeekdayOfMonth(year: number, month: number, weekdayWanted: Weekday, nth: number): DayNumber {
  const first = dayNumber(year, month, 1);
  const offset = (weekdayWanted - weekday(first) + 7) % 7;
  return first + offset + (nth - 1) * 7;
}

/** The last `weekdayWanted` of a month, e.g. the last Monday of May. */
export function lastWeekdayOfMonth(year: number, month: number, weekdayWanted: Weekday): DayNumber {
  const last = dayNumber(year, month + 1, 1) - 1;
  return last - ((weekday(last) - weekdayWanted + 7) % 7);
}

/**
 * Easter Sunday of a Gregorian year by the anonymous Gregorian algorithm (Meeus/Jones/Butcher,
 * published in Nature, 1876): valid for every year of the Gregorian calendar.
 */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: DayNumber): string {
  return new Date(day * DAY_MILLIS).toISOString().slice(0, 10);
}
