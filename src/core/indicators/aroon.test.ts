import { describe, expect, it } from 'vitest';
import { barAt, randomIntegers } from '../testing/random-series.ts';
import { Aroon, aroon } from './aroon.ts';

describe('Aroon', () => {
  it('counts the most recent of equal extremes, in both forms, like a naive scan', () => {
    for (const period of [2, 5, 25]) {
      const high = randomIntegers(1500, 5, period);
      const low = randomIntegers(1500, 5, period + 1);
      const batch = aroon({ high, low }, { period });
      const streaming = new Aroon({ period });
      for (let i = 0; i < high.length; i++) {
        streaming.update(barAt({ high, low }, i));
        if (i < period) continue;
        let highestAt = i - period;
        let lowestAt = i - period;
        for (let j = i - period; j <= i; j++) {
          if (high[j]! >= high[highestAt]!) highestAt = j;
          if (low[j]! <= low[lowestAt]!) lowestAt = j;
        }
        const up = (100 * (period - (i - highestAt))) / period;
        const down = (100 * (period - (i - lowestAt))) / period;
        const label = `aroon:${period} at ${i}`;
        expect(batch.up[i], `${label} up (batch)`).toBeCloseTo(up, 12);
        expect(batch.down[i], `${label} down (batch)`).toBeCloseTo(down, 12);
        expect(batch.oscillator[i], `${label} oscillator (batch)`).toBeCloseTo(up - down, 12);
        expect(streaming.up, `${label} up (streaming)`).toBe(batch.up[i]);
        expect(streaming.down, `${label} down (streaming)`).toBe(batch.down[i]);
        expect(streaming.oscillator, `${label} oscillator (streaming)`).toBe(batch.oscillator[i]);
      }
    }
  });

  it('reads up = down = 100 on flat prices', () => {
    const flat = new Float64Array(30).fill(7);
    const { up, down, oscillator } = aroon({ high: flat, low: flat }, { period: 10 });
    expect([up[29], down[29], oscillator[29]]).toEqual([100, 100, 0]);
  });
});
