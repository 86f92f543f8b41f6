import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import { barAt } from '../testing/random-series.ts';
import type { BarColumns } from './indicator.ts';
import { RollingVwap, rollingVwap } from './rolling-vwap.ts';

/** Naive rolling VWAP: every window summed from scratch; zero window volume → mean typical price. */
function referenceRollingVwap(bars: Pick<BarColumns, 'high' | 'low' | 'close' | 'volume'>, period: number) {
  const n = bars.close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = period - 1; i < n; i++) {
    let priceVolume = 0;
    let volume = 0;
    let typical = 0;
    for (let j = i - period + 1; j <= i; j++) {
      const t = (bars.high[j]! + bars.low[j]! + bars.close[j]!) / 3;
      priceVolume += t * bars.volume[j]!;
      volume += bars.volume[j]!;
      typical += t;
    }
    out[i] = volume === 0 ? typical / period : priceVolume / volume;
  }
  return out;
}

function expectClose(ours: Float64Array, expected: Float64Array, label: string, tolerance: number): void {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = ours[i]!;
    if (Number.isNaN(e) !== Number.isNaN(a)) expect.fail(`${label}: bar ${i} is ${a}, expected ${e}`);
    if (!Number.isNaN(e) && !(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e))))
      expect.fail(`${label}: bar ${i} is ${a}, expected ${e} (relative error ${Math.abs(a - e) / Math.abs(e)})`);
  }
}

describe('rolling VWAP equals a naive window sum', () => {
  it('on real and synthetic series for periods 1, 2, 20 and 200', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()])
      for (const period of [1, 2, 20, 200]) {
        const label = `vwap_rolling(${period}) on ${name}`;
        expectClose(rollingVwap(bars, { period }), referenceRollingVwap(bars, period), label, 1e-9);
      }
  });

  it('a hand-checked window, and the mean typical price while the window has no volume', () => {
    const bars = {
      high: Float64Array.of(11, 13, 21, 23, 6, 9),
      low: Float64Array.of(9, 11, 19, 20, 6, 6),
      close: Float64Array.of(10, 12, 20, 20, 6, 6),
      volume: Float64Array.of(100, 300, 50, 0, 0, 0),
    };
    // typical 10, 12, 20, 21, 6, 7. Windows of 3: (1000 + 3600 + 1000) / 450, (3600 + 1000) / 350,
    // 20 (only bar 2 traded), then no volume: (21 + 6 + 7) / 3.
    const expected = Float64Array.of(Number.NaN, Number.NaN, 5600 / 450, 4600 / 350, 20, 34 / 3);
    expectClose(rollingVwap(bars, { period: 3 }), expected, 'hand-checked', 1e-15);
  });
});

describe('rolling VWAP does not drift', () => {
  /**
   * 1,000,000 bars: heavy trading at a high price for the first half, then a thousandth of the
   * volume at a hundredth of the price. A running Σ(price × volume) that is never re-summed keeps
   * the first half's rounding error (a random walk of steps of about 1e-16 × 1e12) against window
   * sums of about 1e7 afterwards: without re-summation this test sees relative errors near 4e-9.
   */
  function regimeShift(n: number) {
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    const volume = new Float64Array(n);
    let seed = 7;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let i = 0; i < n; i++) {
      const level = i < n / 2 ? 40_000 : 400;
      close[i] = level * (1 + 0.01 * random());
      high[i] = close[i]! * (1 + 0.001 * random());
      low[i] = close[i]! * (1 - 0.001 * random());
      volume[i] = (i < n / 2 ? 1e6 : 1e3) * random();
    }
    return { high, low, close, volume };
  }

  it('matches the naive sum to 1e-12 on the last bars of a million, in both forms identically', () => {
    const n = 1_000_000;
    const period = 50;
    const bars = regimeShift(n);
    const batch = rollingVwap(bars, { period });
    const indicator = new RollingVwap({ period });
    for (let i = 0; i < n; i++) {
      const streamed = indicator.update(barAt(bars, i));
      if (!Object.is(streamed, batch[i]!)) expect.fail(`bar ${i}: streaming ${streamed}, batch ${batch[i]}`);
    }
    const tail = n - 5_000;
    const cut = (a: Float64Array) => a.subarray(tail);
    const reference = referenceRollingVwap(
      { high: cut(bars.high), low: cut(bars.low), close: cut(bars.close), volume: cut(bars.volume) },
      period,
    );
    expectClose(batch.subarray(tail + period - 1), reference.subarray(period - 1), 'last 5,000 bars', 1e-12);
  });
});

describe('rolling VWAP options', () => {
  it('refuses a period that is not a positive integer', () => {
    expect(() => new RollingVwap({ period: 0 })).toThrow(RangeError);
    const none = new Float64Array(0);
    expect(() => rollingVwap({ high: none, low: none, close: none, volume: none }, { period: 2.5 })).toThrow(
      RangeError,
    );
  });
});
