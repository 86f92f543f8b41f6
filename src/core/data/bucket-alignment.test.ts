import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketAlignment, checkResampleTimeframes } from './bucket-alignment.ts';

const utc = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

describe('bucketAlignment', () => {
  it('aligns fixed-length buckets to UTC multiples from the epoch', () => {
    const h4 = bucketAlignment('4h');
    expect(iso(h4.bucketStart(utc('2022-01-01T05:17:00Z'))), '05:17 falls in the 04:00-08:00 bucket').toBe(
      '2022-01-01T04:00:00.000Z',
    );
    expect(iso(h4.bucketEnd(utc('2022-01-01T04:00:00Z')))).toBe('2022-01-01T08:00:00.000Z');
    const d1 = bucketAlignment('1d');
    expect(iso(d1.bucketStart(utc('2024-03-31T01:30:00Z'))), 'no DST in UTC: the day opens at midnight').toBe(
      '2024-03-31T00:00:00.000Z',
    );
    expect(d1.bucketStart(-1), 'one ms before the epoch belongs to 1969-12-31').toBe(-86_400_000);
    const m5 = bucketAlignment('5m');
    expect(m5.bucketStart(utc('2022-01-01T00:05:00Z')), 'a bucket open maps to itself').toBe(
      utc('2022-01-01T00:05:00Z'),
    );
    expect(m5.bucketStart(utc('2022-01-01T00:04:59.999Z'))).toBe(utc('2022-01-01T00:00:00Z'));
  });

  it('opens weeks on Monday 00:00 UTC', () => {
    const w = bucketAlignment('1w');
    expect(iso(w.bucketStart(utc('2024-01-03T12:00:00Z'))), 'Wednesday 2024-01-03 is in the week of Monday 01-01').toBe(
      '2024-01-01T00:00:00.000Z',
    );
    expect(
      iso(w.bucketStart(utc('2023-12-31T23:59:59Z'))),
      'Sunday belongs to the week that began the Monday before',
    ).toBe('2023-12-25T00:00:00.000Z');
    expect(iso(w.bucketStart(utc('2024-01-01T00:00:00Z')))).toBe('2024-01-01T00:00:00.000Z');
    expect(iso(w.bucketStart(0)), 'the epoch (a Thursday) is in the week of Monday 1969-12-29').toBe(
      '1969-12-29T00:00:00.000Z',
    );
  });

  it('cuts calendar months and quarters', () => {
    const m = bucketAlignment('1M');
    const leap = utc('2024-02-29T12:00:00Z');
    expect(iso(m.bucketStart(leap))).toBe('2024-02-01T00:00:00.000Z');
    expect(iso(m.bucketEnd(m.bucketStart(leap))), 'February 2024 has 29 days').toBe('2024-03-01T00:00:00.000Z');
    expect(iso(m.bucketStart(utc('1969-12-15T00:00:00Z')))).toBe('1969-12-01T00:00:00.000Z');
    const q = bucketAlignment('3M');
    expect(iso(q.bucketStart(utc('2024-05-15T00:00:00Z'))), 'May is in the second quarter').toBe(
      '2024-04-01T00:00:00.000Z',
    );
    expect(iso(q.bucketEnd(utc('2024-10-01T00:00:00Z'))), 'Q4 ends at the new year').toBe('2025-01-01T00:00:00.000Z');
  });

  it('agrees with Date for months over four centuries (property)', () => {
    const months = [1, 2, 3, 6, 12];
    fc.assert(
      fc.property(
        fc.integer({ min: -5_000_000_000_000, max: 10_000_000_000_000 }),
        fc.constantFrom(...months),
        (t, count) => {
          const date = new Date(t);
          const index = (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
          const first = index - (((index % count) + count) % count);
          const expected = Date.UTC(1970 + Math.floor(first / 12), ((first % 12) + 12) % 12, 1);
          const alignment = bucketAlignment(`${count}M`);
          const start = alignment.bucketStart(t);
          const end = alignment.bucketEnd(start);
          return start === expected && start <= t && t < end;
        },
      ),
    );
  });

  it('rejects malformed timeframes', () => {
    expect(() => bucketAlignment('0m')).toThrow(/invalid timeframe '0m'/);
    expect(() => bucketAlignment('1y')).toThrow(/invalid timeframe '1y'/);
    expect(() => bucketAlignment('m5')).toThrow(/invalid timeframe/);
  });
});

describe('checkResampleTimeframes', () => {
  it('accepts whole multiples that open on the source grid', () => {
    for (const [source, target] of [
      ['1m', '1m'],
      ['1m', '3m'],
      ['1m', '1h'],
      ['5m', '2h'],
      ['1h', '4h'],
      ['3h', '1w'],
      ['1d', '1w'],
      ['1m', '1M'],
      ['4h', '1M'],
      ['1M', '3M'],
      ['30s', '1m'],
    ])
      expect(() => checkResampleTimeframes(source, target), `${source} → ${target}`).not.toThrow();
  });

  it('refuses targets that are not multiples, or whose buckets do not open on the source grid', () => {
    expect(() => checkResampleTimeframes('1m', '90s')).toThrow(
      'cannot resample 1m bars to 90s: 90s is not a multiple of 1m',
    );
    expect(() => checkResampleTimeframes('5m', '1m')).toThrow(/1m is shorter than 5m/);
    expect(() => checkResampleTimeframes('2d', '1w'), 'a week is not a multiple of 2 days').toThrow(/not a multiple/);
    expect(() => checkResampleTimeframes('5h', '1w')).toThrow(/not a multiple/);
    expect(() => checkResampleTimeframes('4d', '8d'), 'no offset issue for day multiples').not.toThrow();
    expect(() => checkResampleTimeframes('7m', '1M'), '1,440 is not divisible by 7').toThrow(/must divide 1 day/);
    expect(() => checkResampleTimeframes('1w', '1M')).toThrow(/must divide 1 day/);
    expect(() => checkResampleTimeframes('1M', '1w')).toThrow(/calendar-month bars only combine/);
    expect(() => checkResampleTimeframes('2M', '3M')).toThrow(/3M is not a multiple of 2M/);
  });
});
