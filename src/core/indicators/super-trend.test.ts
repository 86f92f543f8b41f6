import { describe, expect, it } from 'vitest';
import { barAt, type RandomBars, randomBars } from '../testing/random-series.ts';
import { SuperTrend, SuperTrendDirection, superTrend } from './super-trend.ts';

/**
 * SuperTrend written the way TradingView's Pine reference writes `ta.supertrend` (direction −1 up,
 * +1 down there; negated here), over a Wilder ATR seeded like TA-Lib's.
 */
function reference(bars: RandomBars, period: number, factor: number) {
  const { high, low, close } = bars;
  const n = close.length;
  const atr: number[] = new Array(n).fill(Number.NaN);
  let sum = 0;
  for (let i = 1; i < n; i++) {
    const tr = Math.max(high[i]! - low[i]!, Math.abs(high[i]! - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!));
    if (i < period) sum += tr;
    else if (i === period) atr[i] = (sum + tr) / period;
    else atr[i] = (atr[i - 1]! * (period - 1) + tr) / period;
  }
  const value: number[] = new Array(n).fill(Number.NaN);
  const direction: number[] = new Array(n).fill(Number.NaN);
  const upperBands: number[] = new Array(n).fill(0);
  const lowerBands: number[] = new Array(n).fill(0);
  for (let i = period; i < n; i++) {
    const source = (high[i]! + low[i]!) / 2;
    let upper = source + factor * atr[i]!;
    let lower = source - factor * atr[i]!;
    if (i > period) {
      const previousLower = lowerBands[i - 1]!;
      const previousUpper = upperBands[i - 1]!;
      lower = lower > previousLower || close[i - 1]! < previousLower ? lower : previousLower;
      upper = upper < previousUpper || close[i - 1]! > previousUpper ? upper : previousUpper;
    }
    lowerBands[i] = lower;
    upperBands[i] = upper;
    let tradingViewDirection: number;
    if (i === period) tradingViewDirection = 1;
    else if (value[i - 1] === upperBands[i - 1]) tradingViewDirection = close[i]! > upper ? -1 : 1;
    else tradingViewDirection = close[i]! < lower ? 1 : -1;
    value[i] = tradingViewDirection === -1 ? lower : upper;
    direction[i] = -tradingViewDirection;
  }
  return { value, direction };
}

describe('SuperTrend', () => {
  it('matches a TradingView-style reference bar by bar, in both forms', () => {
    for (const [period, multiplier, drift] of [
      [10, 3, 0],
      [7, 2, 0.05],
      [1, 1, -0.05],
      [14, 0, 0],
    ] as const) {
      const bars = randomBars(3000, period * 31 + multiplier, drift);
      const expected = reference(bars, period, multiplier);
      const batch = superTrend(bars, { period, multiplier });
      const streaming = new SuperTrend({ period, multiplier });
      let flips = 0;
      for (let i = 0; i < bars.close.length; i++) {
        streaming.update(barAt(bars, i));
        const label = `supertrend:${period},${multiplier} at ${i}`;
        if (i < period) {
          expect(batch.value[i], `${label}: warm-up`).toBeNaN();
          continue;
        }
        expect(batch.value[i], `${label} value`).toBeCloseTo(expected.value[i]!, 10);
        expect(batch.direction[i], `${label} direction`).toBe(expected.direction[i]);
        expect([streaming.value, streaming.direction], `${label} streaming`).toEqual([
          batch.value[i],
          batch.direction[i],
        ]);
        if (i > period && batch.direction[i] !== batch.direction[i - 1]) flips++;
      }
      expect(flips, `supertrend:${period},${multiplier} should change direction on a random walk`).toBeGreaterThan(
        multiplier === 0 ? 100 : 3,
      );
    }
  });

  it('starts down on the upper band, then follows a rally from under the price', () => {
    const bars = randomBars(300, 5, 0.5);
    const { value, direction } = superTrend(bars, { period: 10, multiplier: 3 });
    expect(direction[10], 'first bar: down, as TradingView').toBe(SuperTrendDirection.Down);
    expect(value[10], 'first bar: on the upper band, above the close').toBeGreaterThan(bars.close[10]!);
    expect(direction[299], 'a steady rally ends in an up-trend').toBe(SuperTrendDirection.Up);
    expect(value[299], 'up-trend: the line is under the price').toBeLessThan(bars.low[299]!);
  });

  it('rejects bad options with a RangeError naming them', () => {
    expect(() => new SuperTrend({ period: 0, multiplier: 3 })).toThrow('period');
    expect(() => new SuperTrend({ period: 10, multiplier: -3 })).toThrow('multiplier');
  });
});
