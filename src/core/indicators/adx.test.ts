import { describe, expect, it } from 'vitest';
import { randomBars } from '../testing/random-series.ts';
import { Adx, adx, Dmi, dmi } from './adx.ts';

describe('ADX and DMI', () => {
  it('ADX is Wilder’s average of DMI’s DX, and both report the same DIs from ADX’s warm-up on', () => {
    const bars = randomBars(2000, 8);
    for (const period of [2, 14, 30]) {
      const directional = dmi(bars, { period });
      const average = adx(bars, { period });
      const lookback = 2 * period - 1;
      let expected = 0;
      for (let i = period; i <= lookback; i++) expected += directional.dx[i]! / period;
      for (let i = lookback; i < bars.close.length; i++) {
        if (i > lookback) expected = (expected * (period - 1) + directional.dx[i]!) / period;
        const label = `period ${period}, bar ${i}`;
        expect(average.adx[i], `${label}: ADX`).toBeCloseTo(expected, 9);
        expect(average.plusDi[i], `${label}: +DI`).toBe(directional.plusDi[i]);
        expect(average.minusDi[i], `${label}: −DI`).toBe(directional.minusDi[i]);
      }
      for (let i = 0; i < lookback; i++) expect(average.plusDi[i], `period ${period}: +DI waits for ADX`).toBeNaN();
    }
  });

  it('reads 0 for the DIs and DX, and holds ADX, on flat prices', () => {
    const flat = new Float64Array(60).fill(50);
    const bars = { high: flat, low: flat, close: flat };
    const directional = dmi(bars, { period: 14 });
    const average = adx(bars, { period: 14 });
    expect([directional.plusDi[59], directional.minusDi[59], directional.dx[59]]).toEqual([0, 0, 0]);
    expect([average.adx[59], average.plusDi[59], average.minusDi[59]]).toEqual([0, 0, 0]);
  });

  it('rejects periods below 2 (TA-Lib’s range for ADX and DX)', () => {
    expect(() => new Adx({ period: 1 })).toThrow(RangeError);
    expect(() => new Dmi({ period: 1 })).toThrow(RangeError);
  });
});
