import { beforeAll, describe, expect, it } from 'vitest';
import { beta } from '../../src/core/indicators/beta.ts';
import { correlation } from '../../src/core/indicators/correlation.ts';
import { dema } from '../../src/core/indicators/dema.ts';
import { ema } from '../../src/core/indicators/ema.ts';
import { kama } from '../../src/core/indicators/kama.ts';
import { linearRegression } from '../../src/core/indicators/linear-regression.ts';
import { rma } from '../../src/core/indicators/rma.ts';
import { sma } from '../../src/core/indicators/sma.ts';
import { standardDeviation } from '../../src/core/indicators/standard-deviation.ts';
import { tema } from '../../src/core/indicators/tema.ts';
import { variance } from '../../src/core/indicators/variance.ts';
import { wma } from '../../src/core/indicators/wma.ts';
import { type Dataset, realDatasets, syntheticDatasets } from './datasets.ts';
import { expectMatchesTalib, talib } from './talib-harness.ts';

let datasets: readonly Dataset[] = [];
beforeAll(async () => {
  datasets = [...(await realDatasets()), ...syntheticDatasets()];
});

/**
 * TA-Lib computes VAR (and so STDDEV) as E[x²] − E[x]², and CORREL and BETA from raw running sums
 * (Σx², Σxy, …) that it never re-sums. Each running sum carries an absolute rounding error of about
 * eps × (its terms' magnitude) × √(bars so far); at BTC prices near 47,000, x² ≈ 2·10⁹, so TA-Lib's
 * variance of a near-flat window is off by ~3·10⁻⁷ (measured), far more than 1e-9 of its value. The
 * comparisons of those four therefore allow, on top of the usual 1e-9, TA-Lib's rounding error bound
 * (`TALIB_ROUNDING` ulps of the largest term, propagated to the output); each also checks ours
 * against an exact two-pass computation at `EXACT` and that ours is the closer of the two.
 */
const TALIB_ROUNDING = 256 * Number.EPSILON;
/** Ours against the exact two-pass references (relative error). */
const EXACT = 1e-10;

/** Σ(x − x̄)(y − ȳ), Σ(x − x̄)², Σ(y − ȳ)² over values end − n + 1 … end: the textbook two passes. */
function twoPass(x: Float64Array, y: Float64Array, end: number, n: number) {
  let sumX = 0;
  let sumY = 0;
  for (let k = end - n + 1; k <= end; k++) {
    sumX += x[k]!;
    sumY += y[k]!;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let k = end - n + 1; k <= end; k++) {
    xx += (x[k]! - meanX) ** 2;
    yy += (y[k]! - meanY) ** 2;
    xy += (x[k]! - meanX) * (y[k]! - meanY);
  }
  return { xx, yy, xy };
}

const largestSquare = (...series: Float64Array[]) =>
  Math.max(...series.map((values) => values.reduce((m, v) => Math.max(m, v * v), 0)));

/**
 * TA-Lib's warm-up and NaN pattern (through the harness), then |ours − theirs| ≤ 1e-9 × max(1, |theirs|)
 * + `slack(i, ours, theirs)`: TA-Lib's own rounding bound at bar i.
 */
function expectWithinTalibRounding(
  ours: Float64Array,
  theirs: Float64Array,
  label: string,
  slack: (i: number, ours: number, theirs: number) => number,
): void {
  expectMatchesTalib(ours, theirs, label, Number.POSITIVE_INFINITY);
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (Number.isNaN(b)) continue;
    const allowed = 1e-9 * Math.max(1, Math.abs(b)) + slack(i, a, b);
    if (!(Math.abs(a - b) <= allowed))
      expect.fail(`${label}: bar ${i}: ours ${a}, TA-Lib ${b}, beyond TA-Lib's rounding bound ${allowed}`);
  }
}

/** Largest |a − exact| / max(scale, |exact|) over the indices where `exact` is defined. */
function worstError(a: Float64Array, exact: Float64Array, scale: number): number {
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    if (Number.isNaN(exact[i]!)) continue;
    worst = Math.max(worst, Math.abs(a[i]! - exact[i]!) / Math.max(scale, Math.abs(exact[i]!)));
  }
  return worst;
}

/**
 * Checks ours against the exact reference and, wherever TA-Lib's worst error exceeds rounding noise
 * (1e-11), that ours is the closer of the two.
 */
function expectExact(ours: Float64Array, theirs: Float64Array, exact: Float64Array, label: string, scale: number) {
  const oursError = worstError(ours, exact, scale);
  const theirsError = worstError(theirs, exact, scale);
  expect(oursError, `${label}: ours vs the exact two-pass value`).toBeLessThanOrEqual(EXACT);
  expect(
    oursError,
    `${label}: ours (${oursError}) at least as close to exact as TA-Lib (${theirsError})`,
  ).toBeLessThanOrEqual(Math.max(theirsError, 1e-11));
}

