import { type DayNumber, lastWeekdayOfMonth, nthWeekdayOfMonth, Weekday } from './civil-date.ts';

/*
 * UTC offsets of the exchanges' home time zones without a time-zone database. Clocks change on a
 * Sunday night, when neither exchange trades, so the offset of a whole local trading day is the
 * offset at its midday: these functions take a day, not an instant.
 */

/**
 * First and last-plus-one local day of US daylight saving time in `year`, by the Uniform Time Act
 * as amended: from 2007 the second Sunday of March to the first Sunday of November (Energy Policy
 * Act of 2005); 1987–2006 the first Sunday of April to the last Sunday of October; 1967–1986 the
 * last Sunday of April to the last Sunday of October (the 1974–75 energy-crisis years are not modelled).
 */
function usDaylightSaving(year: number): readonly [DayNumber, DayNumber] {
  if (year >= 2007)
    return [nthWeekdayOfMonth(year, 3, Weekday.Sunday, 2), nthWeekdayOfMonth(year, 11, Weekday.Sunday, 1)];
  if (year >= 1987)
    return [nthWeekdayOfMonth(year, 4, Weekday.Sunday, 1), lastWeekdayOfMonth(year, 10, Weekday.Sunday)];
  return [lastWeekdayOfMonth(year, 4, Weekday.Sunday), lastWeekdayOfMonth(year, 10, Weekday.Sunday)];
}

/**
 * First and last-plus-one local day of summer time in Germany: since 1996 (EU directive, now
 * 2000/84/EC) the last Sunday of March to the last Sunday of October; 1981–1995 the last Sunday of
 * March to the last Sunday of September (Germany's summer time started in 1980 on 6 April, not modelled).
 */
function euSummerTime(year: number): readonly [DayNumber, DayNumber] {
  const end = year >= 1996 ? lastWeekdayOfMonth(year, 10, Weekday.Sunday) : lastWeekdayOfMonth(year, 9, Weekday.Sunday);
  return [lastWeekdayOfMonth(year, 3, Weekday.Sunday), end];
}

function yearOf(day: DayNumber): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Offset of New York local time from UTC on a local day, in minutes: −240 (EDT) or −300 (EST). */
export function newYorkOffsetMinutes(day: DayNumber): number {
  const [start, end] = usDaylightSaving(yearOf(day));
  return day >= start && day < end ? -240 : -300;
}

/** Offset of Frankfurt local time from UTC on a local day, in minutes: 120 (CEST) or 60 (CET). */
export function frankfurtOffsetMinutes(day: DayNumber): number {
  const [start, end] = euSummerTime(yearOf(day));
  return day >= start && day < end ? 120 : 60;
}
