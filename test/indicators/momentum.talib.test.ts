import { beforeAll, describe, expect, it } from 'vitest';
import { aroon } from '../../src/core/indicators/aroon.ts';
import { cci } from '../../src/core/indicators/cci.ts';
import { macd } from '../../src/core/indicators/macd.ts';
import { mfi } from '../../src/core/indicators/mfi.ts';
import { momentum } from '../../src/core/indicators/momentum.ts';
import { ppo, ppoLookback } from '../../src/core/indicators/ppo.ts';
import { roc } from '../../src/core/indicators/roc.ts';
import { rsi } from '../../src/core/indicators/rsi.ts';
import { stochastic } from '../../src/core/indicators/stochastic.ts';
import { stochasticRsi } from '../../src/core/indicators/stochastic-rsi.ts';
import { williamsR } from '../../src/core/indicators/williams-r.ts';
import { type Dataset, realDatasets, syntheticDatasets } from './datasets.ts';
import { expectMatchesTalib, talib } from './talib-harness.ts';

let datasets: readonly Dataset[] = [];
beforeAll(async () => {
  datasets = [...(await realDatasets()), ...syntheticDatasets()];
});

const SMA = 0;
const EMA = 1;

/** `values` with everything before `first` replaced by NaN: TA-Lib's output cut to our longer warm-up. */
function from(values: Float64Array, first: number): Float64Array {
  const copy = values.slice();
  copy.fill(Number.NaN, 0, Math.min(first, copy.length));
  return copy;
}

/** TA-Lib function `name` over `values[begin:]`, realigned to full length (NaN before `begin` + its begIndex). */
function talibOnTail(
  name: string,
  values: Float64Array,
  begin: number,
  options: Record<string, number>,
  output: string,
) {
  const tail = values.subarray(begin);
  const theirs = talib(name, { inReal: tail }, options).outputs[output]!;
  const full = new Float64Array(values.length).fill(Number.NaN);
  full.set(theirs, begin);
  return full;
}

/**
 * Over a flat price stretch every RSI in the stochastic's window is mathematically equal but differs
 * in its last bits, so TA-Lib's raw %K divides rounding noise by rounding noise and reads anything
 * from 0 to 100 (ours reads 0: a range within 1e-12 of the values counts as none). Bars whose %K or
 * %D depends on such a window expect a naive stochastic over TA-Lib's RSI with that rule instead of
 * TA-Lib's output; every other bar expects TA-Lib's own output.
 */
function stochasticRsiExpectation(
  rsiLine: Float64Array,
  options: { period: number; kPeriod: number; kSmoothing: number; dPeriod: number },
  talibK: Float64Array,
  talibD: Float64Array,
): { k: Float64Array; d: Float64Array; replaced: number } {
  const { period, kPeriod, kSmoothing, dPeriod } = options;
  const length = rsiLine.length;
  const raw = new Float64Array(length).fill(Number.NaN);
  const noisy = new Uint8Array(length);
  for (let j = period + kPeriod - 1; j < length; j++) {
    const window = rsiLine.subarray(j - kPeriod + 1, j + 1);
    const highest = Math.max(...window);
    const lowest = Math.min(...window);
    const flat = highest - lowest <= 1e-12 * Math.max(Math.abs(highest), Math.abs(lowest));
    noisy[j] = flat && highest !== lowest ? 1 : 0;
    raw[j] = flat ? 0 : (100 * (rsiLine[j]! - lowest)) / (highest - lowest);
  }
  const mean = (values: Float64Array, end: number, n: number) => {
    let sum = 0;
    for (let m = end - n + 1; m <= end; m++) sum += values[m]!;
    return sum / n;
  };
  const k = raw.map((_, i) => (i < period + kPeriod - 1 + kSmoothing - 1 ? Number.NaN : mean(raw, i, kSmoothing)));
  const d = k.map((_, i) => (Number.isNaN(k[i - dPeriod + 1] ?? Number.NaN) ? Number.NaN : mean(k, i, dPeriod)));
  const expectedK = talibK.slice();
  const expectedD = talibD.slice();
  let replaced = 0;
  for (let i = 0; i < length; i++) {
    if (Number.isNaN(talibD[i]!)) continue;
    const touches = (from: number) => noisy.subarray(Math.max(0, from), i + 1).includes(1);
    if (touches(i - kSmoothing + 1)) expectedK[i] = k[i]!;
    if (touches(i - kSmoothing - dPeriod + 2)) {
      expectedD[i] = d[i]!;
      replaced++;
    }
  }
  return { k: expectedK, d: expectedD, replaced };
}

