/**
 * The npm peers of the indicator benchmark, called through their documented APIs on the same
 * bars: technicalindicators 3, trading-signals 8, indicatorts 2 and @ixjb94/indicators 1 (all
 * devDependencies).
 *
 * Each peer gets its inputs as plain `number[]` (the type all four document), built once outside
 * the timed region. Where a library offers both a batch function and a streaming class, both are
 * candidates and the benchmark times the faster one (a short probe decides). trading-signals 8
 * has only streaming classes (its `updates()` is `add()` mapped over the array), indicatorts
 * only batch functions, @ixjb94/indicators' fastest API is the synchronous `IndicatorsSync`
 * (its `Indicators` class and extracted functions wrap the same loops in promises).
 *
 * Every candidate returns the last value of the indicator's main output (MACD line, upper band,
 * …) so that the report can show how far each peer's convention is from ours.
 */
import { IndicatorsSync } from '@ixjb94/indicators';
import * as indicatorts from 'indicatorts';
import * as technicalindicators from 'technicalindicators';
import * as tradingSignals from 'trading-signals';
import { BENCH_PARAMETERS, type IndicatorKey } from './parameters.ts';

/** The peer libraries, in report order. */
export const PEER_LIBRARIES = ['technicalindicators', 'trading-signals', 'indicatorts', '@ixjb94/indicators'] as const;
export type PeerLibrary = (typeof PEER_LIBRARIES)[number];

/** A peer's input columns as plain arrays. */
export interface PeerInput {
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
}

/** One way of computing one indicator with one library. */
export interface PeerCandidate {
  readonly library: PeerLibrary;
  readonly form: 'batch' | 'streaming';
  /** The call, as a user would write it. */
  readonly api: string;
  /** How the library's result differs from ours by construction (conventions, missing outputs). */
  readonly note?: string;
  /** Computes the indicator over the whole input; returns the last value of the main output. */
  run(input: PeerInput): number;
}

/**
 * Holds the last streaming instance a peer run created, so that it escapes the run as a real
 * user's long-lived instance does (V8 could otherwise keep a non-escaping instance's fields in
 * registers); ours are long-lived instances too (cases.ts).
 */
const held: { instance: unknown } = { instance: undefined };
function hold<T>(instance: T): T {
  held.instance = instance;
  return instance;
}

const lastOf = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : values[values.length - 1]);
const { sma, ema, rsi, macd, bbands, atr } = BENCH_PARAMETERS;

