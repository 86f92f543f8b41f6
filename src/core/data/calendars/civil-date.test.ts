import { describe, expect, it } from 'vitest';
import {
  civilDate,
  dayNumber,
  easterSunday,
  formatDay,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  Weekday,
  weekday,
} from './civil-date.ts';

describe('civil dates', () => {
  it('day numbers agree with Date.UTC over four centuries, and round-trip', () => {
    for (let year = 1800; year <= 2200; year += 7) {
      for (const [month, day] of [
        [1, 1],
        [2, 28],
        [3, 1],
        [12, 31],
      ]) {
        const n = dayNumber(year, month, day);
        expect(n * 86_400_000, `${year}-${month}-${day}`).toBe(Date.UTC(year, month - 1, day));
        expect(civilDate(n), 'round trip').toEqual({ year, month, day });
      }
    }
    expect(dayNumber(2000, 2, 29) + 1, '2000 is a leap year (divisible by 400)').toBe(dayNumber(2000, 3, 1));
    expect(dayNumber(1900, 2, 28) + 1, '1900 is not').toBe(dayNumber(1900, 3, 1));
  });

  it('weekdays: 1970-01-01 was a Thursday, 2001-09-11 a Tuesday', () => {
    expect(weekday(0)).toBe(Weekday.Thursday);
    expect(weekday(dayNumber(2001, 9, 11))).toBe(Weekday.Tuesday);
    expect(weekday(dayNumber(1969, 12, 28)), 'negative day numbers').toBe(Weekday.Sunday);
  });

  it('nth and last weekdays of a month', () => {
    expect(formatDay(nthWeekdayOfMonth(2024, 1, Weekday.Monday, 3)), 'MLK day 2024').toBe('2024-01-15');
    expect(formatDay(nthWeekdayOfMonth(2024, 11, Weekday.Thursday, 4)), 'Thanksgiving 2024').toBe('2024-11-28');
    expect(formatDay(lastWeekdayOfMonth(2024, 5, Weekday.Monday)), 'Memorial Day 2024').toBe('2024-05-27');
    expect(formatDay(lastWeekdayOfMonth(2021, 5, Weekday.Monday)), 'Memorial Day 2021 (31 May)').toBe('2021-05-31');
    expect(formatDay(lastWeekdayOfMonth(2024, 12, Weekday.Sunday)), 'month 12 + 1 rolls into January').toBe(
      '2024-12-29',
    );
  });

  it('Easter Sunday (anonymous Gregorian algorithm) on published dates, including the extremes', () => {
    const published: Record<number, string> = {
      1818: '1818-03-22', // earliest possible date
      1943: '1943-04-25', // latest possible date
      1995: '1995-04-16',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2038: '2038-04-25',
    };
    for (const [year, date] of Object.entries(published))
      expect(formatDay(easterSunday(Number(year))), year).toBe(date);
    for (let year = 1583; year < 2500; year++) {
      const easter = easterSunday(year);
      expect(weekday(easter), `${year}: a Sunday`).toBe(Weekday.Sunday);
      expect(easter >= dayNumber(year, 3, 22) && easter <= dayNumber(year, 4, 25), `${year}: 22 Mar–25 Apr`).toBe(true);
    }
  });
});