describe('momentum oscillators match TA-Lib', () => {
  it('RSI for periods 2, 9, 14, 50', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 9, 14, 50]) {
        const theirs = talib('RSI', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(rsi(bars.close, { period }), theirs.outputs.outReal!, `RSI(${period}) on ${name}`);
      }
    }
  });

  it('STOCH (SMA smoothing) for several kPeriod, kSmoothing, dPeriod', () => {
    for (const { name, bars } of datasets) {
      for (const [kPeriod, kSmoothing, dPeriod] of [
        [5, 3, 3],
        [14, 3, 3],
        [14, 1, 3],
        [1, 1, 1],
        [21, 5, 4],
      ] as const) {
        const theirs = talib(
          'STOCH',
          { high: bars.high, low: bars.low, close: bars.close },
          {
            optInFastK_Period: kPeriod,
            optInSlowK_Period: kSmoothing,
            optInSlowK_MAType: SMA,
            optInSlowD_Period: dPeriod,
            optInSlowD_MAType: SMA,
          },
        );
        const ours = stochastic(bars, { kPeriod, kSmoothing, dPeriod });
        const label = `STOCH(${kPeriod},${kSmoothing},${dPeriod}) on ${name}`;
        expectMatchesTalib(ours.k, theirs.outputs.outSlowK!, `${label} %K`);
        expectMatchesTalib(ours.d, theirs.outputs.outSlowD!, `${label} %D`);
      }
    }
  });

  it('STOCHF is the stochastic with kSmoothing 1', () => {
    for (const { name, bars } of datasets) {
      for (const [kPeriod, dPeriod] of [
        [5, 3],
        [14, 3],
        [3, 1],
      ] as const) {
        const theirs = talib(
          'STOCHF',
          { high: bars.high, low: bars.low, close: bars.close },
          { optInFastK_Period: kPeriod, optInFastD_Period: dPeriod, optInFastD_MAType: SMA },
        );
        const ours = stochastic(bars, { kPeriod, kSmoothing: 1, dPeriod });
        const label = `STOCHF(${kPeriod},${dPeriod}) on ${name}`;
        expectMatchesTalib(ours.k, theirs.outputs.outFastK!, `${label} %K`);
        expectMatchesTalib(ours.d, theirs.outputs.outFastD!, `${label} %D`);
      }
    }
  });

  it('STOCHRSI with kSmoothing 1, for several RSI and stochastic periods', () => {
    for (const { name, bars } of datasets) {
      for (const [period, kPeriod, dPeriod] of [
        [14, 5, 3],
        [14, 14, 3],
        [9, 3, 1],
        [2, 1, 1],
      ] as const) {
        const options = { period, kPeriod, dPeriod, kSmoothing: 1 };
        const theirs = talib(
          'STOCHRSI',
          { inReal: bars.close },
          { optInTimePeriod: period, optInFastK_Period: kPeriod, optInFastD_Period: dPeriod, optInFastD_MAType: SMA },
        );
        const rsiLine = talib('RSI', { inReal: bars.close }, { optInTimePeriod: period }).outputs.outReal!;
        const expected = stochasticRsiExpectation(rsiLine, options, theirs.outputs.outFastK!, theirs.outputs.outFastD!);
        const ours = stochasticRsi(bars.close, options);
        const label = `STOCHRSI(${period},${kPeriod},${dPeriod}) on ${name} (${expected.replaced} bars over flat RSI)`;
        expectMatchesTalib(ours.k, expected.k, `${label} %K`);
        expectMatchesTalib(ours.d, expected.d, `${label} %D`);
        if (name.startsWith('one spike') && period === 14)
          expect(expected.replaced, 'the spike series has a flat stretch to exercise').toBeGreaterThan(0);
      }
    }
  });

  it("Stochastic RSI with kSmoothing > 1 (TradingView's 14,14,3,3) equals TA-Lib's STOCH over TA-Lib's RSI", () => {
    for (const { name, bars } of datasets) {
      for (const [period, kPeriod, dPeriod, kSmoothing] of [
        [14, 14, 3, 3],
        [9, 5, 2, 4],
      ] as const) {
        const options = { period, kPeriod, dPeriod, kSmoothing };
        const rsiLine = talib('RSI', { inReal: bars.close }, { optInTimePeriod: period }).outputs.outReal!;
        const tail = rsiLine.subarray(period);
        const theirs = talib(
          'STOCH',
          { high: tail, low: tail, close: tail },
          {
            optInFastK_Period: kPeriod,
            optInSlowK_Period: kSmoothing,
            optInSlowK_MAType: SMA,
            optInSlowD_Period: dPeriod,
            optInSlowD_MAType: SMA,
          },
        );
        const realign = (values: Float64Array) => {
          const full = new Float64Array(bars.close.length).fill(Number.NaN);
          full.set(values, period);
          return full;
        };
        const expected = stochasticRsiExpectation(
          rsiLine,
          options,
          realign(theirs.outputs.outSlowK!),
          realign(theirs.outputs.outSlowD!),
        );
        const ours = stochasticRsi(bars.close, options);
        const label = `stochrsi:${period},${kPeriod},${dPeriod},${kSmoothing} on ${name} (${expected.replaced} bars over flat RSI)`;
        expectMatchesTalib(ours.k, expected.k, `${label} %K`);
        expectMatchesTalib(ours.d, expected.d, `${label} %D`);
      }
    }
  });

  // Not signalPeriod 1: TA-Lib's EMA lookback rejects period 1 (returns −1), which shifts its MACD
  // begIndex by one bar and leaves outputs uncomputed; macd.test.ts covers that case.
  it('MACD (fast EMA seeded as TA-Lib aligns it) for several period triples', () => {
    for (const { name, bars } of datasets) {
      for (const [fastPeriod, slowPeriod, signalPeriod] of [
        [12, 26, 9],
        [5, 35, 5],
        [2, 3, 2],
        [8, 17, 9],
      ] as const) {
        const theirs = talib(
          'MACD',
          { inReal: bars.close },
          { optInFastPeriod: fastPeriod, optInSlowPeriod: slowPeriod, optInSignalPeriod: signalPeriod },
        );
        const ours = macd(bars.close, { fastPeriod, slowPeriod, signalPeriod });
        const label = `MACD(${fastPeriod},${slowPeriod},${signalPeriod}) on ${name}`;
        expectMatchesTalib(ours.macd, theirs.outputs.outMACD!, `${label} line`);
        expectMatchesTalib(ours.signal, theirs.outputs.outMACDSignal!, `${label} signal`);
        expectMatchesTalib(ours.histogram, theirs.outputs.outMACDHist!, `${label} histogram`);
      }
    }
  });

  it('PPO line equals TA-Lib PPO (MA type 1 for ema, 0 for sma) wherever both are defined', () => {
    for (const { name, bars } of datasets) {
      for (const [fastPeriod, slowPeriod, signalPeriod] of [
        [12, 26, 9],
        [3, 10, 1],
        [5, 35, 5],
      ] as const) {
        for (const average of ['ema', 'sma'] as const) {
          const options = { fastPeriod, slowPeriod, signalPeriod, average };
          const theirs = talib(
            'PPO',
            { inReal: bars.close },
            { optInFastPeriod: fastPeriod, optInSlowPeriod: slowPeriod, optInMAType: average === 'ema' ? EMA : SMA },
          );
          const label = `ppo:${fastPeriod},${slowPeriod},${signalPeriod},${average} on ${name}`;
          expect(theirs.begIndex, `${label}: TA-Lib's PPO starts at slow - 1`).toBe(slowPeriod - 1);
          expect(ppoLookback(options), `${label}: ours starts signalPeriod - 1 bars later, with the signal`).toBe(
            theirs.begIndex + signalPeriod - 1,
          );
          const ours = ppo(bars.close, options);
          expectMatchesTalib(ours.ppo, from(theirs.outputs.outReal!, ppoLookback(options)), `${label} line`);
        }
      }
    }
  });

  it('PPO signal and histogram equal TA-Lib EMA / SMA over TA-Lib PPO line', () => {
    for (const { name, bars } of datasets) {
      for (const [fastPeriod, slowPeriod, signalPeriod] of [
        [12, 26, 9],
        [5, 35, 5],
      ] as const) {
        for (const average of ['ema', 'sma'] as const) {
          const options = { fastPeriod, slowPeriod, signalPeriod, average };
          const line = talib(
            'PPO',
            { inReal: bars.close },
            { optInFastPeriod: fastPeriod, optInSlowPeriod: slowPeriod, optInMAType: average === 'ema' ? EMA : SMA },
          ).outputs.outReal!;
          const signal = talibOnTail(
            average === 'ema' ? 'EMA' : 'SMA',
            line,
            slowPeriod - 1,
            { optInTimePeriod: signalPeriod },
            'outReal',
          );
          const histogram = line.map((x, i) => x - signal[i]!);
          const ours = ppo(bars.close, options);
          const label = `ppo:${fastPeriod},${slowPeriod},${signalPeriod},${average} on ${name}`;
          expectMatchesTalib(ours.signal, signal, `${label} signal`);
          expectMatchesTalib(ours.histogram, histogram, `${label} histogram`);
        }
      }
    }
  });

  it('ROC and MOM for periods 1, 10, 20', () => {
    for (const { name, bars } of datasets) {
      for (const period of [1, 10, 20]) {
        const theirRoc = talib('ROC', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(roc(bars.close, { period }), theirRoc.outputs.outReal!, `ROC(${period}) on ${name}`);
        const theirMom = talib('MOM', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(momentum(bars.close, { period }), theirMom.outputs.outReal!, `MOM(${period}) on ${name}`);
      }
    }
  });

  it("CCI for periods 2, 14 (TA-Lib's default), 20 (ours) and 50", () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 14, 20, 50]) {
        const theirs = talib('CCI', { high: bars.high, low: bars.low, close: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(cci(bars, { period }), theirs.outputs.outReal!, `CCI(${period}) on ${name}`);
      }
    }
  });

  it('WILLR for periods 2, 14, 50', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 14, 50]) {
        const theirs = talib(
          'WILLR',
          { high: bars.high, low: bars.low, close: bars.close },
          { optInTimePeriod: period },
        );
        expectMatchesTalib(williamsR(bars, { period }), theirs.outputs.outReal!, `WILLR(${period}) on ${name}`);
      }
    }
  });

  it('MFI for periods 2, 14, 30, except where TA-Lib zeroes a total flow below 1', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 14, 30]) {
        const theirs = talib(
          'MFI',
          { high: bars.high, low: bars.low, close: bars.close, volume: bars.volume },
          { optInTimePeriod: period },
        ).outputs.outReal!;
        // Where the window's flows add up to more than 0 but less than 1, TA-Lib outputs 0 and ours
        // the actual ratio: there the expected value is the naive window ratio instead.
        const expected = theirs.slice();
        const typical = (i: number) => (bars.high[i]! + bars.low[i]! + bars.close[i]!) / 3;
        let replaced = 0;
        for (let i = period; i < bars.close.length; i++) {
          let up = 0;
          let down = 0;
          for (let j = i - period + 1; j <= i; j++) {
            const flow = typical(j) * bars.volume[j]!;
            if (typical(j) > typical(j - 1)) up += flow;
            else if (typical(j) < typical(j - 1)) down += flow;
          }
          if (up + down > 0 && up + down < 1) {
            expect(theirs[i], `TA-Lib's MFI(${period}) on ${name} at ${i}, flow ${up + down}`).toBe(0);
            expected[i] = (100 * up) / (up + down);
            replaced++;
          }
        }
        if (name.startsWith('LTC/BTC') && period === 2)
          expect(replaced, 'the low-volume pair has 2-bar windows with less than 1 BTC of flow').toBeGreaterThan(0);
        expectMatchesTalib(mfi(bars, { period }), expected, `MFI(${period}) on ${name} (${replaced} small-flow bars)`);
      }
    }
  });

  it('MFI departs from TA-Lib only where TA-Lib zeroes a total flow below 1: ours is unit-free', () => {
    const { bars } = datasets.find((d) => d.name.startsWith('LTC/BTC'))!;
    const tiny = { ...bars, volume: bars.volume.map((v) => v * 1e-9) };
    const theirs = talib(
      'MFI',
      { high: tiny.high, low: tiny.low, close: tiny.close, volume: tiny.volume },
      { optInTimePeriod: 14 },
    );
    const ours = mfi(tiny, { period: 14 });
    const zeroed = theirs.outputs.outReal!.filter((x) => x === 0).length;
    expect(zeroed, 'TA-Lib outputs 0 on (almost) every bar once volumes are in billionths').toBeGreaterThan(
      bars.close.length * 0.9,
    );
    expectMatchesTalib(
      ours,
      talib('MFI', { high: bars.high, low: bars.low, close: bars.close, volume: bars.volume }, { optInTimePeriod: 14 })
        .outputs.outReal!,
      'MFI with volumes scaled by 1e-9 equals TA-Lib on the original volumes',
    );
  });

  it('AROON up/down and AROONOSC for periods 2, 14, 25', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 14, 25]) {
        const theirs = talib('AROON', { high: bars.high, low: bars.low }, { optInTimePeriod: period });
        const oscillator = talib('AROONOSC', { high: bars.high, low: bars.low }, { optInTimePeriod: period });
        const ours = aroon(bars, { period });
        const label = `AROON(${period}) on ${name}`;
        expectMatchesTalib(ours.up, theirs.outputs.outAroonUp!, `${label} up`);
        expectMatchesTalib(ours.down, theirs.outputs.outAroonDown!, `${label} down`);
        expectMatchesTalib(ours.oscillator, oscillator.outputs.outReal!, `${label} oscillator`);
      }
    }
  });
});
