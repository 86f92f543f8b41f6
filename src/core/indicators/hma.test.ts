import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import { Hma, hma, hmaLookback } from './hma.ts';

/** WMA straight from the definition: Σ k·x / Σ k over the window, k = 1 for the oldest. */
function referenceWma(values: readonly number[], period: number): number[] {
  return values.map((_, i) => {
    if (i < period - 1) return Number.NaN;
    let weighted = 0;
    for (let k = 1; k <= period; k++) weighted += k * values[i - period + k]!;
    return weighted / ((period * (period + 1)) / 2);
  });
}

/** Hull's formula with plain arrays: WMA(2·WMA(x, ⌊n/2⌋) − WMA(x, n), s). */
function referenceHma(values: readonly number[], period: number, smoothing: number): number[] {
  const fast = referenceWma(values, Math.floor(period / 2));
  const slow = referenceWma(values, period);
  const raw = values.map((_, i) => 2 * fast[i]! - slow[i]!);
  const defined = raw.slice(period - 1);
  const smoothed = referenceWma(defined, smoothing);
  return [...raw.slice(0, period - 1).map(() => Number.NaN), ...smoothed];
}

describe('Hma', () => {
  it('matches the formula computed from scratch, both roundings, on every dataset', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()]) {
      const closes = Array.from(bars.close.subarray(0, 3000));
      for (const period of [2, 8, 9, 20, 55]) {
        for (const rounding of ['floor', 'round'] as const) {
          const smoothing = rounding === 'floor' ? Math.floor(Math.sqrt(period)) : Math.round(Math.sqrt(period));
          const expected = referenceHma(closes, period, smoothing);
          const ours = hma(Float64Array.from(closes), { period, rounding });
          expect(
            ours.findIndex((v) => !Number.isNaN(v)),
            `${name} HMA(${period}, ${rounding}) lookback`,
          ).toBe(hmaLookback({ period, rounding }));
          expected.forEach((e, i) => {
            const a = ours[i]!;
            if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e))))
              expect.fail(`${name} HMA(${period}, ${rounding}) bar ${i}: ${a}, formula ${e}`);
          });
        }
      }
    }
  });

  it('lookback (n − 1) + (s − 1): period 8 has s = 2 rounded down (TradingView) and 3 rounded to nearest', () => {
    expect(hmaLookback({ period: 8 })).toBe(7 + 1);
    expect(hmaLookback({ period: 8, rounding: 'round' })).toBe(7 + 2);
    expect(hmaLookback({ period: 9 }), 'perfect square: s = 3 either way').toBe(
      hmaLookback({ period: 9, rounding: 'round' }),
    );
  });

  it('on a straight line it sits (n + 2 − 2⌊n/2⌋ − s)/3 bars ahead: 0 for n = 4 and 9, derived by hand', () => {
    // A WMA of n points of a line lags it by (n − 1)/3 bars, so 2·WMA(n/2) − WMA(n) leads by (n + 1 − 2⌊n/2⌋)/3
    // and the final WMA(s) takes (s − 1)/3 back.
    const line = Float64Array.from({ length: 200 }, (_, i) => 100 + 0.5 * i);
    for (const period of [4, 9, 16, 20]) {
      const s = Math.floor(Math.sqrt(period));
      const lead = (period + 2 - 2 * Math.floor(period / 2) - s) / 3;
      const out = hma(line, { period });
      for (let i = hmaLookback({ period }); i < line.length; i++)
        expect(out[i], `HMA(${period}) bar ${i}`).toBeCloseTo(100 + 0.5 * (i + lead), 9);
    }
  });

  it('streams the same values and rejects bad options', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i / 5) * 10 + i);
    const streaming = new Hma({ period: 16 });
    expect(Array.from(values, (x) => streaming.update(x))).toEqual(Array.from(hma(values, { period: 16 })));
    expect(() => new Hma({ period: 1 }), 'period 1 has no half WMA').toThrow(RangeError);
    expect(() => hma(values, { period: 9, rounding: 'ceil' as 'round' })).toThrow('rounding');
  });
});