/** Per-bar change ratios as TA-Lib's BETA forms them; index 0 has none. */
function changeRatios(prices: Float64Array): Float64Array {
  const ratios = new Float64Array(prices.length);
  for (let i = 1; i < prices.length; i++)
    ratios[i] = prices[i - 1] === 0 ? 0 : (prices[i]! - prices[i - 1]!) / prices[i - 1]!;
  return ratios;
}

describe('moving averages match TA-Lib', () => {
  it('EMA (SMA-seeded) for periods 2, 9, 20, 200', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 9, 20, 200]) {
        const theirs = talib('EMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(ema(bars.close, { period }), theirs.outputs.outReal!, `EMA(${period}) on ${name}`);
      }
    }
  });

  it('SMA for periods 2, 5, 20, 200, 2000 (the longest spans re-summations)', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 5, 20, 200, 2000]) {
        const theirs = talib('SMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(sma(bars.close, { period }), theirs.outputs.outReal!, `SMA(${period}) on ${name}`);
      }
    }
  });

  it('WMA for periods 2, 9, 20, 100', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 9, 20, 100]) {
        const theirs = talib('WMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(wma(bars.close, { period }), theirs.outputs.outReal!, `WMA(${period}) on ${name}`);
      }
    }
  });

  it('DEMA and TEMA (SMA-seeded EMA chains, lookbacks 2(p−1) and 3(p−1)) for periods 2, 9, 20, 50', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 9, 20, 50]) {
        const demaTheirs = talib('DEMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(dema(bars.close, { period }), demaTheirs.outputs.outReal!, `DEMA(${period}) on ${name}`);
        const temaTheirs = talib('TEMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(tema(bars.close, { period }), temaTheirs.outputs.outReal!, `TEMA(${period}) on ${name}`);
      }
    }
  });

  it('KAMA (fast 2, slow 30, seeded from the previous close) for periods 2, 10, 30', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 10, 30]) {
        const theirs = talib('KAMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(kama(bars.close, { period }), theirs.outputs.outReal!, `KAMA(${period}) on ${name}`);
      }
    }
  });

  it("RMA is the Wilder smoothing inside TA-Lib's ATR: RMA of TA-Lib's true range equals its ATR", () => {
    for (const { name, bars } of datasets) {
      const inputs = { high: bars.high, low: bars.low, close: bars.close };
      // TRANGE is defined from bar 1 (it needs the previous close); ATR(p) is the RMA of TR(1…), one bar later.
      const trueRange = talib('TRANGE', inputs).outputs.outReal!.subarray(1);
      for (const period of [2, 14, 50]) {
        const atr = talib('ATR', inputs, { optInTimePeriod: period }).outputs.outReal!;
        expectMatchesTalib(rma(trueRange, { period }), atr.subarray(1), `RMA(${period}) of TR vs ATR on ${name}`);
      }
    }
  });
});

