import { describe, expect, it } from 'vitest';
import { barAt, type RandomBars, randomBars } from '../testing/random-series.ts';
import { KeltnerChannels, keltnerChannels, keltnerChannelsLookback } from './keltner-channels.ts';

/** EMA by its definition: SMA of the first `period` values, then α·x + (1 − α)·previous. */
function referenceEma(values: Float64Array, period: number): number[] {
  const alpha = 2 / (period + 1);
  const result: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i < period - 1) result.push(Number.NaN);
    else if (i === period - 1) result.push(values.slice(0, period).reduce((a, b) => a + b, 0) / period);
    else result.push(alpha * values[i]! + (1 - alpha) * result[i - 1]!);
  }
  return result;
}

/** Wilder's ATR by its definition: mean of true ranges 1…period, then (ATR·(period − 1) + TR) / period. */
function referenceAtr(bars: RandomBars, period: number): number[] {
  const { high, low, close } = bars;
  const ranges = [Number.NaN];
  for (let i = 1; i < close.length; i++)
    ranges.push(Math.max(high[i]! - low[i]!, Math.abs(high[i]! - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!)));
  const result: number[] = [];
  for (let i = 0; i < close.length; i++) {
    if (i < period) result.push(Number.NaN);
    else if (i === period) result.push(ranges.slice(1, period + 1).reduce((a, b) => a + b, 0) / period);
    else result.push((result[i - 1]! * (period - 1) + ranges[i]!) / period);
  }
  return result;
}

describe('KeltnerChannels', () => {
  it('works a three-bar example by hand', () => {
    const bars = {
      high: Float64Array.from([10, 12, 13]),
      low: Float64Array.from([8, 9, 10]),
      close: Float64Array.from([9, 11, 12]),
    };
    const { middle, upper, lower } = keltnerChannels(bars, { period: 2, multiplier: 1, atrPeriod: 1 });
    // EMA(2): (9 + 11) / 2 = 10, then 10 + 2/3 · (12 − 10). ATR(1) = true range: 3 at bars 1 and 2.
    expect(Array.from(middle)).toEqual([Number.NaN, 10, 10 + (2 / 3) * 2]);
    expect(Array.from(upper)).toEqual([Number.NaN, 13, 10 + (2 / 3) * 2 + 3]);
    expect(Array.from(lower)).toEqual([Number.NaN, 7, 10 + (2 / 3) * 2 - 3]);
  });

  it('equals EMA ± multiplier · Wilder ATR computed by their definitions, from the later warm-up', () => {
    const bars = randomBars(2000, 17);
    for (const options of [
      { period: 20, multiplier: 2, atrPeriod: 10 },
      { period: 5, multiplier: 1.5, atrPeriod: 30 },
      { period: 1, multiplier: 0, atrPeriod: 1 },
    ]) {
      const { middle, upper, lower } = keltnerChannels(bars, options);
      const ema = referenceEma(bars.close, options.period);
      const atr = referenceAtr(bars, options.atrPeriod);
      const lookback = Math.max(options.period - 1, options.atrPeriod);
      expect(keltnerChannelsLookback(options)).toBe(lookback);
      for (let i = 0; i < lookback; i++) expect(upper[i], `warm-up bar ${i}`).toBeNaN();
      for (let i = lookback; i < bars.close.length; i++) {
        const label = `keltner:${options.period},${options.multiplier},${options.atrPeriod} at ${i}`;
        expect(middle[i], `${label} middle`).toBeCloseTo(ema[i]!, 9);
        expect(upper[i], `${label} upper`).toBeCloseTo(ema[i]! + options.multiplier * atr[i]!, 9);
        expect(lower[i], `${label} lower`).toBeCloseTo(ema[i]! - options.multiplier * atr[i]!, 9);
      }
    }
  });

  it('streams the same values as the batch form', () => {
    const bars = randomBars(500, 3);
    const options = { period: 20, multiplier: 2, atrPeriod: 10 };
    const batch = keltnerChannels(bars, options);
    const streaming = new KeltnerChannels(options);
    for (let i = 0; i < 500; i++) {
      streaming.update(barAt(bars, i));
      expect([streaming.middle, streaming.upper, streaming.lower], `bar ${i}`).toEqual([
        batch.middle[i],
        batch.upper[i],
        batch.lower[i],
      ]);
    }
  });

  it('rejects bad options with a RangeError naming them', () => {
    expect(() => new KeltnerChannels({ period: 0, multiplier: 2, atrPeriod: 10 })).toThrow('period');
    expect(() => new KeltnerChannels({ period: 20, multiplier: -1, atrPeriod: 10 })).toThrow('multiplier');
    expect(() => new KeltnerChannels({ period: 20, multiplier: 2, atrPeriod: 1.5 })).toThrow('atrPeriod');
  });
});
