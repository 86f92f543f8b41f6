import { describe, expect, it } from 'vitest';
import { barSchedule } from './bar-schedule.ts';
import { ALWAYS_OPEN_CALENDAR, NYSE_CALENDAR } from './calendars/index.ts';

const at = (iso: string) => Date.parse(iso);

describe('barSchedule', () => {
  it('24/7 weekly bars follow the anchor (Mondays), not the epoch (a Thursday)', () => {
    const monday = at('2024-01-01T00:00:00Z');
    const schedule = barSchedule({ calendar: ALWAYS_OPEN_CALENDAR, timeframe: '1w', anchor: monday });
    expect(schedule.isExpected(at('2024-01-08T00:00:00Z'))).toBe(true);
    expect(schedule.isExpected(at('2024-01-04T00:00:00Z')), 'a Thursday').toBe(false);
    expect(schedule.countBetween(monday, at('2024-02-01T00:00:00Z')), 'Mondays 1, 8, 15, 22, 29 Jan').toBe(5);
  });

  it('NYSE hourly bars start at 09:30 ET and stop before the close, 13:00 on a half day', () => {
    const schedule = barSchedule({ calendar: NYSE_CALENDAR, timeframe: '1h', anchor: 0 });
    const slots: string[] = [];
    schedule.forEachBetween(at('2024-11-29T00:00:00Z'), at('2024-11-30T00:00:00Z'), (t) =>
      slots.push(new Date(t).toISOString().slice(11, 16)),
    );
    expect(slots, 'Black Friday, EST: 14:30Z .. 18:00Z close, 3 full hours and a half').toEqual([
      '14:30',
      '15:30',
      '16:30',
      '17:30',
    ]);
    expect(
      schedule.countBetween(at('2024-12-02T00:00:00Z'), at('2024-12-03T00:00:00Z')),
      '09:30..15:30 ET: 7 slots',
    ).toBe(7);
    expect(schedule.firstAtOrAfter(at('2024-11-28T00:00:00Z'), at('2024-12-31T00:00:00Z')), 'Thanksgiving closed').toBe(
      at('2024-11-29T14:30:00Z'),
    );
  });

  it('refuses what it cannot lay out', () => {
    expect(() => barSchedule({ calendar: ALWAYS_OPEN_CALENDAR, timeframe: '1M', anchor: 0 })).toThrow(/calendar-month/);
    expect(() => barSchedule({ calendar: NYSE_CALENDAR, timeframe: '1w', anchor: 0 })).toThrow(/intraday timeframes/);
    expect(() => barSchedule({ calendar: NYSE_CALENDAR, timeframe: '7m', anchor: 0 })).toThrow(/divide a day/);
  });
});
