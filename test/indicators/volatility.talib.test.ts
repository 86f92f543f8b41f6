import { beforeAll, describe, expect, it } from 'vitest';
import { adx, dmi } from '../../src/core/indicators/adx.ts';
import { atr } from '../../src/core/indicators/atr.ts';
import { bollingerBands } from '../../src/core/indicators/bollinger-bands.ts';
import { donchianChannels } from '../../src/core/indicators/donchian-channels.ts';
import { ichimoku } from '../../src/core/indicators/ichimoku.ts';
import { keltnerChannels, keltnerChannelsLookback } from '../../src/core/indicators/keltner-channels.ts';
import { natr } from '../../src/core/indicators/natr.ts';
import { parabolicSar } from '../../src/core/indicators/parabolic-sar.ts';
import { trueRange } from '../../src/core/indicators/true-range.ts';
import { type Dataset, realDatasets, syntheticDatasets } from './datasets.ts';
import { expectMatchesTalib, talib } from './talib-harness.ts';

let datasets: readonly Dataset[] = [];
beforeAll(async () => {
  datasets = [...(await realDatasets()), ...syntheticDatasets()];
});

const hlc = (bars: Dataset['bars']) => ({ high: bars.high, low: bars.low, close: bars.close });

/** TA-Lib's output with its values before `from` hidden: for our outputs that share a later warm-up. */
function from(values: Float64Array, start: number): Float64Array {
  const masked = values.slice();
  masked.fill(Number.NaN, 0, Math.min(start, masked.length));
  return masked;
}

describe('ranges match TA-Lib', () => {
  it('TRANGE', () => {
    for (const { name, bars } of datasets)
      expectMatchesTalib(trueRange(bars), talib('TRANGE', hlc(bars)).outputs.outReal!, `TRANGE on ${name}`);
  });

  it('ATR (Wilder, SMA-seeded) for periods 1, 2, 14, 50', () => {
    for (const { name, bars } of datasets)
      for (const period of [1, 2, 14, 50]) {
        const theirs = talib('ATR', hlc(bars), { optInTimePeriod: period }).outputs.outReal!;
        expectMatchesTalib(atr(bars, { period }), theirs, `ATR(${period}) on ${name}`);
      }
  });

  it('NATR for periods 2, 14, 30 (and 0 where the close is 0)', () => {
    for (const { name, bars } of datasets)
      for (const period of [2, 14, 30]) {
        const ours = natr(bars, { period });
        const theirs = talib('NATR', hlc(bars), { optInTimePeriod: period }).outputs.outReal!;
        if (bars.close.some((c) => c === 0)) {
          // TA-Lib writes 0 only for the first zero close (its later ones are left unwritten): check ours is 0 at
          // every zero close, and equal to TA-Lib's first value.
          expect(ours[period], `NATR(${period}) on ${name}: TA-Lib's first value`).toBe(theirs[period]);
          for (let i = period; i < ours.length; i++)
            if (bars.close[i] === 0) expect(ours[i], `NATR(${period}) on ${name} at zero close ${i}`).toBe(0);
          continue;
        }
        expectMatchesTalib(ours, theirs, `NATR(${period}) on ${name}`);
      }
  });
});

describe('directional movement matches TA-Lib', () => {
  it('ADX with PLUS_DI and MINUS_DI (from ADX’s warm-up) for periods 2, 5, 14, 30', () => {
    for (const { name, bars } of datasets)
      for (const period of [2, 5, 14, 30]) {
        const ours = adx(bars, { period });
        const lookback = 2 * period - 1;
        const options = { optInTimePeriod: period };
        const label = `(${period}) on ${name}`;
        expectMatchesTalib(ours.adx, talib('ADX', hlc(bars), options).outputs.outReal!, `ADX${label}`);
        const plus = talib('PLUS_DI', hlc(bars), options).outputs.outReal!;
        const minus = talib('MINUS_DI', hlc(bars), options).outputs.outReal!;
        expectMatchesTalib(ours.plusDi, from(plus, lookback), `adx.plusDi${label}`);
        expectMatchesTalib(ours.minusDi, from(minus, lookback), `adx.minusDi${label}`);
      }
  });

  it('DMI = PLUS_DI, MINUS_DI and DX for periods 2, 5, 14, 30', () => {
    for (const { name, bars } of datasets)
      for (const period of [2, 5, 14, 30]) {
        const ours = dmi(bars, { period });
        const options = { optInTimePeriod: period };
        const label = `(${period}) on ${name}`;
        expectMatchesTalib(ours.plusDi, talib('PLUS_DI', hlc(bars), options).outputs.outReal!, `PLUS_DI${label}`);
        expectMatchesTalib(ours.minusDi, talib('MINUS_DI', hlc(bars), options).outputs.outReal!, `MINUS_DI${label}`);
        expectMatchesTalib(ours.dx, talib('DX', hlc(bars), options).outputs.outReal!, `DX${label}`);
      }
  });
});

