import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import { SeededRandom } from '../kernel/random.ts';
import { barAt } from '../testing/random-series.ts';
import type { BarColumns } from './indicator.ts';
import {
  RealizedVolatility,
  type RealizedVolatilityEstimator,
  realizedVolatility,
  realizedVolatilityLookback,
} from './realized-volatility.ts';

type Ohlc = Pick<BarColumns, 'open' | 'high' | 'low' | 'close'>;
const ESTIMATORS: readonly RealizedVolatilityEstimator[] = ['close', 'parkinson', 'garman_klass'];

const logOf = (a: number, b: number) => (a > 0 && b > 0 ? Math.log(a / b) : 0);

/**
 * Naive estimators: each window from scratch, two-pass variance for close-to-close. Also returns,
 * per bar, the largest squared term (return², or |range term|) of the last two windows: the scale
 * of the rounding a sliding-window update can carry (see `expectVarianceClose`).
 */
function reference(bars: Ohlc, period: number, estimator: RealizedVolatilityEstimator, periodsPerYear = 1) {
  const { open, high, low, close } = bars;
  const n = close.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const scale = new Float64Array(n);
  const terms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (estimator === 'close') {
      terms[j] = j === 0 ? 0 : logOf(close[j]!, close[j - 1]!);
    } else {
      const range = logOf(high[j]!, low[j]!);
      terms[j] =
        estimator === 'parkinson'
          ? range ** 2 / (4 * Math.LN2)
          : 0.5 * range ** 2 - (2 * Math.LN2 - 1) * logOf(close[j]!, open[j]!) ** 2;
    }
  }
  for (let i = estimator === 'close' ? period : period - 1; i < n; i++) {
    const window = Array.from(terms.subarray(i - period + 1, i + 1));
    const mean = window.reduce((s, x) => s + x, 0) / period;
    const variance = estimator === 'close' ? window.reduce((s, r) => s + (r - mean) ** 2, 0) / (period - 1) : mean;
    values[i] = Math.sqrt(Math.max(variance, 0)) * Math.sqrt(periodsPerYear);
    let largest = 0;
    for (let j = Math.max(1, i - 2 * period + 1); j <= i; j++)
      largest = Math.max(largest, estimator === 'close' ? terms[j]! ** 2 : Math.abs(terms[j]!));
    scale[i] = largest * periodsPerYear;
  }
  return { values, scale };
}

/**
 * Compares volatilities through their squares: |ours² − expected²| ≤ 1e-12 × expected² + 1e-14 ×
 * scale (about 45 ε × scale; the worst case seen is 4 ε, on two-return windows). A sliding O(1) update rounds at about ε × the terms it adds and removes, and the exact
 * recomputation every window clears what it left, so its variance error is bounded by a small
 * multiple of ε × the largest recent squared term: relative accuracy is lost only where a window's
 * spread is far below the size of its terms (two nearly equal returns), where the two-pass
 * reference is exact.
 */
function expectVarianceClose(ours: Float64Array, expected: ReturnType<typeof reference>, label: string) {
  const { values, scale } = expected;
  expect(ours.length, `${label}: length`).toBe(values.length);
  for (let i = 0; i < values.length; i++) {
    const a = ours[i]!;
    const e = values[i]!;
    if (Number.isNaN(a) !== Number.isNaN(e)) expect.fail(`${label}: bar ${i} is ${a}, expected ${e}`);
    if (!Number.isNaN(e) && !(Math.abs(a * a - e * e) <= 1e-12 * e * e + 1e-14 * scale[i]!))
      expect.fail(`${label}: bar ${i} is ${a}, expected ${e} (largest recent squared term ${scale[i]})`);
  }
}

