import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import { randomWalk } from '../testing/random-series.ts';
import { StandardDeviation, standardDeviation } from './standard-deviation.ts';

/** Two-pass standard deviation of values[end − period + 1 … end], dividing by `divisor`. */
function twoPass(values: Float64Array, end: number, period: number, divisor: number): number {
  let sum = 0;
  for (let k = end - period + 1; k <= end; k++) sum += values[k]!;
  const mean = sum / period;
  let squares = 0;
  for (let k = end - period + 1; k <= end; k++) squares += (values[k]! - mean) ** 2;
  return Math.sqrt(squares / divisor);
}

const relativeError = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('StandardDeviation', () => {
  it('population and sample estimators on a worked example', () => {
    const values = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]);
    const population = standardDeviation(values, { period: 8 });
    const sample = standardDeviation(values, { period: 8, estimator: 'sample' });
    expect(population[7], 'mean 5, Σ(x − 5)² = 32, √(32/8) = 2').toBe(2);
    expect(sample[7], '√(32/7)').toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(() => standardDeviation(values, { period: 1 }), 'a deviation needs two values').toThrow(RangeError);
    expect(() => new StandardDeviation({ period: 5, estimator: 'biased' as 'sample' })).toThrow('estimator');
  });

  it('matches a two-pass reference with both estimators on every dataset', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()]) {
      for (const period of [2, 20]) {
        for (const estimator of ['population', 'sample'] as const) {
          const ours = standardDeviation(bars.close, { period, estimator });
          const divisor = estimator === 'sample' ? period - 1 : period;
          for (let i = period - 1; i < ours.length; i++) {
            const expected = twoPass(bars.close, i, period, divisor);
            if (!(relativeError(ours[i]!, expected) <= 1e-9))
              expect.fail(`${name} stddev(${period}, ${estimator}) bar ${i}: ${ours[i]} vs two-pass ${expected}`);
          }
        }
      }
    }
  });

  it('does not drift: a million values around 40,000, last windows within 1e-9 of a two-pass computation', () => {
    const period = 20;
    const values = randomWalk(1_000_000, 40_000, 1e-3, 3);
    const streaming = new StandardDeviation({ period });
    const last: number[] = [];
    for (let i = 0; i < values.length; i++) {
      streaming.update(values[i]!);
      if (i >= values.length - 50) last.push(streaming.value);
    }
    last.forEach((value, k) => {
      const i = values.length - 50 + k;
      expect(relativeError(value, twoPass(values, i, period, period)), `bar ${i}`).toBeLessThan(1e-9);
    });
  });

  it('E[x²] − E[x]² running sums (TA-Lib, many libraries) fail that test; ours passes it after a calm spell', () => {
    const period = 20;
    const values = randomWalk(1_000_000, 40_000, 1e-3, 5);
    const calm = randomWalk(5_000, values[values.length - 5_001]!, 2.5e-7, 6);
    values.set(calm, values.length - calm.length);
    const ours = standardDeviation(values, { period });
    let sum = 0;
    let sumOfSquares = 0;
    let worstNaive = 0;
    let worstOurs = 0;
    for (let i = 0; i < values.length; i++) {
      sum += values[i]!;
      sumOfSquares += values[i]! ** 2;
      if (i >= period) {
        sum -= values[i - period]!;
        sumOfSquares -= values[i - period]! ** 2;
      }
      if (i < values.length - calm.length + period) continue;
      const mean = sum / period;
      const naive = Math.sqrt(Math.max(0, sumOfSquares / period - mean * mean));
      const exact = twoPass(values, i, period, period);
      worstNaive = Math.max(worstNaive, relativeError(naive, exact));
      worstOurs = Math.max(worstOurs, relativeError(ours[i]!, exact));
    }
    expect(worstNaive, 'the naive running sums lose every digit in the calm part').toBeGreaterThan(1e-3);
    expect(worstOurs, 'ours').toBeLessThan(1e-9);
  });

  it('is exactly 0 on a flat window, even right after a large move leaves it', () => {
    const values = Float64Array.from({ length: 60 }, (_, i) => (i === 10 ? 1e6 : 40_000.1));
    const out = standardDeviation(values, { period: 20 });
    for (let i = 30; i < 60; i++) expect(out[i], `bar ${i}: window of identical values`).toBe(0);
  });
});