/** technicalindicators: `X.calculate(input)` (batch) and `new X(input).nextValue()` (streaming), generator-based. */
function technicalIndicatorsCandidates(key: IndicatorKey): PeerCandidate[] {
  const library = 'technicalindicators';
  const ti = technicalindicators;
  const macdInput = (values: number[]) => ({
    values,
    fastPeriod: macd.fastPeriod,
    slowPeriod: macd.slowPeriod,
    signalPeriod: macd.signalPeriod,
    SimpleMAOscillator: false,
    SimpleMASignal: false,
  });
  const streamValues = (indicator: { nextValue(x: number): unknown }, values: number[]): unknown => {
    hold(indicator);
    let result: unknown;
    for (let i = 0; i < values.length; i++) result = indicator.nextValue(values[i]);
    return result;
  };
  switch (key) {
    case 'sma':
      return [
        {
          library,
          form: 'batch',
          api: 'SMA.calculate',
          run: (x) => lastOf(ti.SMA.calculate({ period: sma.period, values: x.close })),
        },
        {
          library,
          form: 'streaming',
          api: 'SMA#nextValue',
          run: (x) => streamValues(new ti.SMA({ period: sma.period, values: [] }), x.close) as number,
        },
      ];
    case 'ema':
      return [
        {
          library,
          form: 'batch',
          api: 'EMA.calculate',
          run: (x) => lastOf(ti.EMA.calculate({ period: ema.period, values: x.close })),
        },
        {
          library,
          form: 'streaming',
          api: 'EMA#nextValue',
          run: (x) => streamValues(new ti.EMA({ period: ema.period, values: [] }), x.close) as number,
        },
      ];
    case 'rsi': {
      const note = 'rounds RSI to 2 decimals';
      return [
        {
          library,
          form: 'batch',
          api: 'RSI.calculate',
          note,
          run: (x) => lastOf(ti.RSI.calculate({ period: rsi.period, values: x.close })),
        },
        {
          library,
          form: 'streaming',
          api: 'RSI#nextValue',
          note,
          run: (x) => streamValues(new ti.RSI({ period: rsi.period, values: [] }), x.close) as number,
        },
      ];
    }
    case 'macd':
      return [
        {
          library,
          form: 'batch',
          api: 'MACD.calculate',
          run: (x) => {
            const out = ti.MACD.calculate(macdInput(x.close));
            return out.length === 0 ? Number.NaN : (out[out.length - 1].MACD ?? Number.NaN);
          },
        },
        {
          library,
          form: 'streaming',
          api: 'MACD#nextValue',
          run: (x) => {
            const last = streamValues(new ti.MACD(macdInput([])), x.close) as { MACD?: number } | undefined;
            return last?.MACD ?? Number.NaN;
          },
        },
      ];
    case 'bbands': {
      const note = 'no bandwidth output';
      const input = (values: number[]) => ({ period: bbands.period, stdDev: bbands.multiplier, values });
      return [
        {
          library,
          form: 'batch',
          api: 'BollingerBands.calculate',
          note,
          run: (x) => {
            const out = ti.BollingerBands.calculate(input(x.close));
            return out.length === 0 ? Number.NaN : out[out.length - 1].upper;
          },
        },
        {
          library,
          form: 'streaming',
          api: 'BollingerBands#nextValue',
          note,
          run: (x) => {
            const last = streamValues(new ti.BollingerBands(input([])), x.close) as { upper: number } | undefined;
            return last?.upper ?? Number.NaN;
          },
        },
      ];
    }
    case 'atr':
      return [
        {
          library,
          form: 'batch',
          api: 'ATR.calculate',
          run: (x) => lastOf(ti.ATR.calculate({ period: atr.period, high: x.high, low: x.low, close: x.close })),
        },
        {
          library,
          form: 'streaming',
          api: 'ATR#nextValue',
          run: (x) => {
            const indicator = hold(new ti.ATR({ period: atr.period, high: [], low: [], close: [] }));
            let last: number | undefined;
            const { high, low, close } = x;
            for (let i = 0; i < close.length; i++)
              last = indicator.nextValue({ high: high[i], low: low[i], close: close[i] });
            return last ?? Number.NaN;
          },
        },
      ];
  }
}

/** trading-signals: streaming classes only, `add()` per value (the result read on every call). */
function tradingSignalsCandidates(key: IndicatorKey): PeerCandidate[] {
  const library = 'trading-signals';
  const ts = tradingSignals;
  const stream = <R>(indicator: { add(x: number): R | null }, values: number[]): R | null => {
    hold(indicator);
    let result: R | null = null;
    for (let i = 0; i < values.length; i++) result = indicator.add(values[i]);
    return result;
  };
  switch (key) {
    case 'sma':
      return [
        {
          library,
          form: 'streaming',
          api: 'SMA#add',
          run: (x) => stream(new ts.SMA(sma.period), x.close) ?? Number.NaN,
        },
      ];
    case 'ema':
      return [
        {
          library,
          form: 'streaming',
          api: 'EMA#add',
          note: 'seeded with the first value',
          run: (x) => stream(new ts.EMA(ema.period), x.close) ?? Number.NaN,
        },
      ];
    case 'rsi':
      return [
        {
          library,
          form: 'streaming',
          api: 'RSI#add',
          run: (x) => stream(new ts.RSI(rsi.period), x.close) ?? Number.NaN,
        },
      ];
    case 'macd':
      return [
        {
          library,
          form: 'streaming',
          api: 'MACD#add',
          note: 'EMAs seeded with the first value',
          run: (x) => {
            const indicator = new ts.MACD(
              new ts.EMA(macd.fastPeriod),
              new ts.EMA(macd.slowPeriod),
              new ts.EMA(macd.signalPeriod),
            );
            return stream(indicator, x.close)?.macd ?? Number.NaN;
          },
        },
      ];
    case 'bbands':
      return [
        {
          library,
          form: 'streaming',
          api: 'BollingerBands#add',
          note: 'no %B, no bandwidth',
          run: (x) => stream(new ts.BollingerBands(bbands.period, bbands.multiplier), x.close)?.upper ?? Number.NaN,
        },
      ];
    case 'atr':
      return [
        {
          library,
          form: 'streaming',
          api: 'ATR#add',
          run: (x) => {
            const indicator = hold(new ts.ATR(atr.period));
            let last: number | null = null;
            const { high, low, close } = x;
            for (let i = 0; i < close.length; i++)
              last = indicator.add({ high: high[i], low: low[i], close: close[i] });
            return last ?? Number.NaN;
          },
        },
      ];
  }
}

