import { describe, expect, it } from 'vitest';
import { detectTimeframe } from './detect-timeframe.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const series = (values: number[]): Float64Array => Float64Array.from(values);

describe('detectTimeframe', () => {
  it('takes the most common step, ignoring gaps', () => {
    expect(detectTimeframe(series([0, MINUTE, 2 * MINUTE, 10 * MINUTE, 11 * MINUTE]), 5)).toBe('1m');
    expect(detectTimeframe(series([0, 5 * MINUTE, 10 * MINUTE, 60 * MINUTE]), 4)).toBe('5m');
  });

  it('writes the step in the largest whole unit', () => {
    expect(detectTimeframe(series([0, 4 * 3_600_000, 8 * 3_600_000]), 3)).toBe('4h');
    expect(detectTimeframe(series([0, 90 * MINUTE, 180 * MINUTE]), 3)).toBe('90m');
    expect(detectTimeframe(series([0, 7 * DAY, 14 * DAY]), 3)).toBe('1w');
    expect(detectTimeframe(series([0, 1000, 2000]), 3)).toBe('1s');
  });

  it('prefers the smaller step on a tie', () => {
    expect(detectTimeframe(series([0, DAY, 2 * DAY, 5 * DAY, 8 * DAY]), 5)).toBe('1d');
  });

  it('recognises calendar months from month-end dates', () => {
    const ends = [Date.UTC(2012, 0, 31), Date.UTC(2012, 1, 29), Date.UTC(2012, 2, 31), Date.UTC(2012, 3, 30)];
    expect(detectTimeframe(series(ends), 4)).toBe('1M');
  });

  it('gives up on fewer than two bars or sub-second steps', () => {
    expect(detectTimeframe(series([0]), 1)).toBeUndefined();
    expect(detectTimeframe(series([0, 500, 1000]), 3)).toBeUndefined();
  });

  it('only looks at the first `length` entries', () => {
    expect(detectTimeframe(series([0, MINUTE, 2 * MINUTE, 3 * DAY, 6 * DAY, 9 * DAY]), 3)).toBe('1m');
  });
});