describe('trend followers match TA-Lib', () => {
  it('SAR for several acceleration/maximum pairs, including acceleration > maximum', () => {
    const pairs = [
      [0.02, 0.2],
      [0.01, 0.1],
      [0.05, 0.3],
      [0.3, 0.2],
    ] as const;
    for (const { name, bars } of datasets)
      for (const [acceleration, maximum] of pairs) {
        const theirs = talib(
          'SAR',
          { high: bars.high, low: bars.low },
          { optInAcceleration: acceleration, optInMaximum: maximum },
        );
        expectMatchesTalib(
          parabolicSar(bars, { acceleration, maximum }),
          theirs.outputs.outReal!,
          `SAR(${acceleration}, ${maximum}) on ${name}`,
        );
      }
  });
});

describe('channels against TA-Lib building blocks', () => {
  it('Donchian upper/lower = MAX(high)/MIN(low), middle = MIDPRICE, periods 2, 20, 55', () => {
    for (const { name, bars } of datasets)
      for (const period of [2, 20, 55]) {
        const ours = donchianChannels(bars, { period });
        const options = { optInTimePeriod: period };
        const label = `(${period}) on ${name}`;
        expectMatchesTalib(ours.upper, talib('MAX', { inReal: bars.high }, options).outputs.outReal!, `upper${label}`);
        expectMatchesTalib(ours.lower, talib('MIN', { inReal: bars.low }, options).outputs.outReal!, `lower${label}`);
        const mid = talib('MIDPRICE', { high: bars.high, low: bars.low }, options).outputs.outReal!;
        expectMatchesTalib(ours.middle, mid, `middle${label}`);
      }
  });

  it('Keltner middle = EMA(close) and (upper − middle) / multiplier = ATR, from the shared warm-up', () => {
    const cases = [
      { period: 20, multiplier: 2, atrPeriod: 10 },
      { period: 5, multiplier: 1.5, atrPeriod: 30 },
    ];
    for (const { name, bars } of datasets)
      for (const options of cases) {
        const ours = keltnerChannels(bars, options);
        const lookback = keltnerChannelsLookback(options);
        const label = `(${options.period}, ${options.multiplier}, ${options.atrPeriod}) on ${name}`;
        const ema = talib('EMA', { inReal: bars.close }, { optInTimePeriod: options.period }).outputs.outReal!;
        const range = talib('ATR', hlc(bars), { optInTimePeriod: options.atrPeriod }).outputs.outReal!;
        expectMatchesTalib(ours.middle, from(ema, lookback), `keltner middle${label}`);
        const width = ours.upper.map((u, i) => (u - ours.middle[i]!) / options.multiplier);
        const depth = ours.lower.map((l, i) => (ours.middle[i]! - l) / options.multiplier);
        expectMatchesTalib(width, from(range, lookback), `keltner upper − middle${label}`);
        expectMatchesTalib(depth, from(range, lookback), `keltner middle − lower${label}`);
      }
  });

  it('Ichimoku conversion/base = MIDPRICE(9/26) now, spanB = MIDPRICE(52) displaced, lagging = displaced close', () => {
    const options = { conversionPeriod: 9, basePeriod: 26, spanBPeriod: 52, displacement: 26 };
    const shift = (values: Float64Array, by: number) => {
      const shifted = new Float64Array(values.length).fill(Number.NaN);
      shifted.set(values.subarray(0, values.length - by), by);
      return shifted;
    };
    for (const { name, bars } of datasets) {
      const ours = ichimoku(bars, options);
      const lookback = 52 - 1 + 26;
      const mid = (period: number) =>
        talib('MIDPRICE', { high: bars.high, low: bars.low }, { optInTimePeriod: period }).outputs.outReal!;
      expectMatchesTalib(ours.conversion, from(mid(9), lookback), `ichimoku conversion on ${name}`);
      expectMatchesTalib(ours.base, from(mid(26), lookback), `ichimoku base on ${name}`);
      expectMatchesTalib(ours.spanB, from(shift(mid(52), 26), lookback), `ichimoku spanB on ${name}`);
      expectMatchesTalib(ours.lagging, from(shift(bars.close, 26), lookback), `ichimoku lagging on ${name}`);
    }
  });
});

