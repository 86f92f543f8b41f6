import { describe, expect, it } from 'vitest';
import { parseRfc822Date, parseRfc3339Date } from './parse-feed-date.ts';

describe('feed dates', () => {
  it.each([
    ['Sat, 21 Nov 2026 10:00:00 GMT', Date.UTC(2026, 10, 21, 10)],
    ['21 Nov 2026 10:00 +0000', Date.UTC(2026, 10, 21, 10)],
    ['Sat, 21 nov 2026 10:00:00 -0530', Date.UTC(2026, 10, 21, 15, 30)],
    ['Sat, 21 Nov 26 10:00:00 PDT', Date.UTC(2026, 10, 21, 17)],
    ['Mon, 1 Mar 99 00:00:00 UT', Date.UTC(1999, 2, 1)],
  ])('RFC 822 %s', (text, expected) => {
    expect(parseRfc822Date(text), text).toBe(expected);
  });

  it.each(['2026-11-21 10:00:00 GMT', 'Sat, 21 Nov 2026 25:00:00 GMT', 'Sat, 21 Nov 2026 10:00:00 XYZ', ''])(
    'RFC 822 refuses %j',
    (text) => {
      expect(parseRfc822Date(text), text).toBeUndefined();
    },
  );

  it.each([
    ['2026-11-21T10:00:00Z', Date.UTC(2026, 10, 21, 10)],
    ['2026-11-21T10:00:00.5+02:00', Date.UTC(2026, 10, 21, 8, 0, 0, 500)],
    ['2026-11-21t10:00z', Date.UTC(2026, 10, 21, 10)],
  ])('RFC 3339 %s', (text, expected) => {
    expect(parseRfc3339Date(text), text).toBe(expected);
  });

  it.each(['2026-11-21T10:00:00', '2026-02-30T10:00:00Z', '2026-11-21', '2026-11-21T10:00:00+24:00'])(
    'RFC 3339 refuses %j (zone-less, impossible, date only)',
    (text) => {
      expect(parseRfc3339Date(text), text).toBeUndefined();
    },
  );
});
