import { describe, expect, it } from 'vitest';
import { loadBars } from '../../../adapters/data/index.ts';
import { instrumentId } from '../../model/ids.ts';
import { DAY_MILLIS, dayNumber, formatDay, isWeekend } from './civil-date.ts';
import { NYSE_CALENDAR } from './nyse.ts';
import { tradingDays } from './trading-calendar.ts';

const date = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => formatDay(Math.floor(ms / DAY_MILLIS));

/** Closures that are not yearly rules; the test expects the data to lack exactly these in range. */
const SPECIAL = [
  '1994-04-27',
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
];

describe('NYSE calendar against Yahoo daily bars', () => {
  for (const [file, ticker, rows] of [
    ['test/fixtures/orcl-1995-2014.txt', 'ORCL', 5036],
    ['../shared/data/backtrader/datas/yhoo-1996-2015.txt', 'YHOO', 4965],
    ['../shared/data/backtrader/datas/nvda-1999-2014.txt', 'NVDA', 4012],
  ] as const) {
    it(`${ticker}: every calendar trading day has a bar and every bar is on a trading day`, async () => {
      const { series } = await loadBars({ path: file, instrumentId: instrumentId(ticker, 'NYSE') });
      expect(series.length, 'rows per SOURCE.md').toBe(rows);
      const first = series.timestamp[0];
      const last = series.timestamp[series.length - 1];
      const inData = new Set(series.timestamp);
      const calendarDays = tradingDays(NYSE_CALENDAR, first, last + 1);
      expect(calendarDays.filter((d) => !inData.has(d)).map(iso), 'trading days without a bar').toEqual([]);
      const onClosed = [...inData].filter((d) => !NYSE_CALENDAR.isTradingDay(d)).map(iso);
      expect(onClosed, 'bars on days the calendar closes').toEqual([]);
      // What the special closures account for: weekdays without a bar that no yearly rule explains.
      const weekdaysWithoutBar: string[] = [];
      for (let d = Math.floor(first / DAY_MILLIS); d * DAY_MILLIS <= last; d++)
        if (!isWeekend(d) && !inData.has(d * DAY_MILLIS)) weekdaysWithoutBar.push(formatDay(d));
      const special = SPECIAL.filter((s) => date(s) >= first && date(s) <= last);
      expect(
        weekdaysWithoutBar.filter((d) => special.includes(d)),
        'each special closure in range is a weekday without a bar',
      ).toEqual(special);
      expect(calendarDays.length, 'trading days = bars').toBe(rows);
    });
  }
});

describe('NYSE rules', () => {
  const closedOn = (year: number) => {
    const out: string[] = [];
    for (let d = dayNumber(year, 1, 1); d < dayNumber(year + 1, 1, 1); d++)
      if (!isWeekend(d) && !NYSE_CALENDAR.isTradingDay(d * DAY_MILLIS)) out.push(formatDay(d));
    return out;
  };

  it('2024 and 2022 holidays as the NYSE published them', () => {
    expect(closedOn(2024)).toEqual([
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-03-29',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-11-28',
      '2024-12-25',
    ]);
    // 2022: New Year on a Saturday is not observed; Juneteenth (Sunday) observed Monday 20 June;
    // Christmas (Sunday) observed Monday 26 December.
    expect(closedOn(2022)).toEqual([
      '2022-01-17',
      '2022-02-21',
      '2022-04-15',
      '2022-05-30',
      '2022-06-20',
      '2022-07-04',
      '2022-09-05',
      '2022-11-24',
      '2022-12-26',
    ]);
    expect(NYSE_CALENDAR.isTradingDay(date('2021-12-31')), 'Friday before a Saturday New Year trades').toBe(true);
    expect(NYSE_CALENDAR.closure(date('2021-06-18')), 'no Juneteenth before 2022').toBeUndefined();
    expect(NYSE_CALENDAR.closure(date('1997-01-20')), 'no MLK closure before 1998').toBeUndefined();
    expect(NYSE_CALENDAR.closure(date('2012-10-29'))).toBe('Hurricane Sandy');
  });

  it('early closes at 13:00 ET and sessions in UTC across daylight saving', () => {
    const early = (year: number) =>
      tradingDays(NYSE_CALENDAR, date(`${year}-01-01`), date(`${year + 1}-01-01`))
        .filter((d) => NYSE_CALENDAR.isHalfDay(d))
        .map(iso);
    expect(early(2024), '2024: 3 Jul (Wed, from 2013), 29 Nov, 24 Dec').toEqual([
      '2024-07-03',
      '2024-11-29',
      '2024-12-24',
    ]);
    expect(early(2002), '2002: 4 Jul a Thursday: Friday 5 Jul closed early before 2013').toEqual([
      '2002-07-05',
      '2002-11-29',
      '2002-12-24',
    ]);
    expect(early(2021), '2021: 3 Jul a Saturday, 24 Dec a Friday holiday: only Black Friday').toEqual(['2021-11-26']);
    expect(NYSE_CALENDAR.session(date('2024-07-03')), 'EDT half day').toEqual({
      date: date('2024-07-03'),
      open: Date.parse('2024-07-03T13:30:00Z'),
      close: Date.parse('2024-07-03T17:00:00Z'),
      halfDay: true,
    });
    expect(NYSE_CALENDAR.session(date('2024-03-08'))?.open, 'EST: 14:30Z').toBe(Date.parse('2024-03-08T14:30:00Z'));
    expect(NYSE_CALENDAR.session(date('2024-03-11'))?.close, 'EDT from 10 Mar: 20:00Z').toBe(
      Date.parse('2024-03-11T20:00:00Z'),
    );
    expect(NYSE_CALENDAR.session(date('2024-03-09')), 'Saturday').toBeUndefined();
  });
});