/** σ of values[i − period + 1 … i] by two passes, the accurate reference. */
function twoPassDeviation(values: Float64Array, i: number, period: number): { mean: number; deviation: number } {
  let sum = 0;
  for (let j = i - period + 1; j <= i; j++) sum += values[j]!;
  const mean = sum / period;
  let squares = 0;
  for (let j = i - period + 1; j <= i; j++) squares += (values[j]! - mean) ** 2;
  return { mean, deviation: Math.sqrt(squares / period) };
}

describe('Bollinger bands match TA-Lib', () => {
  /*
   * The middle band (an SMA) agrees to 1e-9. The bands agree to 1e-9 except where TA-Lib's σ is the
   * inaccurate one: it computes the variance as Σx²/n − mean², which cancels catastrophically when σ is
   * small next to the price (e.g. two equal closes of 8.07 give σ ≈ 1e-6 instead of 0), and it zeroes
   * any variance below 1e-14 in absolute terms (two closes 0.0171401 and 0.0171403 give σ = 0 instead
   * of 1e-7). At every such bar ours must equal the two-pass reference and be closer to it than TA-Lib.
   */
  it('SMA middle ± multiplier · population σ for periods 2, 5, 20, 50 and multipliers 1, 2, 2.5', () => {
    let disagreements = 0;
    let compared = 0;
    for (const { name, bars } of datasets)
      for (const period of [2, 5, 20, 50])
        for (const multiplier of [1, 2, 2.5]) {
          const values = bars.close;
          const ours = bollingerBands(values, { period, multiplier });
          const theirs = talib(
            'BBANDS',
            { inReal: values },
            { optInTimePeriod: period, optInNbDevUp: multiplier, optInNbDevDn: multiplier, optInMAType: 0 },
          ).outputs;
          const label = `BBANDS(${period}, ${multiplier}) on ${name}`;
          expectMatchesTalib(ours.middle, theirs.outRealMiddleBand!, `${label} middle`);
          // Warm-up alignment only; the values are checked bar by bar below.
          expectMatchesTalib(ours.upper, theirs.outRealUpperBand!, `${label} upper`, Number.POSITIVE_INFINITY);
          expectMatchesTalib(ours.lower, theirs.outRealLowerBand!, `${label} lower`, Number.POSITIVE_INFINITY);
          for (let i = period - 1; i < values.length; i++) {
            const { mean, deviation } = twoPassDeviation(values, i, period);
            for (const [band, sign, talibBand] of [
              ['upper', 1, theirs.outRealUpperBand!],
              ['lower', -1, theirs.outRealLowerBand!],
            ] as const) {
              compared++;
              const ourValue = ours[band][i]!;
              const talibValue = talibBand[i]!;
              const scale = Math.max(1, Math.abs(talibValue));
              if (Math.abs(ourValue - talibValue) <= 1e-9 * scale) continue;
              disagreements++;
              const reference = mean + sign * multiplier * deviation;
              const ourError = Math.abs(ourValue - reference);
              const talibError = Math.abs(talibValue - reference);
              if (!(ourError <= 1e-12 * scale && ourError < talibError))
                expect.fail(
                  `${label} ${band} at ${i}: ours ${ourValue}, TA-Lib ${talibValue}, two-pass reference ${reference}`,
                );
            }
          }
        }
    expect(disagreements / compared, 'TA-Lib is off only on near-flat windows, a small share of bars').toBeLessThan(
      0.01,
    );
  });
});
