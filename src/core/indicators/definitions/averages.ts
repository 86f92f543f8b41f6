import { Beta, beta, betaLookback } from '../beta.ts';
import { Correlation, correlation, correlationLookback } from '../correlation.ts';
import { Dema, dema, demaLookback } from '../dema.ts';
import { Ema, ema, emaLookback } from '../ema.ts';
import { Hma, hma, hmaLookback } from '../hma.ts';
import { defineIndicator, type IndicatorDefinition, type IndicatorSource } from '../indicator.ts';
import { Kama, kama, kamaLookback } from '../kama.ts';
import { LinearRegression, linearRegression, linearRegressionLookback } from '../linear-regression.ts';
import { Rma, rma, rmaLookback } from '../rma.ts';
import { Sma, sma, smaLookback } from '../sma.ts';
import { StandardDeviation, standardDeviation, standardDeviationLookback } from '../standard-deviation.ts';
import { Tema, tema, temaLookback } from '../tema.ts';
import { Variance, variance, varianceLookback } from '../variance.ts';
import { Vwma, vwma, vwmaLookback } from '../vwma.ts';
import { Wma, wma, wmaLookback } from '../wma.ts';
import { ZScore, zScore, zScoreLookback } from '../z-score.ts';
import { integer, period } from './parameters.ts';
import { positionalOutputs } from './positional-outputs.ts';

const estimator = {
  name: 'estimator',
  kind: 'choice',
  default: 'population',
  choices: ['population', 'sample'],
  description: 'divide the squared deviations by period (population, TA-Lib) or period − 1 (sample)',
} as const;

type Estimator = 'population' | 'sample';

function referenceOf(source: IndicatorSource, indicator: string): Float64Array {
  if (source.reference === undefined) throw new RangeError(`${indicator}: needs a reference series (a benchmark)`);
  return source.reference;
}

