import { describe, expect, it } from 'vitest';
import { dayNumber } from './civil-date.ts';
import { frankfurtOffsetMinutes, newYorkOffsetMinutes } from './time-zone-offsets.ts';

/** The first and last day at the summer offset, found by scanning the year. */
function summerRange(offset: (day: number) => number, year: number, summer: number): [string, string] {
  const days: number[] = [];
  for (let day = dayNumber(year, 1, 1); day < dayNumber(year + 1, 1, 1); day++)
    if (offset(day) === summer) days.push(day);
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  return [iso(days[0]), iso(days[days.length - 1])];
}

describe('time-zone offsets without a tz database', () => {
  it('New York: the Energy Policy Act rules from 2007, the 1987 rules before', () => {
    // Transition dates as published by the US Naval Observatory / NIST for each year.
    expect(summerRange(newYorkOffsetMinutes, 2024, -240)).toEqual(['2024-03-10', '2024-11-02']);
    expect(summerRange(newYorkOffsetMinutes, 2007, -240)).toEqual(['2007-03-11', '2007-11-03']);
    expect(summerRange(newYorkOffsetMinutes, 2006, -240)).toEqual(['2006-04-02', '2006-10-28']);
    expect(summerRange(newYorkOffsetMinutes, 1995, -240)).toEqual(['1995-04-02', '1995-10-28']);
    expect(newYorkOffsetMinutes(dayNumber(2024, 1, 2)), 'January is EST').toBe(-300);
  });

  it('Frankfurt: last Sunday of March to last Sunday of October since 1996, September before', () => {
    expect(summerRange(frankfurtOffsetMinutes, 2024, 120)).toEqual(['2024-03-31', '2024-10-26']);
    expect(summerRange(frankfurtOffsetMinutes, 2006, 120)).toEqual(['2006-03-26', '2006-10-28']);
    expect(summerRange(frankfurtOffsetMinutes, 1995, 120)).toEqual(['1995-03-26', '1995-09-23']);
    expect(frankfurtOffsetMinutes(dayNumber(2006, 1, 2)), 'January is CET').toBe(60);
  });
});
