import { describe, expect, it } from 'vitest';
import { randomIntegers } from '../testing/random-series.ts';
import { Stochastic, stochastic } from './stochastic.ts';

describe('Stochastic', () => {
  it('equals a naive window computation, zero range giving 0', () => {
    const close = randomIntegers(500, 4, 3);
    const high = close.map((c, i) => c + (i % 3 === 0 ? 0 : 1));
    const low = close.map((c, i) => c - (i % 5 === 0 ? 0 : 1));
    const options = { kPeriod: 4, kSmoothing: 2, dPeriod: 3 };
    const ours = stochastic({ high, low, close }, options);
    const raw = close.map((c, i) => {
      if (i < 3) return Number.NaN;
      const hh = Math.max(...high.subarray(i - 3, i + 1));
      const ll = Math.min(...low.subarray(i - 3, i + 1));
      return hh === ll ? 0 : (100 * (c - ll)) / (hh - ll);
    });
    const k = raw.map((_, i) => (raw[i]! + raw[i - 1]!) / 2);
    const d = k.map((_, i) => (k[i]! + k[i - 1]! + k[i - 2]!) / 3);
    for (let i = 6; i < close.length; i++) {
      expect(ours.k[i], `%K at ${i}`).toBeCloseTo(k[i]!, 10);
      expect(ours.d[i], `%D at ${i}`).toBeCloseTo(d[i]!, 10);
    }
    const flat = new Stochastic(options);
    for (let i = 0; i < 10; i++) flat.update({ timestamp: i, open: 5, high: 5, low: 5, close: 5, volume: 0 });
    expect(flat.k, 'a flat window has a %K of 0 (TA-Lib)').toBe(0);
    expect(flat.d).toBe(0);
  });

  it('rejects invalid periods', () => {
    expect(() => new Stochastic({ kPeriod: 0, kSmoothing: 3, dPeriod: 3 })).toThrow(/kPeriod/);
    expect(() =>
      stochastic(
        { high: new Float64Array(), low: new Float64Array(), close: new Float64Array() },
        { kPeriod: 5, kSmoothing: 1.5, dPeriod: 3 },
      ),
    ).toThrow(/kSmoothing/);
  });
});
