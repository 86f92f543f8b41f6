import { describe, expect, it } from 'vitest';
import { loadBars } from '../../../adapters/data/index.ts';
import { instrumentId } from '../../model/ids.ts';
import { DAY_MILLIS, dayNumber, formatDay, isWeekend } from './civil-date.ts';
import { tradingDays } from './trading-calendar.ts';
import { XETRA_CALENDAR } from './xetra.ts';

const date = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => formatDay(Math.floor(ms / DAY_MILLIS));

describe('XETRA calendar', () => {
  it('matches the EURO STOXX 50 daily closes of 2005–2006 day for day', async () => {
    // SOURCE.md: 512 rows, 2005-01-03 .. 2006-12-29, values of the EURO STOXX 50 (a STOXX index on
    // the Eurex/XETRA holiday set, not a XETRA-traded share). Hand count: 2005 has 260 weekdays less
    // Good Friday 25 Mar, Easter Monday 28 Mar and Boxing Day 26 Dec = 257; 2006 has 260 less
    // 14 Apr, 17 Apr, 1 May, 25 Dec, 26 Dec = 255; 257 + 255 = 512.
    const { series } = await loadBars({
      path: '../shared/data/backtrader/datas/2005-2006-day-001.txt',
      instrumentId: instrumentId('SX5E', 'STOXX'),
    });
    expect(series.length).toBe(512);
    const days = tradingDays(XETRA_CALENDAR, date('2005-01-01'), date('2007-01-01'));
    expect(days.length, 'hand count 257 + 255').toBe(512);
    expect(Array.from(series.timestamp).map(iso), 'same dates').toEqual(days.map(iso));
  });

  it('2024 closures and sessions in UTC (CET / CEST)', () => {
    const closed: string[] = [];
    for (let d = dayNumber(2024, 1, 1); d < dayNumber(2025, 1, 1); d++)
      if (!isWeekend(d) && !XETRA_CALENDAR.isTradingDay(d * DAY_MILLIS)) closed.push(formatDay(d));
    expect(closed, 'Deutsche Börse 2024 list').toEqual([
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-05-01',
      '2024-12-24',
      '2024-12-25',
      '2024-12-26',
      '2024-12-31',
    ]);
    expect(XETRA_CALENDAR.session(date('2024-01-02'))).toEqual({
      date: date('2024-01-02'),
      open: Date.parse('2024-01-02T08:00:00Z'),
      close: Date.parse('2024-01-02T16:30:00Z'),
      halfDay: false,
    });
    expect(XETRA_CALENDAR.session(date('2024-07-01'))?.open, 'summer: 07:00Z').toBe(Date.parse('2024-07-01T07:00:00Z'));
    expect(XETRA_CALENDAR.isTradingDay(date('2024-10-03')), 'German Unity Day trades').toBe(true);
  });
});
