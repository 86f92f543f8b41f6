import { describe, expect, it } from 'vitest';
import { DonchianChannels, donchianChannels } from './donchian-channels.ts';

function integers(length: number, range: number, seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * range) - range / 2;
  });
}

describe('DonchianChannels', () => {
  it('is the highest high and lowest low of the last `period` bars, current bar included, in both forms', () => {
    const high = integers(1000, 40, 1).map((x) => x + 100);
    const low = high.map((x, i) => x - 1 - (i % 5));
    for (const period of [1, 2, 20, 55]) {
      const batch = donchianChannels({ high, low }, { period });
      const streaming = new DonchianChannels({ period });
      for (let i = 0; i < high.length; i++) {
        streaming.update({ timestamp: i, open: 0, high: high[i]!, low: low[i]!, close: 0, volume: 0 });
        const label = `donchian:${period} at ${i}`;
        if (i < period - 1) {
          expect(batch.upper[i], `${label}: warm-up`).toBeNaN();
          expect(streaming.isReady, `${label}: not ready`).toBe(false);
          continue;
        }
        const top = Math.max(...high.subarray(i - period + 1, i + 1));
        const bottom = Math.min(...low.subarray(i - period + 1, i + 1));
        expect([batch.upper[i], batch.lower[i], batch.middle[i]], label).toEqual([top, bottom, (top + bottom) / 2]);
        expect([streaming.upper, streaming.lower, streaming.middle], `${label} (streaming)`).toEqual([
          top,
          bottom,
          (top + bottom) / 2,
        ]);
      }
    }
  });

  it('rejects a period below 1', () => {
    expect(() => new DonchianChannels({ period: 0 })).toThrow(RangeError);
  });
});
