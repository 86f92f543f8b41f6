import { describe, expect, it } from 'vitest';
import { Rsi, rsi } from './rsi.ts';

describe('RSI', () => {
  it("reads 100 in a steady rise, 0 in a steady fall and 0 on flat prices (TA-Lib's convention)", () => {
    const rising = Float64Array.from({ length: 40 }, (_, i) => 10 + i);
    const falling = rising.slice().reverse();
    const flat = new Float64Array(40).fill(3);
    expect(rsi(rising, { period: 14 })[39]).toBe(100);
    expect(rsi(falling, { period: 14 })[39]).toBe(0);
    expect(rsi(flat, { period: 14 })[39]).toBe(0);
  });

  it("seeds with plain averages of the first period's changes, then smooths as Wilder", () => {
    // Changes +2, −1, +3 (period 3): averages 5/3 and 1/3, RSI 100·5/6. Next change −2:
    // gain (5/3·2 + 0)/3 = 10/9, loss (1/3·2 + 2)/3 = 8/9, RSI 100·10/18.
    const values = Float64Array.from([10, 12, 11, 14, 12]);
    const ours = rsi(values, { period: 3 });
    expect(ours[3]).toBeCloseTo(500 / 6, 12);
    expect(ours[4]).toBeCloseTo(1000 / 18, 12);
    const streaming = new Rsi({ period: 3 });
    for (const x of values) streaming.update(x);
    expect(streaming.value).toBe(ours[4]);
  });

  it('rejects a period below 2, as TA-Lib', () => {
    expect(() => new Rsi({ period: 1 })).toThrow(/period/);
  });
});