/** indicatorts: batch functions over arrays, built from array-at-a-time helpers. */
function indicatortsCandidates(key: IndicatorKey): PeerCandidate[] {
  const library = 'indicatorts';
  const it = indicatorts;
  switch (key) {
    case 'sma':
      return [{ library, form: 'batch', api: 'sma', run: (x) => lastOf(it.sma(x.close, { period: sma.period })) }];
    case 'ema':
      return [
        {
          library,
          form: 'batch',
          api: 'ema',
          note: 'seeded with the first value',
          run: (x) => lastOf(it.ema(x.close, { period: ema.period })),
        },
      ];
    case 'rsi':
      return [{ library, form: 'batch', api: 'rsi', run: (x) => lastOf(it.rsi(x.close, { period: rsi.period })) }];
    case 'macd':
      return [
        {
          library,
          form: 'batch',
          api: 'macd',
          note: 'no histogram; EMAs seeded with the first value',
          run: (x) =>
            lastOf(
              it.macd(x.close, { fast: macd.fastPeriod, slow: macd.slowPeriod, signal: macd.signalPeriod }).macdLine,
            ),
        },
      ];
    case 'bbands':
      return [
        {
          library,
          form: 'batch',
          api: 'bollingerBands',
          note: 'multiplier fixed at 2; no %B, no bandwidth',
          run: (x) => lastOf(it.bollingerBands(x.close, { period: bbands.period }).upper),
        },
      ];
    case 'atr':
      return [
        {
          library,
          form: 'batch',
          api: 'atr',
          note: 'SMA of the true range, not Wilder',
          run: (x) => lastOf(it.atr(x.high, x.low, x.close, { period: atr.period }).atrLine),
        },
      ];
  }
}

/** @ixjb94/indicators: `IndicatorsSync` methods, Tulip-style loops pushing into arrays. */
function ixjb94Candidates(key: IndicatorKey): PeerCandidate[] {
  const library = '@ixjb94/indicators';
  const ta = new IndicatorsSync();
  switch (key) {
    case 'sma':
      return [{ library, form: 'batch', api: 'IndicatorsSync#sma', run: (x) => lastOf(ta.sma(x.close, sma.period)) }];
    case 'ema':
      return [
        {
          library,
          form: 'batch',
          api: 'IndicatorsSync#ema',
          note: 'seeded with the first value',
          run: (x) => lastOf(ta.ema(x.close, ema.period)),
        },
      ];
    case 'rsi':
      return [{ library, form: 'batch', api: 'IndicatorsSync#rsi', run: (x) => lastOf(ta.rsi(x.close, rsi.period)) }];
    case 'macd':
      return [
        {
          library,
          form: 'batch',
          api: 'IndicatorsSync#macd',
          note: 'EMAs seeded with the first value',
          run: (x) => lastOf(ta.macd(x.close, macd.fastPeriod, macd.slowPeriod, macd.signalPeriod)[0]),
        },
      ];
    case 'bbands':
      return [
        {
          library,
          form: 'batch',
          api: 'IndicatorsSync#bbands',
          note: 'no %B, no bandwidth; running sums never re-summed',
          run: (x) => lastOf(ta.bbands(x.close, bbands.period, bbands.multiplier)[2]),
        },
      ];
    case 'atr':
      return [
        {
          library,
          form: 'batch',
          api: 'IndicatorsSync#atr',
          run: (x) => lastOf(ta.atr(x.high, x.low, x.close, atr.period)),
        },
      ];
  }
}

/** Every peer candidate for one indicator, grouped by library in PEER_LIBRARIES order. */
export function peerCandidates(key: IndicatorKey): Readonly<Record<PeerLibrary, readonly PeerCandidate[]>> {
  return {
    technicalindicators: technicalIndicatorsCandidates(key),
    'trading-signals': tradingSignalsCandidates(key),
    indicatorts: indicatortsCandidates(key),
    '@ixjb94/indicators': ixjb94Candidates(key),
  };
}

/** Plain-array copies of the first `length` bars (built outside any timed region). */
export function peerInput(
  columns: { high: Float64Array; low: Float64Array; close: Float64Array },
  length: number,
): PeerInput {
  return {
    high: Array.from(columns.high.subarray(0, length)),
    low: Array.from(columns.low.subarray(0, length)),
    close: Array.from(columns.close.subarray(0, length)),
  };
}
