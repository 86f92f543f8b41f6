import { type DayNumber, dayNumber, easterSunday } from './civil-date.ts';
import { frankfurtOffsetMinutes } from './time-zone-offsets.ts';
import { addHoliday, exchangeCalendar, type TradingCalendar } from './trading-calendar.ts';

/*
 * XETRA (Deutsche Börse) trading days. The holiday set is the one Deutsche Börse publishes for
 * XETRA and Eurex cash trading today (and QuantLib's Germany::Xetra calendar uses): New Year's Day,
 * Good Friday, Easter Monday, Labour Day (1 May), Christmas Eve, Christmas Day, Boxing Day and
 * New Year's Eve. There is no observance: a holiday on a weekend is simply lost.
 *
 * Years: the set is checked against the EURO STOXX 50 daily closes of 2005–2006 (backtrader's
 * datas, 512 sessions, every one predicted; see xetra.test.ts). Before about 2005 Frankfurt also
 * closed on some national holidays (Whit Monday, German Unity Day 3 October, Corpus Christi in some
 * years) and its XETRA hours were longer (to 20:00 in 2000–2003); neither is modelled, so the calendar
 * is documented as valid from 2005 on.
 * Ad hoc closures and changes Deutsche Börse announced for single years (for example trading on
 * 1 May or 24/31 December in some years) are not modelled.
 */
function xetraHolidays(year: number): ReadonlyMap<DayNumber, string> {
  const holidays = new Map<DayNumber, string>();
  const easter = easterSunday(year);
  addHoliday(holidays, dayNumber(year, 1, 1), "New Year's Day");
  addHoliday(holidays, easter - 2, 'Good Friday');
  addHoliday(holidays, easter + 1, 'Easter Monday');
  addHoliday(holidays, dayNumber(year, 5, 1), 'Labour Day');
  addHoliday(holidays, dayNumber(year, 12, 24), 'Christmas Eve');
  addHoliday(holidays, dayNumber(year, 12, 25), 'Christmas Day');
  addHoliday(holidays, dayNumber(year, 12, 26), 'Boxing Day');
  addHoliday(holidays, dayNumber(year, 12, 31), "New Year's Eve");
  return holidays;
}

/** XETRA continuous trading 09:00–17:30 Europe/Berlin (the hours since November 2003); no early closes. */
export const XETRA_CALENDAR: TradingCalendar = exchangeCalendar({
  name: 'xetra',
  hours: () => ({ open: 9 * 60, close: 17 * 60 + 30, earlyClose: 17 * 60 + 30 }),
  utcOffsetMinutes: frankfurtOffsetMinutes,
  holidays: xetraHolidays,
  earlyCloses: () => new Set<DayNumber>(),
});
