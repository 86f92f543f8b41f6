import { describe, expect, it } from 'vitest';
import { parseTimestamp, resolveTimestampFormat } from './parse-timestamp.ts';

describe('resolveTimestampFormat', () => {
  it('decides auto by the number of integer digits, ISO otherwise', () => {
    expect(resolveTimestampFormat('auto', '1762777020')).toBe('epoch-s');
    expect(resolveTimestampFormat('auto', '1637971200000')).toBe('epoch-ms');
    expect(resolveTimestampFormat('auto', '1637971200000000')).toBe('epoch-us');
    expect(resolveTimestampFormat('auto', '1509836520000000000')).toBe('epoch-ns');
    expect(resolveTimestampFormat('auto', '1509836520000.0')).toBe('epoch-ms');
    expect(resolveTimestampFormat('auto', '2021-12-31 23:01:00.000000')).toBe('iso8601');
    expect(resolveTimestampFormat('date', '1762777020'), 'an explicit format is kept').toBe('date');
  });
});

describe('parseTimestamp', () => {
  const utc = Date.UTC(2021, 11, 31, 23, 1, 0);
  it('reads ISO 8601 with space or T, fraction, Z or offset; no zone means UTC', () => {
    expect(parseTimestamp('2021-12-31 23:01:00.000000', 'iso8601')).toBe(utc);
    expect(parseTimestamp('2021-12-31T23:01:00', 'iso8601')).toBe(utc);
    expect(parseTimestamp('2021-12-31T23:01', 'iso8601')).toBe(utc);
    expect(parseTimestamp('2021-12-31T23:01:00Z', 'iso8601')).toBe(utc);
    expect(parseTimestamp('2022-01-01T01:01:00+02:00', 'iso8601')).toBe(utc);
    expect(parseTimestamp('2021-12-31T18:31:00-0430', 'iso8601')).toBe(utc);
    expect(parseTimestamp('2015-09-23T20:57:42.146', 'iso8601')).toBe(Date.UTC(2015, 8, 23, 20, 57, 42, 146));
    expect(parseTimestamp('2004-08-19', 'iso8601')).toBe(Date.UTC(2004, 7, 19));
    expect(parseTimestamp('2004-08-19', 'date')).toBe(Date.UTC(2004, 7, 19));
    expect(parseTimestamp('0099-01-01', 'date'), 'two-digit years are not shifted to 19xx').toBe(
      new Date('0099-01-01T00:00:00Z').getTime(),
    );
    expect(parseTimestamp('2000-02-29', 'date'), 'leap day').toBe(Date.UTC(2000, 1, 29));
  });

  it('rejects malformed, out-of-range and sub-millisecond ISO text', () => {
    for (const text of [
      '2021-13-01',
      '2021-02-29',
      '2021-12-31 24:00',
      '2021-12-31 23:60',
      '2021-12-31X23:01',
      '2021-12-31 23:01:00.000500',
      '2021-12-31 23:01:00+02:',
      '2021-12-31 23:01:00 UTC',
      '31/12/2021',
      '',
    ]) {
      expect(parseTimestamp(text, 'iso8601'), text).toBeNaN();
    }
    expect(parseTimestamp('2021-12-31 23:01', 'date'), 'date accepts no time of day').toBeNaN();
  });

  it('scales epoch numbers exactly and refuses sub-millisecond parts', () => {
    expect(parseTimestamp('1762777020', 'epoch-s')).toBe(1_762_777_020_000);
    expect(parseTimestamp('1762777020.5', 'epoch-s')).toBe(1_762_777_020_500);
    expect(parseTimestamp('1637971200000', 'epoch-ms')).toBe(1_637_971_200_000);
    expect(parseTimestamp('1637971200000.0', 'epoch-ms')).toBe(1_637_971_200_000);
    expect(parseTimestamp('1637971200000000', 'epoch-us')).toBe(1_637_971_200_000);
    expect(parseTimestamp('1509836520017000000', 'epoch-ns')).toBe(1_509_836_520_017);
    expect(parseTimestamp('-86400', 'epoch-s')).toBe(-86_400_000);
    expect(parseTimestamp('1637971200000001', 'epoch-us')).toBeNaN();
    expect(parseTimestamp('1637971200000.5', 'epoch-ms')).toBeNaN();
    expect(parseTimestamp('0x10', 'epoch-ms')).toBeNaN();
    expect(parseTimestamp('', 'epoch-ms')).toBeNaN();
  });
});