/** A seeded uniform generator on [0, 1). */
function uniform(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

function normal(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe('realized volatility equals naive window estimators', () => {
  it('on real and synthetic series, every estimator, periods 2, 20, 100, per bar and annualised', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()])
      for (const estimator of ESTIMATORS)
        for (const period of [2, 20, 100])
          for (const periodsPerYear of [1, 252]) {
            const label = `rv(${period}, ${estimator}, ${periodsPerYear}) on ${name}`;
            const ours = realizedVolatility(bars, { period, estimator, periodsPerYear });
            expectVarianceClose(ours, reference(bars, period, estimator, periodsPerYear), label);
          }
  });

  it('lookback: period for close-to-close (period returns), period − 1 for the range estimators', () => {
    const [constant] = syntheticDatasets();
    for (const estimator of ESTIMATORS) {
      const values = realizedVolatility(constant!.bars, { period: 10, estimator });
      const expected = estimator === 'close' ? 10 : 9;
      expect(realizedVolatilityLookback({ period: 10, estimator }), estimator).toBe(expected);
      expect(
        values.findIndex((v) => !Number.isNaN(v)),
        `${estimator}: first value`,
      ).toBe(expected);
    }
  });
});

describe('realized volatility edge cases', () => {
  it('constant and all-zero prices give exactly 0', () => {
    const [constant, zeros] = syntheticDatasets();
    for (const dataset of [constant!, zeros!])
      for (const estimator of ESTIMATORS) {
        const values = realizedVolatility(dataset.bars, { period: 5, estimator });
        const nonZero = values.findIndex((v) => !Number.isNaN(v) && v !== 0);
        expect(nonZero, `${estimator} on ${dataset.name}: first non-zero value`).toBe(-1);
      }
  });

  it('a zero price contributes zero returns on both sides of it', () => {
    const close = Float64Array.of(100, 110, 0, 121, 121);
    const bars = { open: close, high: close, low: close, close };
    // Returns ln 1.1, 0 (into the zero), 0 (out of it), 0: window of 3 at bar 3 is [ln 1.1, 0, 0].
    const r = Math.log(1.1);
    const mean = r / 3;
    const expected = Math.sqrt(((r - mean) ** 2 + 2 * mean ** 2) / 2);
    const values = realizedVolatility(bars, { period: 3 });
    expect(values[3], 'bar 3').toBeCloseTo(expected, 15);
    expect(values[4], 'bar 4: window of three zero returns').toBe(0);
  });

  it('Garman–Klass on bars whose open-to-close move exceeds their range clamps the variance to 0', () => {
    const n = 30;
    const bars = {
      open: new Float64Array(n).fill(90),
      high: new Float64Array(n).fill(100),
      low: new Float64Array(n).fill(100),
      close: new Float64Array(n).fill(110),
    };
    const values = realizedVolatility(bars, { period: 10, estimator: 'garman_klass' });
    expect(Array.from(values.subarray(9)), 'finite and 0 after the warm-up').toEqual(new Array(n - 9).fill(0));
  });

  it('refuses a period below 2, an unknown estimator and periodsPerYear below 1', () => {
    expect(() => new RealizedVolatility({ period: 1 })).toThrow(RangeError);
    expect(() => new RealizedVolatility({ period: 20, estimator: 'yang_zhang' as 'close' })).toThrow(RangeError);
    expect(() => new RealizedVolatility({ period: 20, periodsPerYear: 0.5 })).toThrow(RangeError);
  });
});