describe('rolling statistics match TA-Lib', () => {
  it('LINEARREG and LINEARREG_SLOPE for periods 2, 14, 50', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 14, 50]) {
        const ours = linearRegression(bars.close, { period });
        const value = talib('LINEARREG', { inReal: bars.close }, { optInTimePeriod: period });
        const slope = talib('LINEARREG_SLOPE', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(ours.value, value.outputs.outReal!, `LINEARREG(${period}) on ${name}`);
        expectMatchesTalib(ours.slope, slope.outputs.outReal!, `LINEARREG_SLOPE(${period}) on ${name}`);
      }
    }
  });

  it('VAR and STDDEV (population) for periods 2, 5, 20, 50; ours is the exact two-pass value', () => {
    for (const { name, bars } of datasets) {
      const x = bars.close;
      // Absolute error bound of TA-Lib's E[x²] − E[x]²; STDDEV inherits it through the square root, and TA-Lib also
      // zeroes any variance below 1e-14.
      const varianceError = TALIB_ROUNDING * largestSquare(x);
      const deviationError = varianceError + 1e-14;
      for (const period of [2, 5, 20, 50]) {
        const theirs = talib('VAR', { inReal: x }, { optInTimePeriod: period, optInNbDev: 1 }).outputs.outReal!;
        const theirsDeviation = talib('STDDEV', { inReal: x }, { optInTimePeriod: period, optInNbDev: 1 }).outputs
          .outReal!;
        const ours = variance(x, { period });
        const oursDeviation = standardDeviation(x, { period });
        expectWithinTalibRounding(ours, theirs, `VAR(${period}) on ${name}`, () => varianceError);
        expectWithinTalibRounding(oursDeviation, theirsDeviation, `STDDEV(${period}) on ${name}`, (_, a, b) =>
          Math.min(Math.sqrt(deviationError), deviationError / (a + b)),
        );
        const exact = new Float64Array(x.length).fill(Number.NaN);
        for (let i = period - 1; i < x.length; i++) exact[i] = twoPass(x, x, i, period).xx / period;
        expectExact(ours, theirs, exact, `VAR(${period}) on ${name}`, Number.MIN_VALUE);
        expectExact(
          oursDeviation,
          theirsDeviation,
          exact.map(Math.sqrt),
          `STDDEV(${period}) on ${name}`,
          Number.MIN_VALUE,
        );
      }
    }
  });

  it('CORREL for periods 5, 30, 90 on (close, open) and (high, low); ours is the exact two-pass value', () => {
    for (const { name, bars } of datasets) {
      for (const [x, y, pair] of [
        [bars.close, bars.open, 'close/open'],
        [bars.high, bars.low, 'high/low'],
      ] as const) {
        // TA-Lib zeroes any correlation whose Σ(x−x̄)²·Σ(y−ȳ)² is below 1e-14, which for LTC/BTC (prices near 0.02)
        // is most windows. Correlation is scale-invariant, so compare with TA-Lib on both series scaled by 2^20
        // (exact in binary floating point); ours must not depend on the scale.
        const scale = name.startsWith('LTC/BTC') ? 2 ** 20 : 1;
        const scaledX = x.map((v) => v * scale);
        const scaledY = y.map((v) => v * scale);
        for (const period of [5, 30, 90]) {
          const label = `CORREL(${period}) ${pair} on ${name}`;
          const ours = correlation(x, y, { period });
          const theirs = talib('CORREL', { inReal0: scaledX, inReal1: scaledY }, { optInTimePeriod: period }).outputs
            .outReal!;
          const exact = new Float64Array(x.length).fill(Number.NaN);
          // TA-Lib's error in the centred sums, propagated through r = Sxy / √(Sxx·Syy); anything goes (|r| ≤ 1)
          // where the window is so flat that the error swamps the sums.
          const sumError = TALIB_ROUNDING * period * largestSquare(scaledX, scaledY);
          const slack = new Float64Array(x.length);
          for (let i = period - 1; i < x.length; i++) {
            const { xx, yy, xy } = twoPass(x, y, i, period);
            exact[i] = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
            const sxx = xx * scale * scale;
            const syy = yy * scale * scale;
            const r = Math.abs(exact[i]!);
            slack[i] =
              Math.min(sxx, syy) <= 4 * sumError
                ? 2
                : sumError * (1 / Math.sqrt(sxx * syy) + r / (2 * sxx) + r / (2 * syy) + 1 / Math.sqrt(sxx * syy));
          }
          expectWithinTalibRounding(ours, theirs, label, (i) => slack[i]!);
          expectMatchesTalib(correlation(scaledX, scaledY, { period }), ours, `${label}: scale invariance`, 1e-12);
          expectExact(ours, theirs, exact, label, 1);
        }
      }
    }
  });

  it("TA-Lib's CORREL is 0 on the unscaled LTC/BTC series, where ours is not (why the test above rescales)", () => {
    const { bars } = datasets.find((d) => d.name.startsWith('LTC/BTC'))!;
    const theirs = talib('CORREL', { inReal0: bars.close, inReal1: bars.open }, { optInTimePeriod: 30 }).outputs
      .outReal!;
    const ours = correlation(bars.close, bars.open, { period: 30 });
    const zeros = (a: Float64Array) => a.filter((v) => v === 0).length;
    const defined = ours.length - 29;
    expect(zeros(theirs), 'TA-Lib: over half of the values are 0').toBeGreaterThan(0.5 * defined);
    expect(zeros(ours), 'ours: 0 only where a series is flat over the window').toBeLessThan(0.01 * defined);
  });

  it('BETA for periods 1, 5, 20 (the reference is TA-Lib inReal0); ours is the exact two-pass slope', () => {
    for (const { name, bars } of datasets) {
      for (const [x, reference, pair] of [
        [bars.close, bars.open, 'close on open'],
        [bars.high, bars.low, 'high on low'],
      ] as const) {
        const changes = changeRatios(x);
        const referenceChanges = changeRatios(reference);
        for (const period of [1, 5, 20]) {
          const label = `BETA(${period}) ${pair} on ${name}`;
          const ours = beta(x, reference, { period });
          const theirs = talib('BETA', { inReal0: reference, inReal1: x }, { optInTimePeriod: period }).outputs
            .outReal!;
          const exact = new Float64Array(x.length).fill(Number.NaN);
          // TA-Lib's error in its sums of change ratios, propagated through β = Sxy / Sxx; near its own 1e-14 flatness
          // threshold either side may round to 0.
          const sumError = TALIB_ROUNDING * period * largestSquare(changes, referenceChanges);
          const slack = new Float64Array(x.length);
          for (let i = period; i < x.length; i++) {
            const { xx, xy } = twoPass(referenceChanges, changes, i, period);
            exact[i] = period * xx < 1e-14 ? 0 : xy / xx;
            slack[i] =
              period * xx < 4e-14 || xx <= 4 * sumError
                ? Number.POSITIVE_INFINITY
                : (sumError * (1 + Math.abs(exact[i]!))) / xx;
          }
          expectWithinTalibRounding(ours, theirs, label, (i) => slack[i]!);
          expectExact(ours, theirs, exact, label, 1);
        }
      }
    }
  });
});
