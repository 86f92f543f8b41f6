/**
 * The three measured forms of each benchmarked indicator, bound to their preallocated buffers:
 * the hand loop (the limit), our batch function with reused output buffers, and our streaming
 * class driven over the column by one instance.
 *
 * Each streaming driver is its own function so that its `update` call site only ever sees one
 * class (monomorphic, as in a strategy holding one indicator); a shared generic driver would
 * measure V8's polymorphic dispatch instead of the indicator. Every step reads the outputs into a
 * sink the driver returns, so the work cannot be dropped as dead code.
 *
 * The streaming instance (and ATR's bar object) is created once per case and `reset()` before
 * each run, as a strategy holds its indicators for the whole session. (A fresh instance per run,
 * created right after the full GC that precedes each timed run, measured 40 % slower for EMA: a
 * start-up effect no strategy sees.)
 */
import { Atr, atr } from '../../src/core/indicators/atr.ts';
import { BollingerBands, bollingerBands } from '../../src/core/indicators/bollinger-bands.ts';
import { Ema, ema } from '../../src/core/indicators/ema.ts';
import { Macd, macd } from '../../src/core/indicators/macd.ts';
import { Rsi, rsi } from '../../src/core/indicators/rsi.ts';
import { Sma, sma } from '../../src/core/indicators/sma.ts';
import { atrLoop, bollingerLoop, emaLoop, macdLoop, rsiLoop, smaLoop } from './hand-loops.ts';
import { BENCH_PARAMETERS, INDICATOR_LABELS, type IndicatorInput, type IndicatorKey } from './parameters.ts';

/** One benchmarked indicator in its three forms. */
export interface IndicatorCase {
  readonly key: IndicatorKey;
  readonly label: string;
  /** Output names, in the order of the buffers below. */
  readonly outputNames: readonly string[];
  /** Index of the output compared with the peers' main output (MACD line, upper band, …). */
  readonly mainOutput: number;
  /** Index of the first defined output (TA-Lib's lookback) for the benchmark's parameters. */
  readonly lookback: number;
  readonly limitOutputs: readonly Float64Array[];
  readonly batchOutputs: readonly Float64Array[];
  /** The streaming instance's outputs after the last `stream` call, in `outputNames` order. */
  readonly streamed: Float64Array;
  /** The hand loop over the whole input, into `limitOutputs`. */
  limit(input: IndicatorInput): void;
  /** Our batch function over the whole input, into `batchOutputs`. */
  batch(input: IndicatorInput): void;
  /** The case's streaming instance, reset, then updated once per bar; returns the sink of every output read. */
  stream(input: IndicatorInput): number;
}

const P = BENCH_PARAMETERS;

function streamSma(indicator: Sma, values: Float64Array, last: Float64Array): number {
  indicator.reset();
  let sink = 0;
  for (let i = 0; i < values.length; i++) {
    indicator.update(values[i]);
    sink += indicator.value;
  }
  last[0] = indicator.value;
  return sink;
}

function streamEma(indicator: Ema, values: Float64Array, last: Float64Array): number {
  indicator.reset();
  let sink = 0;
  for (let i = 0; i < values.length; i++) {
    indicator.update(values[i]);
    sink += indicator.value;
  }
  last[0] = indicator.value;
  return sink;
}

function streamRsi(indicator: Rsi, values: Float64Array, last: Float64Array): number {
  indicator.reset();
  let sink = 0;
  for (let i = 0; i < values.length; i++) {
    indicator.update(values[i]);
    sink += indicator.value;
  }
  last[0] = indicator.value;
  return sink;
}

function streamMacd(indicator: Macd, values: Float64Array, last: Float64Array): number {
  indicator.reset();
  let sink = 0;
  for (let i = 0; i < values.length; i++) {
    indicator.update(values[i]);
    sink += indicator.macd + indicator.signal + indicator.histogram;
  }
  last[0] = indicator.macd;
  last[1] = indicator.signal;
  last[2] = indicator.histogram;
  return sink;
}

function streamBollinger(indicator: BollingerBands, values: Float64Array, last: Float64Array): number {
  indicator.reset();
  let sink = 0;
  for (let i = 0; i < values.length; i++) {
    indicator.update(values[i]);
    sink += indicator.middle + indicator.upper + indicator.lower + indicator.percentB + indicator.bandwidth;
  }
  last[0] = indicator.middle;
  last[1] = indicator.upper;
  last[2] = indicator.lower;
  last[3] = indicator.percentB;
  last[4] = indicator.bandwidth;
  return sink;
}

/**
 * The bar ATR's `update` reads, refilled from the columns at every step: a class instance like the
 * engine's reused BarView (src/core/kernel/backtest-engine.ts). An object literal of the same shape
 * measured at less than half the speed on Node 20, so the benchmark uses what strategies receive.
 */
class ReusedBar {
  timestamp = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
}

