import {
  type DayNumber,
  dayNumber,
  easterSunday,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  Weekday,
  weekday,
} from './civil-date.ts';
import { newYorkOffsetMinutes } from './time-zone-offsets.ts';
import { addHoliday, exchangeCalendar, type TradingCalendar } from './trading-calendar.ts';

/*
 * New York Stock Exchange trading days, from NYSE Rule 7.2 (holidays) and the exchange's published
 * holiday and early-close lists. Modelled from 1990 on; for earlier years the rules below still
 * apply but historical closures before 1990 (election days, blizzards, the 1977 blackout) are absent.
 *
 * Observance (Rule 7.2): a holiday on a Sunday is observed on the Monday after; on a Saturday, on
 * the Friday before — except New Year's Day, whose Saturday is not observed (the Friday before
 * closes a month and a year, so the exchange stays open: 31 Dec 1999, 2010, 2021).
 */

/** Unscheduled full-day closures, each with its source. */
const SPECIAL_CLOSURES: ReadonlyArray<readonly [number, number, number, string]> = [
  // National day of mourning, President Nixon (NYSE closed 27 Apr 1994).
  [1994, 4, 27, 'Nixon day of mourning'],
  // Attacks of 11 September 2001: closed 11–14 Sep, reopened Monday 17 Sep 2001.
  [2001, 9, 11, 'September 11 attacks'],
  [2001, 9, 12, 'September 11 attacks'],
  [2001, 9, 13, 'September 11 attacks'],
  [2001, 9, 14, 'September 11 attacks'],
  // National day of mourning, President Reagan (Friday 11 Jun 2004).
  [2004, 6, 11, 'Reagan day of mourning'],
  // National day of mourning, President Ford (Tuesday 2 Jan 2007).
  [2007, 1, 2, 'Ford day of mourning'],
  // Hurricane Sandy: closed Monday 29 and Tuesday 30 Oct 2012.
  [2012, 10, 29, 'Hurricane Sandy'],
  [2012, 10, 30, 'Hurricane Sandy'],
  // National day of mourning, President George H. W. Bush (Wednesday 5 Dec 2018).
  [2018, 12, 5, 'George H. W. Bush day of mourning'],
  // National day of mourning, President Carter (Thursday 9 Jan 2025).
  [2025, 1, 9, 'Carter day of mourning'],
];

/** Sunday → Monday after, Saturday → Friday before. */
function observed(day: DayNumber): DayNumber {
  const w = weekday(day);
  if (w === Weekday.Sunday) return day + 1;
  if (w === Weekday.Saturday) return day - 1;
  return day;
}

function nyseHolidays(year: number): ReadonlyMap<DayNumber, string> {
  const holidays = new Map<DayNumber, string>();
  const newYear = dayNumber(year, 1, 1);
  if (weekday(newYear) === Weekday.Sunday) addHoliday(holidays, newYear + 1, "New Year's Day (observed)");
  else addHoliday(holidays, newYear, "New Year's Day");
  // Martin Luther King Jr. Day: the NYSE first closed for it in 1998.
  if (year >= 1998) addHoliday(holidays, nthWeekdayOfMonth(year, 1, Weekday.Monday, 3), 'Martin Luther King Jr. Day');
  addHoliday(holidays, nthWeekdayOfMonth(year, 2, Weekday.Monday, 3), "Washington's Birthday");
  addHoliday(holidays, easterSunday(year) - 2, 'Good Friday');
  addHoliday(holidays, lastWeekdayOfMonth(year, 5, Weekday.Monday), 'Memorial Day');
  // Juneteenth National Independence Day: a federal holiday from 2021, an NYSE holiday from 2022.
  if (year >= 2022) addHoliday(holidays, observed(dayNumber(year, 6, 19)), 'Juneteenth');
  addHoliday(holidays, observed(dayNumber(year, 7, 4)), 'Independence Day');
  addHoliday(holidays, nthWeekdayOfMonth(year, 9, Weekday.Monday, 1), 'Labor Day');
  addHoliday(holidays, nthWeekdayOfMonth(year, 11, Weekday.Thursday, 4), 'Thanksgiving Day');
  addHoliday(holidays, observed(dayNumber(year, 12, 25)), 'Christmas Day');
  for (const [y, m, d, reason] of SPECIAL_CLOSURES) if (y === year) addHoliday(holidays, dayNumber(y, m, d), reason);
  return holidays;
}

/**
 * Early closes at 13:00 ET, as the NYSE has scheduled them since 1993–1995:
 * - 3 July when it is a Monday, Tuesday or Thursday (from 1995), and a Wednesday 3 July from 2013;
 *   before 2013, when 4 July was a Thursday, Friday 5 July closed early instead;
 * - the day after Thanksgiving (from 1993);
 * - 24 December when it is a Monday–Thursday (from 1993); a Friday 24 December is the observed
 *   Christmas holiday.
 * Unscheduled early closes (weather, 1999-12-31's regular day) are not modelled.
 */
function nyseEarlyCloses(year: number): ReadonlySet<DayNumber> {
  const early = new Set<DayNumber>();
  const july3 = dayNumber(year, 7, 3);
  const w = weekday(july3);
  if (year >= 1995 && (w === Weekday.Monday || w === Weekday.Tuesday || w === Weekday.Thursday)) early.add(july3);
  if (year >= 2013 && w === Weekday.Wednesday) early.add(july3);
  if (year >= 1995 && year < 2013 && w === Weekday.Wednesday) early.add(july3 + 2);
  if (year >= 1993) {
    early.add(nthWeekdayOfMonth(year, 11, Weekday.Thursday, 4) + 1);
    const christmasEve = dayNumber(year, 12, 24);
    const c = weekday(christmasEve);
    if (c >= Weekday.Monday && c <= Weekday.Thursday) early.add(christmasEve);
  }
  return early;
}

/** NYSE: 09:30–16:00 America/New_York, early close 13:00; holidays and closures as above. */
export const NYSE_CALENDAR: TradingCalendar = exchangeCalendar({
  name: 'nyse',
  hours: () => ({ open: 9 * 60 + 30, close: 16 * 60, earlyClose: 13 * 60 }),
  utcOffsetMinutes: newYorkOffsetMinutes,
  holidays: nyseHolidays,
  earlyCloses: nyseEarlyCloses,
});
