import { describe, expect, it } from 'vitest';
import { randomWalk } from '../testing/random-series.ts';
import { resyncInterval, Sma, sma, smaLookback } from './sma.ts';

/** The mean of values[end − period + 1 … end], summed afresh. */
function windowMean(values: Float64Array, end: number, period: number): number {
  let sum = 0;
  for (let k = end - period + 1; k <= end; k++) sum += values[k]!;
  return sum / period;
}

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Sma', () => {
  it('averages the last period values from bar period − 1 (worked example)', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const out = sma(values, { period: 3 });
    expect(Array.from(out.subarray(0, 2)), 'warm-up').toEqual([Number.NaN, Number.NaN]);
    expect(Array.from(out.subarray(2)), '(1+2+3)/3, (2+3+4)/3, …').toEqual([2, 3, 4, 5]);
    expect(smaLookback({ period: 3 })).toBe(2);
    const streaming = new Sma({ period: 3 });
    expect(Array.from(values, (x) => streaming.update(x))).toEqual(Array.from(out));
  });

  it('rejects a non-integer or non-positive period', () => {
    expect(() => new Sma({ period: 0 })).toThrow(RangeError);
    expect(() => sma(new Float64Array(3), { period: 2.5 })).toThrow('sma: period');
  });

  it('does not drift: a million values around 40,000, last windows within 1e-9 of a fresh sum', () => {
    const period = 20;
    const values = randomWalk(1_000_000, 40_000, 1e-3, 7);
    const streaming = new Sma({ period });
    const batch = sma(values, { period });
    for (let i = 0; i < values.length; i++) {
      const value = streaming.update(values[i]!);
      if (value !== batch[i] && !(Number.isNaN(value) && Number.isNaN(batch[i]!)))
        expect.fail(`bar ${i}: streaming ${value} and batch ${batch[i]} differ (they must be bit-identical)`);
    }
    for (let i = values.length - 50; i < values.length; i++)
      expect(relativeError(batch[i]!, windowMean(values, i, period)), `bar ${i}`).toBeLessThan(1e-9);
  });

  it('re-summation is what keeps it exact: after a collapse from 40,000 to 0.01 a plain running sum is off, ours is not', () => {
    const period = 20;
    const values = randomWalk(1_000_000, 40_000, 1e-3, 11);
    const calm = randomWalk(10_000, 0.01, 1e-3, 12);
    values.set(calm, values.length - calm.length);
    const ours = sma(values, { period });
    let plain = 0;
    let worstPlain = 0;
    let worstOurs = 0;
    for (let i = 0; i < values.length; i++) {
      plain += values[i]!;
      if (i >= period) plain -= values[i - period]!;
      if (i < values.length - calm.length + period + resyncInterval(period)) continue;
      const exact = windowMean(values, i, period);
      worstPlain = Math.max(worstPlain, relativeError(plain / period, exact));
      worstOurs = Math.max(worstOurs, relativeError(ours[i]!, exact));
    }
    expect(
      worstPlain,
      'a never re-summed running sum carries the 40,000-level rounding into the calm part',
    ).toBeGreaterThan(1e-9);
    expect(worstOurs, 'ours, re-summed every 1024 bars').toBeLessThan(1e-11);
  });
});