function streamAtr(indicator: Atr, bar: ReusedBar, input: IndicatorInput, last: Float64Array): number {
  indicator.reset();
  const { high, low, close } = input;
  let sink = 0;
  for (let i = 0; i < close.length; i++) {
    bar.high = high[i];
    bar.low = low[i];
    bar.close = close[i];
    indicator.update(bar);
    sink += indicator.value;
  }
  last[0] = indicator.value;
  return sink;
}

const buffers = (count: number, length: number): Float64Array[] =>
  Array.from({ length: count }, () => new Float64Array(length));

/** The six cases, each with buffers for `length` bars (inputs may be shorter: the warm-up runs on prefixes). */
export function createCases(length: number): IndicatorCase[] {
  const single = (key: 'sma' | 'ema' | 'rsi' | 'atr', lookback: number) => ({
    key,
    label: INDICATOR_LABELS[key],
    outputNames: ['value'],
    mainOutput: 0,
    lookback,
    limitOutputs: buffers(1, length),
    batchOutputs: buffers(1, length),
    streamed: new Float64Array(1),
  });

  const streaming = {
    sma: new Sma(P.sma),
    ema: new Ema(P.ema),
    rsi: new Rsi(P.rsi),
    macd: new Macd(P.macd),
    bbands: new BollingerBands(P.bbands),
    atr: new Atr(P.atr),
  };
  const bar = new ReusedBar();
  const smaCase = single('sma', P.sma.period - 1);
  const emaCase = single('ema', P.ema.period - 1);
  const rsiCase = single('rsi', P.rsi.period);
  const atrCase = single('atr', P.atr.period);

  const [macdLine, macdSignal, macdHistogram] = buffers(3, length);
  const macdLimit = { macd: macdLine, signal: macdSignal, histogram: macdHistogram };
  const [ourLine, ourSignal, ourHistogram] = buffers(3, length);
  const macdOut = { macd: ourLine, signal: ourSignal, histogram: ourHistogram };

  const bandNames = ['middle', 'upper', 'lower', 'percentB', 'bandwidth'] as const;
  const bandsLimitBuffers = buffers(5, length);
  const bandsBatchBuffers = buffers(5, length);
  const bands = (b: Float64Array[]) => ({ middle: b[0], upper: b[1], lower: b[2], percentB: b[3], bandwidth: b[4] });
  const bandsLimit = bands(bandsLimitBuffers);
  const bandsOut = bands(bandsBatchBuffers);
  const macdStreamed = new Float64Array(3);
  const bandsStreamed = new Float64Array(5);

  return [
    {
      ...smaCase,
      limit: (x) => smaLoop(x.close, P.sma.period, smaCase.limitOutputs[0]),
      batch: (x) => sma(x.close, P.sma, smaCase.batchOutputs[0]),
      stream: (x) => streamSma(streaming.sma, x.close, smaCase.streamed),
    },
    {
      ...emaCase,
      limit: (x) => emaLoop(x.close, P.ema.period, emaCase.limitOutputs[0]),
      batch: (x) => ema(x.close, P.ema, emaCase.batchOutputs[0]),
      stream: (x) => streamEma(streaming.ema, x.close, emaCase.streamed),
    },
    {
      ...rsiCase,
      limit: (x) => rsiLoop(x.close, P.rsi.period, rsiCase.limitOutputs[0]),
      batch: (x) => rsi(x.close, P.rsi, rsiCase.batchOutputs[0]),
      stream: (x) => streamRsi(streaming.rsi, x.close, rsiCase.streamed),
    },
    {
      key: 'macd',
      label: INDICATOR_LABELS.macd,
      outputNames: ['macd', 'signal', 'histogram'],
      mainOutput: 0,
      lookback: P.macd.slowPeriod - 1 + P.macd.signalPeriod - 1,
      limitOutputs: [macdLine, macdSignal, macdHistogram],
      batchOutputs: [ourLine, ourSignal, ourHistogram],
      streamed: macdStreamed,
      limit: (x) => macdLoop(x.close, P.macd.fastPeriod, P.macd.slowPeriod, P.macd.signalPeriod, macdLimit),
      batch: (x) => macd(x.close, P.macd, macdOut),
      stream: (x) => streamMacd(streaming.macd, x.close, macdStreamed),
    },
    {
      key: 'bbands',
      label: INDICATOR_LABELS.bbands,
      outputNames: bandNames,
      mainOutput: 1,
      lookback: P.bbands.period - 1,
      limitOutputs: bandsLimitBuffers,
      batchOutputs: bandsBatchBuffers,
      streamed: bandsStreamed,
      limit: (x) => bollingerLoop(x.close, P.bbands.period, P.bbands.multiplier, bandsLimit),
      batch: (x) => bollingerBands(x.close, P.bbands, bandsOut),
      stream: (x) => streamBollinger(streaming.bbands, x.close, bandsStreamed),
    },
    {
      ...atrCase,
      limit: (x) => atrLoop(x.high, x.low, x.close, P.atr.period, atrCase.limitOutputs[0]),
      batch: (x) => atr(x, P.atr, atrCase.batchOutputs[0]),
      stream: (x) => streamAtr(streaming.atr, bar, x, atrCase.streamed),
    },
  ];
}
