import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import { ZScore, zScore, zScoreLookback } from './z-score.ts';

/** (x − mean) / population σ over each window including x, from scratch; σ = 0 → 0. */
function referenceZScore(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  for (let i = period - 1; i < values.length; i++) {
    let sum = 0;
    for (let k = i - period + 1; k <= i; k++) sum += values[k]!;
    const mean = sum / period;
    let squares = 0;
    for (let k = i - period + 1; k <= i; k++) squares += (values[k]! - mean) ** 2;
    out[i] = squares === 0 ? 0 : (values[i]! - mean) / Math.sqrt(squares / period);
  }
  return out;
}

describe('ZScore', () => {
  it('worked examples, including the extreme √(n − 1)', () => {
    const out = zScore(Float64Array.from([1, 2, 3, 4, 5]), { period: 5 });
    expect(out[4], 'mean 3, σ = √2: (5 − 3)/√2').toBeCloseTo(Math.SQRT2, 15);
    const extreme = zScore(Float64Array.from([0, 0, 0, 0, 10]), { period: 5 });
    expect(extreme[4], 'mean 2, σ = 4: (10 − 2)/4 = 2 = √(5 − 1), the largest possible').toBeCloseTo(2, 14);
    expect(zScoreLookback({ period: 5 })).toBe(4);
  });

  it('is 0 on a flat window', () => {
    const out = zScore(
      Float64Array.from({ length: 40 }, (_, i) => (i === 5 ? 1e9 : 42.42)),
      { period: 10 },
    );
    for (let i = 15; i < 40; i++) expect(out[i], `bar ${i}`).toBe(0);
  });

  it('matches the definition computed from scratch on every dataset; streaming identical to batch', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()]) {
      for (const period of [2, 20, 100]) {
        const expected = referenceZScore(bars.close, period);
        const ours = zScore(bars.close, { period });
        const streaming = new ZScore({ period });
        for (let i = 0; i < expected.length; i++) {
          const e = expected[i]!;
          if (Number.isNaN(e) ? !Number.isNaN(ours[i]!) : !(Math.abs(ours[i]! - e) <= 1e-9 * Math.max(1, Math.abs(e))))
            expect.fail(`${name} z(${period}) bar ${i}: ${ours[i]}, from scratch ${e}`);
          if (!Object.is(streaming.update(bars.close[i]!), ours[i]))
            expect.fail(`${name} z(${period}) bar ${i}: streaming differs from batch`);
        }
      }
    }
  });
});
