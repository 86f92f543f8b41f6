import { describe, expect, it } from 'vitest';
import { barAt } from '../testing/random-series.ts';
import { Mfi, mfi } from './mfi.ts';

function walk(length: number, seed: number): Float64Array {
  let state = seed;
  let price = 100;
  return Float64Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    price += Math.round((state / 2147483648 - 0.5) * 8) / 4;
    return price;
  });
}

/** MFI by definition: the window's flows summed afresh at every bar. */
function naiveMfi(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period: number) {
  const tp = (i: number) => (high[i]! + low[i]! + close[i]!) / 3;
  return Float64Array.from({ length: close.length }, (_, i) => {
    if (i < period) return Number.NaN;
    let up = 0;
    let down = 0;
    for (let j = i - period + 1; j <= i; j++) {
      if (tp(j) > tp(j - 1)) up += tp(j) * volume[j]!;
      else if (tp(j) < tp(j - 1)) down += tp(j) * volume[j]!;
    }
    return up + down === 0 ? 0 : (100 * up) / (up + down);
  });
}

describe('MFI', () => {
  it('reads exactly 0 once a window holds no flow, even after huge flows left it', () => {
    const length = 3000;
    const close = walk(length, 11);
    const high = close.map((c) => c + 0.3);
    const low = close.map((c) => c - 0.7);
    // Huge volumes, then none (bars 1000-1199), then ordinary ones: a plain running sum would keep a
    // rounding residue in the silent stretch and turn it into an arbitrary ratio.
    const volume = close.map((_, i) => (i < 1000 ? (1e12 * (1 + (i % 7))) / 3 : i < 1200 ? 0 : 10 + (i % 5)));
    const period = 14;
    const ours = mfi({ high, low, close, volume }, { period });
    const expected = naiveMfi(high, low, close, volume, period);
    const streaming = new Mfi({ period });
    for (let i = 0; i < length; i++) {
      const value = streaming.update(barAt({ high, low, close, volume }, i));
      expect(value, `streaming equals batch at ${i}`).toBe(ours[i]);
      if (i >= 1000 + period && i < 1200) expect(ours[i], `bar ${i} has no flow in its window`).toBe(0);
      else if (i >= period) expect(ours[i], `bar ${i} equals the naive window ratio`).toBeCloseTo(expected[i]!, 9);
    }
  });

  it('does not depend on the unit of volume (TA-Lib zeroes totals below 1)', () => {
    const close = walk(500, 5);
    const high = close.map((c) => c + 1);
    const low = close.map((c) => c - 1);
    const volume = close.map((_, i) => 100 + (i % 13));
    const base = mfi({ high, low, close, volume }, { period: 14 });
    const tiny = mfi({ high, low, close, volume: volume.map((v) => v * 1e-12) }, { period: 14 });
    for (let i = 14; i < close.length; i++) expect(tiny[i], `bar ${i}`).toBeCloseTo(base[i]!, 10);
  });
});
