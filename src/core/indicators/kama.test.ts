import { describe, expect, it } from 'vitest';
import { realDatasets } from '../../../test/indicators/datasets.ts';
import { Kama, kama, kamaLookback } from './kama.ts';

/** Kaufman's recipe from scratch each bar: ER over the last `period` changes, sc = (ER·(f − s) + s)². */
function referenceKama(values: Float64Array, period: number, fast: number, slow: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  const f = 2 / (fast + 1);
  const s = 2 / (slow + 1);
  let previous = values[period - 1]!;
  for (let i = period; i < values.length; i++) {
    let movement = 0;
    for (let k = i - period + 1; k <= i; k++) movement += Math.abs(values[k]! - values[k - 1]!);
    const net = Math.abs(values[i]! - values[i - period]!);
    const efficiency = movement === 0 ? 1 : Math.min(1, net / movement);
    const smoothing = (efficiency * (f - s) + s) ** 2;
    previous += smoothing * (values[i]! - previous);
    out[i] = previous;
  }
  return out;
}

describe('Kama', () => {
  it('matches the recipe with other fast and slow periods than TA-Lib’s fixed 2 and 30', async () => {
    for (const { name, bars } of await realDatasets()) {
      for (const [period, fast, slow] of [
        [10, 2, 30],
        [10, 5, 50],
        [20, 3, 20],
      ] as const) {
        const expected = referenceKama(bars.close, period, fast, slow);
        const ours = kama(bars.close, { period, fast, slow });
        expect(ours.findIndex((v) => !Number.isNaN(v))).toBe(kamaLookback({ period }));
        for (let i = period; i < expected.length; i++)
          if (!(Math.abs(ours[i]! - expected[i]!) <= 1e-9 * Math.max(1, Math.abs(expected[i]!))))
            expect.fail(`${name} KAMA(${period},${fast},${slow}) bar ${i}: ${ours[i]}, recipe ${expected[i]}`);
      }
    }
  });

  it('on flat prices (ER 0/0, taken as 1 as TA-Lib) it closes the gap by the fastest constant, (2/3)² per bar', () => {
    const values = Float64Array.from({ length: 50 }, (_, i) => (i < 20 ? 100 + i : 119));
    const batch = kama(values, { period: 10 });
    const streaming = new Kama({ period: 10 });
    for (let i = 0; i < 50; i++) expect(Object.is(streaming.update(values[i]!), batch[i]), `bar ${i}`).toBe(true);
    // From bar 30 the last ten changes are all zero.
    for (let i = 30; i < 50; i++)
      expect(batch[i]! - 119, `bar ${i}`).toBeCloseTo((batch[i - 1]! - 119) * (1 - 4 / 9), 12);
    const constant = kama(new Float64Array(30).fill(7.5), { period: 10 });
    for (let i = 10; i < 30; i++) expect(constant[i], `constant input, bar ${i}`).toBe(7.5);
  });
});
