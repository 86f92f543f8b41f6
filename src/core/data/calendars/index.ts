/** Exchange calendars: trading days, sessions in UTC and early closes for NYSE, XETRA and 24/7 venues. */
import { NYSE_CALENDAR } from './nyse.ts';
import { ALWAYS_OPEN_CALENDAR, type TradingCalendar } from './trading-calendar.ts';
import { XETRA_CALENDAR } from './xetra.ts';

export * from './civil-date.ts';
export { NYSE_CALENDAR } from './nyse.ts';
export { frankfurtOffsetMinutes, newYorkOffsetMinutes } from './time-zone-offsets.ts';
export * from './trading-calendar.ts';
export { XETRA_CALENDAR } from './xetra.ts';

/** Names accepted by `tradingCalendar` (and the `--calendar` flag). */
export const TRADING_CALENDAR_NAMES = ['24/7', 'nyse', 'xetra'] as const;
export type TradingCalendarName = (typeof TRADING_CALENDAR_NAMES)[number];

const BY_NAME: Readonly<Record<TradingCalendarName, TradingCalendar>> = {
  '24/7': ALWAYS_OPEN_CALENDAR,
  nyse: NYSE_CALENDAR,
  xetra: XETRA_CALENDAR,
};

/** The calendar of a name; throws naming the known ones. */
export function tradingCalendar(name: string): TradingCalendar {
  const found = BY_NAME[name as TradingCalendarName];
  if (found === undefined)
    throw new Error(`unknown calendar '${name}': expected one of ${TRADING_CALENDAR_NAMES.join(', ')}`);
  return found;
}

/** Venue names whose calendar is an exchange's rather than 24/7 (upper case). */
const VENUE_CALENDARS: Readonly<Record<string, TradingCalendarName>> = {
  NYSE: 'nyse',
  XNYS: 'nyse',
  NASDAQ: 'nyse',
  XNAS: 'nyse',
  ARCA: 'nyse',
  AMEX: 'nyse',
  YAHOO: 'nyse',
  XETRA: 'xetra',
  XETR: 'xetra',
  FRA: 'xetra',
  XFRA: 'xetra',
};

/** The calendar a venue trades on: NYSE for US equity venues, XETRA for Frankfurt, else 24/7. */
export function calendarForVenue(venue: string): TradingCalendar {
  return BY_NAME[VENUE_CALENDARS[venue.toUpperCase()] ?? '24/7'];
}