describe('realized volatility recovers the σ of a simulated geometric Brownian motion', () => {
  /**
   * 200,000 bars of driftless log-price diffusion with σ = 1% per bar, open = previous close. Each
   * bar is 16 Gaussian sub-steps; the high and low of each sub-step are drawn from the exact
   * distribution of a Brownian bridge's maximum and minimum given its end points, so the bar's
   * range is nearly that of the continuous path (plain sub-steps would bias Parkinson low by
   * about 1.2 / √16 ≈ 30% of a σ in range). Only a sub-step holding both extremes is approximate.
   */
  function simulate(bars: number, sigma: number, seed: number): Ohlc {
    const random = uniform(seed);
    const gaussian = normal(random);
    const subSteps = 16;
    const s = sigma / Math.sqrt(subSteps);
    const open = new Float64Array(bars);
    const high = new Float64Array(bars);
    const low = new Float64Array(bars);
    const close = new Float64Array(bars);
    let x = Math.log(100);
    for (let i = 0; i < bars; i++) {
      let top = x;
      let bottom = x;
      open[i] = Math.exp(x);
      for (let k = 0; k < subSteps; k++) {
        const dx = s * gaussian();
        top = Math.max(top, x + (dx + Math.sqrt(dx * dx - 2 * s * s * Math.log(1 - random()))) / 2);
        bottom = Math.min(bottom, x + (dx - Math.sqrt(dx * dx - 2 * s * s * Math.log(1 - random()))) / 2);
        x += dx;
      }
      high[i] = Math.exp(top);
      low[i] = Math.exp(bottom);
      close[i] = Math.exp(x);
    }
    return { open, high, low, close };
  }

  const sigma = 0.01;
  const bars = simulate(200_000, sigma, 20_240_311);

  /** √(mean of the rolling variances): the estimators' variances are unbiased for σ². */
  function recovered(values: Float64Array): number {
    let sum = 0;
    let count = 0;
    for (const v of values)
      if (!Number.isNaN(v)) {
        sum += v * v;
        count++;
      }
    return Math.sqrt(sum / count);
  }

  for (const estimator of ESTIMATORS)
    it(`${estimator}: within 1% of σ, and × √252 when annualised`, () => {
      const perBar = realizedVolatility(bars, { period: 500, estimator });
      const estimate = recovered(perBar);
      expect(Math.abs(estimate / sigma - 1), `${estimator} estimates ${estimate} for σ = ${sigma}`).toBeLessThan(0.01);
      const annual = realizedVolatility(bars, { period: 500, estimator, periodsPerYear: 252 });
      expect(recovered(annual) / estimate, 'annualised / per bar').toBeCloseTo(Math.sqrt(252), 9);
    });
});

describe('realized volatility does not drift', () => {
  /** A volatile first half (5% per bar) then a calm one (0.001%): the calm windows' variance is 1e-10 of the early ones'. */
  function regimeShift(n: number): Ohlc {
    const gaussian = normal(uniform(99));
    const open = new Float64Array(n);
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    let x = Math.log(100);
    for (let i = 0; i < n; i++) {
      const sigma = i < n / 2 ? 0.05 : 1e-5;
      open[i] = Math.exp(x);
      x += sigma * gaussian();
      close[i] = Math.exp(x);
      high[i] = Math.max(open[i]!, close[i]!) * Math.exp(sigma * Math.abs(gaussian()));
      low[i] = Math.min(open[i]!, close[i]!) * Math.exp(-sigma * Math.abs(gaussian()));
    }
    return { open, high, low, close };
  }

  it('matches the naive estimators to 1e-9 on the calm tail of 400,000 bars, both forms identically', () => {
    const n = 400_000;
    const period = 50;
    const bars = regimeShift(n);
    const tail = n - 3_000;
    const cut = (a: Float64Array) => a.slice(tail - 1);
    const tailBars = { open: cut(bars.open), high: cut(bars.high), low: cut(bars.low), close: cut(bars.close) };
    for (const estimator of ESTIMATORS) {
      const batch = realizedVolatility(bars, { period, estimator });
      const indicator = new RealizedVolatility({ period, estimator });
      for (let i = 0; i < n; i++) {
        const streamed = indicator.update(barAt(bars, i));
        if (!Object.is(streamed, batch[i]!))
          expect.fail(`${estimator} bar ${i}: streaming ${streamed}, batch ${batch[i]}`);
      }
      const expected = reference(tailBars, period, estimator).values.subarray(period + 1);
      const ours = batch.subarray(tail + period);
      for (let i = 0; i < expected.length; i++)
        if (!(Math.abs(ours[i]! - expected[i]!) <= 1e-9 * expected[i]!))
          expect.fail(`${estimator}, calm bar ${tail + period + i}: ${ours[i]}, naive ${expected[i]}`);
    }
  });
});
