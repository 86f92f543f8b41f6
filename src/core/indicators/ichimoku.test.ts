import { describe, expect, it } from 'vitest';
import { barAt, type RandomBars, randomBars } from '../testing/random-series.ts';
import { Ichimoku, ichimoku, ichimokuLookback } from './ichimoku.ts';

/** (highest high + lowest low) / 2 of the `period` bars ending at `end`, by scanning them. */
function midpoint(bars: RandomBars, end: number, period: number): number {
  let top = Number.NEGATIVE_INFINITY;
  let bottom = Number.POSITIVE_INFINITY;
  for (let j = end - period + 1; j <= end; j++) {
    top = Math.max(top, bars.high[j]!);
    bottom = Math.min(bottom, bars.low[j]!);
  }
  return (top + bottom) / 2;
}

const cases = [
  { conversionPeriod: 9, basePeriod: 26, spanBPeriod: 52, displacement: 26 },
  { conversionPeriod: 20, basePeriod: 60, spanBPeriod: 120, displacement: 30 },
  { conversionPeriod: 30, basePeriod: 5, spanBPeriod: 10, displacement: 0 },
  { conversionPeriod: 1, basePeriod: 1, spanBPeriod: 1, displacement: 1 },
];

describe('Ichimoku', () => {
  it('matches the definitions at every bar: lines now, spans and lagging close `displacement` bars back', () => {
    const bars = randomBars(1500, 9);
    for (const options of cases) {
      const { conversionPeriod, basePeriod, spanBPeriod, displacement: d } = options;
      const lookback = Math.max(conversionPeriod, basePeriod, spanBPeriod) - 1 + d;
      expect(ichimokuLookback(options)).toBe(lookback);
      const result = ichimoku(bars, options);
      const label = (i: number) => `ichimoku:${conversionPeriod},${basePeriod},${spanBPeriod},${d} at ${i}`;
      for (let i = 0; i < lookback; i++)
        for (const output of Object.values(result)) expect(output[i], `${label(i)}: warm-up`).toBeNaN();
      for (let i = lookback; i < bars.close.length; i++) {
        const then = i - d;
        expect(result.conversion[i], `${label(i)} conversion`).toBe(midpoint(bars, i, conversionPeriod));
        expect(result.base[i], `${label(i)} base`).toBe(midpoint(bars, i, basePeriod));
        expect(result.spanA[i], `${label(i)} spanA`).toBe(
          (midpoint(bars, then, conversionPeriod) + midpoint(bars, then, basePeriod)) / 2,
        );
        expect(result.spanB[i], `${label(i)} spanB`).toBe(midpoint(bars, then, spanBPeriod));
        expect(result.lagging[i], `${label(i)} lagging`).toBe(bars.close[then]);
      }
    }
  });

  it('reads no later bar: rewriting the future leaves every earlier output unchanged', () => {
    const bars = randomBars(400, 4);
    const options = cases[0]!;
    const before = ichimoku(bars, options);
    const changed = { high: bars.high.slice(), low: bars.low.slice(), close: bars.close.slice() };
    for (let i = 200; i < 400; i++) {
      changed.high[i] = changed.high[i]! + 50;
      changed.low[i] = changed.low[i]! - 50;
      changed.close[i] = changed.close[i]! * 2;
    }
    const after = ichimoku(changed, options);
    for (const key of ['conversion', 'base', 'spanA', 'spanB', 'lagging'] as const)
      expect(Array.from(after[key].subarray(0, 200)), `${key} before bar 200`).toEqual(
        Array.from(before[key].subarray(0, 200)),
      );
  });

  it('streams the same values as the batch form and restarts after reset()', () => {
    const bars = randomBars(300, 2);
    const options = cases[0]!;
    const batch = ichimoku(bars, options);
    const streaming = new Ichimoku(options);
    for (const pass of [1, 2]) {
      for (let i = 0; i < 300; i++) {
        streaming.update(barAt(bars, i));
        expect(
          [streaming.conversion, streaming.base, streaming.spanA, streaming.spanB, streaming.lagging],
          `pass ${pass}, bar ${i}`,
        ).toEqual([batch.conversion[i], batch.base[i], batch.spanA[i], batch.spanB[i], batch.lagging[i]]);
      }
      streaming.reset();
    }
  });

  it('rejects bad options with a RangeError naming them', () => {
    expect(() => new Ichimoku({ ...cases[0]!, displacement: -1 })).toThrow('displacement');
    expect(() => new Ichimoku({ ...cases[0]!, spanBPeriod: 0 })).toThrow('spanBPeriod');
  });
});