/** Moving averages and rolling statistics of one value series (closes, in the registry). */
export const AVERAGE_INDICATORS: readonly IndicatorDefinition[] = [
  defineIndicator<{ period: number }>({
    name: 'sma',
    title: 'Simple moving average',
    description:
      'Mean of the last period closes, first value at bar period − 1 (TA-Lib SMA). Running sum re-summed exactly ' +
      'every max(period, 1024) bars, so it does not drift.',
    input: 'value',
    parameters: [period(20)],
    outputs: ['value'],
    lookback: (p) => smaLookback(p),
    batch: ({ bars }, p, out) => [sma(bars.close, p, out?.[0])],
    create: (p) => new Sma(p),
  }),
  defineIndicator<{ period: number; seed: 'sma' | 'first' }>({
    name: 'ema',
    title: 'Exponential moving average',
    description:
      'α = 2 / (period + 1). seed=sma (default, TA-Lib): first value = SMA of the first period closes, at bar period − 1. ' +
      'seed=first (TradingView, Tulip, pandas adjust=False): first value = first close, at bar 0.',
    input: 'value',
    parameters: [
      period(20),
      {
        name: 'seed',
        kind: 'choice',
        default: 'sma',
        choices: ['sma', 'first'],
        description: 'how the average starts',
      },
    ],
    outputs: ['value'],
    lookback: (p) => emaLookback(p),
    batch: ({ bars }, p, out) => [ema(bars.close, p, out?.[0])],
    create: (p) => new Ema(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'wma',
    title: 'Weighted moving average',
    description:
      'Linearly weighted mean of the last period closes, weight period for the newest down to 1 for the oldest ' +
      '(TA-Lib WMA, TradingView ta.wma); first value at bar period − 1.',
    input: 'value',
    parameters: [period(20)],
    outputs: ['value'],
    lookback: (p) => wmaLookback(p),
    batch: ({ bars }, p, out) => [wma(bars.close, p, out?.[0])],
    create: (p) => new Wma(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'dema',
    title: 'Double exponential moving average',
    description:
      '2·EMA − EMA(EMA), α = 2 / (period + 1), each EMA seeded with the SMA of its first period inputs (TA-Lib DEMA); ' +
      'first value at bar 2·(period − 1). TradingView seeds each EMA with its first input, so early values differ.',
    input: 'value',
    parameters: [period(20)],
    outputs: ['value'],
    lookback: (p) => demaLookback(p),
    batch: ({ bars }, p, out) => [dema(bars.close, p, out?.[0])],
    create: (p) => new Dema(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'tema',
    title: 'Triple exponential moving average',
    description:
      '3·EMA1 − 3·EMA2 + EMA3 (each the EMA of the previous), α = 2 / (period + 1), SMA-seeded as TA-Lib TEMA; first ' +
      'value at bar 3·(period − 1). TradingView seeds with first inputs, so early values differ.',
    input: 'value',
    parameters: [period(20)],
    outputs: ['value'],
    lookback: (p) => temaLookback(p),
    batch: ({ bars }, p, out) => [tema(bars.close, p, out?.[0])],
    create: (p) => new Tema(p),
  }),
  defineIndicator<{ period: number; rounding: 'floor' | 'round' }>({
    name: 'hma',
    title: 'Hull moving average',
    description:
      'WMA(2·WMA(close, ⌊period/2⌋) − WMA(close, period), s), s = √period rounded down (rounding=floor, default: ' +
      "TradingView's built-in Hull MA, Tulip, pandas-ta) or to nearest (rounding=round, TradeStation jtHMA). First value at bar " +
      '(period − 1) + (s − 1). Not in TA-Lib.',
    input: 'value',
    parameters: [
      period(20, 'bars in the slow WMA', 2),
      {
        name: 'rounding',
        kind: 'choice',
        default: 'floor',
        choices: ['floor', 'round'],
        description: 'how √period becomes the final WMA length',
      },
    ],
    outputs: ['value'],
    lookback: (p) => hmaLookback(p),
    batch: ({ bars }, p, out) => [hma(bars.close, p, out?.[0])],
    create: (p) => new Hma(p),
  }),
  defineIndicator<{ period: number; fast: number; slow: number }>({
    name: 'kama',
    title: 'Kaufman adaptive moving average',
    description:
      'ER = |net change| / Σ|bar changes| over period changes; sc = (ER·(2/(fast+1) − 2/(slow+1)) + 2/(slow+1))²; ' +
      'KAMA += sc·(close − KAMA), starting from the previous close at bar period (TA-Lib KAMA, fast 2, slow 30). ' +
      'A flat window (no movement) has ER = 1 as in TA-Lib.',
    input: 'value',
    parameters: [
      period(10, 'price changes in the efficiency ratio'),
      integer('fast', 2, 'period of the fastest smoothing'),
      integer('slow', 30, 'period of the slowest smoothing'),
    ],
    outputs: ['value'],
    lookback: (p) => kamaLookback(p),
    batch: ({ bars }, p, out) => [kama(bars.close, p, out?.[0])],
    create: (p) => new Kama(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'vwma',
    title: 'Volume-weighted moving average',
    description:
      'Σ(close·volume) / Σvolume over the last period bars (TradingView ta.vwma; not in TA-Lib); first value at bar ' +
      'period − 1. A window with zero total volume gives the SMA of the closes (TradingView gives na).',
    input: 'bar',
    parameters: [period(20)],
    outputs: ['value'],
    lookback: (p) => vwmaLookback(p),
    batch: ({ bars }, p, out) => [vwma(bars, p, out?.[0])],
    create: (p) => new Vwma(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'rma',
    aliases: ['smma', 'wilder'],
    title: "Wilder's moving average",
    description:
      "Wilder's smoothing, α = 1 / period, seeded with the SMA of the first period closes at bar period − 1: the " +
      'smoothing inside TA-Lib RSI/ATR/ADX, TradingView ta.rma.',
    input: 'value',
    parameters: [period(14)],
    outputs: ['value'],
    lookback: (p) => rmaLookback(p),
    batch: ({ bars }, p, out) => [rma(bars.close, p, out?.[0])],
    create: (p) => new Rma(p),
  }),
  defineIndicator<{ period: number; estimator: Estimator }>({
    name: 'stddev',
    title: 'Standard deviation',
    description:
      'Rolling standard deviation of the last period closes, population (default, TA-Lib STDDEV with nbdev 1) or ' +
      'sample. Exact to rounding at any price level (TA-Lib loses digits near 40,000); constant closes give 0. ' +
      'TA-Lib also returns 0 for any variance below 1e-14; this one does not.',
    input: 'value',
    parameters: [period(20, 'closes in the window', 2), estimator],
    outputs: ['value'],
    lookback: (p) => standardDeviationLookback(p),
    batch: ({ bars }, p, out) => [standardDeviation(bars.close, p, out?.[0])],
    create: (p) => new StandardDeviation(p),
  }),
  defineIndicator<{ period: number; estimator: Estimator }>({
    name: 'var',
    title: 'Variance',
    description:
      'Rolling variance of the last period closes, population (default, TA-Lib VAR) or sample. Exact to rounding at ' +
      'any price level, where TA-Lib computes E[x²] − E[x]² and loses digits; constant closes give exactly 0.',
    input: 'value',
    parameters: [period(20, 'closes in the window', 2), estimator],
    outputs: ['value'],
    lookback: (p) => varianceLookback(p),
    batch: ({ bars }, p, out) => [variance(bars.close, p, out?.[0])],
    create: (p) => new Variance(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'zscore',
    title: 'Z-score',
    description:
      '(close − mean) / population σ over the last period closes, the current one included (TradingView ' +
      '(x − sma) / stdev; not in TA-Lib). Constant closes (σ = 0) give 0; values are clamped to ±√(period − 1).',
    input: 'value',
    parameters: [period(20, 'closes in the window', 2)],
    outputs: ['value'],
    lookback: (p) => zScoreLookback(p),
    batch: ({ bars }, p, out) => [zScore(bars.close, p, out?.[0])],
    create: (p) => new ZScore(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'linreg',
    title: 'Linear regression',
    description:
      'Least-squares line through the last period closes: value = the line at the current bar (TA-Lib LINEARREG, ' +
      'TradingView ta.linreg offset 0), slope = its change per bar (TA-Lib LINEARREG_SLOPE). First values at bar ' +
      'period − 1.',
    input: 'value',
    parameters: [period(14, 'closes the line is fitted to', 2)],
    outputs: ['value', 'slope'],
    lookback: (p) => linearRegressionLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['value', 'slope'], out, (o) => linearRegression(bars.close, p, o)),
    create: (p) => new LinearRegression(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'correl',
    title: 'Correlation',
    description:
      'Pearson correlation of closes with the reference series over the last period bars (TA-Lib CORREL); 0 when ' +
      'either is constant over the window. Scale-invariant: TA-Lib returns 0 when the product of the two sums of ' +
      'squared deviations is below 1e-14, which hides the correlation of low-priced series.',
    input: 'pair',
    parameters: [period(30, 'bars in the window', 2)],
    outputs: ['value'],
    lookback: (p) => correlationLookback(p),
    batch: (source, p, out) => [correlation(source.bars.close, referenceOf(source, 'correl'), p, out?.[0])],
    create: (p) => new Correlation(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'beta',
    title: 'Beta',
    description:
      "Slope of the closes' per-bar change ratios regressed on the reference's over the last period changes: " +
      'cov / var of the reference (TA-Lib BETA with the reference as inReal0); first value at bar period. 0 when ' +
      'the reference did not move (n·Σ squared deviations < 1e-14, as TA-Lib); a zero previous price counts as no change.',
    input: 'pair',
    parameters: [period(5, 'price changes in the window')],
    outputs: ['value'],
    lookback: (p) => betaLookback(p),
    batch: (source, p, out) => [beta(source.bars.close, referenceOf(source, 'beta'), p, out?.[0])],
    create: (p) => new Beta(p),
  }),
];
