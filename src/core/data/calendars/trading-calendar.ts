import { civilDate, DAY_MILLIS, type DayNumber, dayOf, isWeekend } from './civil-date.ts';

/** One trading session in UTC. `date` is the exchange-local trading date at 00:00 UTC (Unix ms). */
export interface TradingSession {
  readonly date: number;
  /** Open and close instants, Unix ms UTC; the session is [open, close). */
  readonly open: number;
  readonly close: number;
  /** True when the exchange closes early that day (for example 13:00 ET on the day after Thanksgiving). */
  readonly halfDay: boolean;
}

/**
 * Which days an exchange trades and when. Dates are exchange-local calendar dates passed as Unix
 * ms of their midnight UTC; any instant within that UTC day stands for the date (a daily bar's
 * timestamp can be passed as it is).
 */
export interface TradingCalendar {
  /** Registry name: `24/7`, `nyse`, `xetra`. */
  readonly name: string;
  /** True when the venue never closes (crypto): every instant is in session. */
  readonly continuous: boolean;
  isTradingDay(date: number): boolean;
  /** The session of a trading date, undefined on a closed day. */
  session(date: number): TradingSession | undefined;
  /** True on a trading date with an early close. */
  isHalfDay(date: number): boolean;
  /** Why a weekday is closed (`Good Friday`, `Hurricane Sandy`), undefined on trading days and weekends. */
  closure(date: number): string | undefined;
}

/** Local clock times in minutes after midnight. */
export interface SessionHours {
  readonly open: number;
  readonly close: number;
  /** Close on an early-close day. */
  readonly earlyClose: number;
}

/** What a rule-based exchange calendar is made of. */
export interface ExchangeCalendarRules {
  readonly name: string;
  /** Regular hours, possibly varying by date (exchanges change their hours over the years). */
  hours(day: DayNumber): SessionHours;
  /** UTC offset of local time on a local day, minutes (east positive). */
  utcOffsetMinutes(day: DayNumber): number;
  /** Weekday closures of a year: day number → reason. */
  holidays(year: number): ReadonlyMap<DayNumber, string>;
  /** Early-close days of a year. */
  earlyCloses(year: number): ReadonlySet<DayNumber>;
}

interface YearRules {
  readonly holidays: ReadonlyMap<DayNumber, string>;
  readonly earlyCloses: ReadonlySet<DayNumber>;
}

/**
 * A `TradingCalendar` from weekend + holiday rules. A year's rules are computed once and kept
 * (a few dozen entries a year), so lookups in long loops are map reads.
 */
export function exchangeCalendar(rules: ExchangeCalendarRules): TradingCalendar {
  const years = new Map<number, YearRules>();
  const yearRules = (day: DayNumber): YearRules => {
    const { year } = civilDate(day);
    let found = years.get(year);
    if (found === undefined) {
      found = { holidays: rules.holidays(year), earlyCloses: rules.earlyCloses(year) };
      years.set(year, found);
    }
    return found;
  };
  const isTradingDay = (date: number): boolean => {
    const day = dayOf(date);
    return !isWeekend(day) && !yearRules(day).holidays.has(day);
  };
  const isHalfDay = (date: number): boolean => {
    const day = dayOf(date);
    return isTradingDay(date) && yearRules(day).earlyCloses.has(day);
  };
  return {
    name: rules.name,
    continuous: false,
    isTradingDay,
    isHalfDay,
    closure: (date) => {
      const day = dayOf(date);
      return isWeekend(day) ? undefined : yearRules(day).holidays.get(day);
    },
    session: (date) => {
      if (!isTradingDay(date)) return undefined;
      const day = dayOf(date);
      const hours = rules.hours(day);
      const halfDay = yearRules(day).earlyCloses.has(day);
      const midnightUtc = day * DAY_MILLIS - rules.utcOffsetMinutes(day) * 60_000;
      return {
        date: day * DAY_MILLIS,
        open: midnightUtc + hours.open * 60_000,
        close: midnightUtc + (halfDay ? hours.earlyClose : hours.close) * 60_000,
        halfDay,
      };
    },
  };
}

/** The calendar of a venue that never closes (crypto): every day trades, sessions are whole UTC days. */
export const ALWAYS_OPEN_CALENDAR: TradingCalendar = {
  name: '24/7',
  continuous: true,
  isTradingDay: () => true,
  isHalfDay: () => false,
  closure: () => undefined,
  session: (date) => {
    const start = dayOf(date) * DAY_MILLIS;
    return { date: start, open: start, close: start + DAY_MILLIS, halfDay: false };
  },
};

/** Adds a rule-produced holiday unless it falls on a weekend (those are closed anyway). */
export function addHoliday(holidays: Map<DayNumber, string>, day: DayNumber, reason: string): void {
  if (!isWeekend(day)) holidays.set(day, reason);
}

/** Trading dates in [from, to) (Unix ms of any instants; whole local dates), as midnight-UTC ms. */
export function tradingDays(calendar: TradingCalendar, from: number, to: number): number[] {
  const out: number[] = [];
  for (let day = dayOf(from); day * DAY_MILLIS < to; day++)
    if (calendar.isTradingDay(day * DAY_MILLIS)) out.push(day * DAY_MILLIS);
  return out;
}
