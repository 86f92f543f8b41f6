import { describe, expect, it } from 'vitest';
import { barAt, randomIntegers } from '../testing/random-series.ts';
import { DonchianChannels, donchianChannels } from './donchian-channels.ts';

describe('DonchianChannels', () => {
  it('is the highest high and lowest low of the last `period` bars, current bar included, in both forms', () => {
    const high = randomIntegers(1000, 40, 1).map((x) => x + 80);
    const low = high.map((x, i) => x - 1 - (i % 5));
    for (const period of [1, 2, 20, 55]) {
      const batch = donchianChannels({ high, low }, { period });
      const streaming = new DonchianChannels({ period });
      for (let i = 0; i < high.length; i++) {
        streaming.update(barAt({ high, low }, i));
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
