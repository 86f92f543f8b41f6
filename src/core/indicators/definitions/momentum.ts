import { Aroon, aroon, aroonLookback } from '../aroon.ts';
import { Cci, cci, cciLookback } from '../cci.ts';
import { defineIndicator, type IndicatorDefinition } from '../indicator.ts';
import { Macd, macd, macdLookback } from '../macd.ts';
import { Mfi, mfi, mfiLookback } from '../mfi.ts';
import { Momentum, momentum, momentumLookback } from '../momentum.ts';
import { Ppo, ppo, ppoLookback } from '../ppo.ts';
import { Roc, roc, rocLookback } from '../roc.ts';
import { Rsi, rsi, rsiLookback } from '../rsi.ts';
import { Stochastic, stochastic, stochasticLookback } from '../stochastic.ts';
import { StochasticRsi, stochasticRsi, stochasticRsiLookback } from '../stochastic-rsi.ts';
import { WilliamsR, williamsR, williamsRLookback } from '../williams-r.ts';
import { integer, period } from './parameters.ts';
import { positionalOutputs } from './positional-outputs.ts';

/** Momentum oscillators: RSI, stochastics, MACD, PPO, ROC, MOM, CCI, Williams %R, MFI, Aroon. */
export const MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [
  defineIndicator<{ period: number }>({
    name: 'rsi',
    title: 'Relative strength index',
    description:
      "Wilder's RSI, 0-100, as TA-Lib: averages seeded with the simple mean of the first period changes (first value at " +
      'bar period), then Wilder smoothing. avgGain + avgLoss below 1e-14 (flat prices) gives 0 as in TA-Lib ' +
      '(TradingView shows 100 for a flat start); the epsilon is absolute, so rescale prices below about 1e-8.',
    input: 'value',
    parameters: [period(14, 'bars in the Wilder averages of gains and losses', 2)],
    outputs: ['value'],
    lookback: (p) => rsiLookback(p),
    batch: ({ bars }, p, out) => [rsi(bars.close, p, out?.[0])],
    create: (p) => new Rsi(p),
  }),
  defineIndicator<{ kPeriod: number; kSmoothing: number; dPeriod: number }>({
    name: 'stoch',
    title: 'Stochastic oscillator (slow)',
    description:
      'TA-Lib STOCH with simple averages: raw %K = 100 (close - lowest low) / (highest high - lowest low) over kPeriod ' +
      'bars, k = SMA(raw %K, kSmoothing), d = SMA(k, dPeriod). A zero range gives a raw %K of 0 (TA-Lib; TradingView: ' +
      'na), and so does a range within 1e-12 of the prices, which is rounding noise. ' +
      'TradingView\'s "Stoch" 14,1,3 is stoch:14,1,3 (= stochf:14,3).',
    input: 'bar',
    parameters: [
      integer('kPeriod', 5, 'bars in the highest-high / lowest-low window'),
      integer('kSmoothing', 3, 'bars in the SMA smoothing the raw %K'),
      integer('dPeriod', 3, 'bars in the SMA of %K giving %D'),
    ],
    outputs: ['k', 'd'],
    lookback: (p) => stochasticLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['k', 'd'], out, (o) => stochastic(bars, p, o)),
    create: (p) => new Stochastic(p),
  }),
  defineIndicator<{ kPeriod: number; dPeriod: number }>({
    name: 'stochf',
    title: 'Stochastic oscillator (fast)',
    description:
      'TA-Lib STOCHF: k = raw %K = 100 (close - lowest low) / (highest high - lowest low) over kPeriod bars, ' +
      'd = SMA(k, dPeriod); the slow stochastic with kSmoothing 1. A zero range gives a %K of 0 (TA-Lib).',
    input: 'bar',
    parameters: [
      integer('kPeriod', 5, 'bars in the highest-high / lowest-low window'),
      integer('dPeriod', 3, 'bars in the SMA of %K giving %D'),
    ],
    outputs: ['k', 'd'],
    lookback: (p) => stochasticLookback({ ...p, kSmoothing: 1 }),
    batch: ({ bars }, p, out) =>
      positionalOutputs(['k', 'd'], out, (o) => stochastic(bars, { ...p, kSmoothing: 1 }, o)),
    create: (p) => new Stochastic({ ...p, kSmoothing: 1 }),
  }),
  defineIndicator<{ period: number; kPeriod: number; dPeriod: number; kSmoothing: number }>({
    name: 'stochrsi',
    title: 'Stochastic RSI',
    description:
      'Stochastic of the RSI (RSI as high, low and close), 0-100: TA-Lib STOCHRSI (fastK, fastD with an SMA) when ' +
      'kSmoothing = 1; kSmoothing > 1 smooths %K with an SMA first. TradingView\'s "Stoch RSI" (RSI 14, stochastic 14, ' +
      'K 3, D 3) is stochrsi:14,14,3,3. A flat RSI window gives a raw %K of 0, also when prices were flat for kPeriod ' +
      'bars and the RSIs differ only by rounding (TA-Lib divides that noise and reads anything from 0 to 100).',
    input: 'value',
    parameters: [
      period(14, 'bars in the RSI', 2),
      integer('kPeriod', 5, 'RSI values in the highest / lowest window'),
      integer('dPeriod', 3, 'bars in the SMA of %K giving %D'),
      integer('kSmoothing', 1, 'bars in the SMA smoothing the raw %K (1: none, as TA-Lib)'),
    ],
    outputs: ['k', 'd'],
    lookback: (p) => stochasticRsiLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['k', 'd'], out, (o) => stochasticRsi(bars.close, p, o)),
    create: (p) => new StochasticRsi(p),
  }),
  defineIndicator<{ fastPeriod: number; slowPeriod: number; signalPeriod: number }>({
    name: 'macd',
    title: 'Moving average convergence/divergence',
    description:
      'TA-Lib MACD: fast EMA - slow EMA, both SMA-seeded with windows ending at bar slowPeriod - 1, signal = SMA-seeded ' +
      'EMA of the line, histogram = line - signal; all outputs start at (slow - 1) + (signal - 1). TradingView seeds ' +
      'its EMAs with the first close, so early values differ (they converge). fastPeriod must be below slowPeriod ' +
      '(TA-Lib swaps them).',
    input: 'value',
    parameters: [
      integer('fastPeriod', 12, 'bars in the fast EMA'),
      integer('slowPeriod', 26, 'bars in the slow EMA (more than fastPeriod)', 2),
      integer('signalPeriod', 9, 'bars in the signal EMA of the MACD line'),
    ],
    outputs: ['macd', 'signal', 'histogram'],
    lookback: (p) => macdLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['macd', 'signal', 'histogram'], out, (o) => macd(bars.close, p, o)),
    create: (p) => new Macd(p),
  }),
  defineIndicator<{ fastPeriod: number; slowPeriod: number; signalPeriod: number; average: 'ema' | 'sma' }>({
    name: 'ppo',
    title: 'Percentage price oscillator',
    description:
      'ppo = 100 (fast - slow) / slow, signal = average of ppo over signalPeriod, histogram = ppo - signal. ' +
      'average=ema (default; StockCharts, TradingView): SMA-seeded EMAs, each starting on its own; average=sma: simple ' +
      'averages (TA-Lib PPO default). The ppo line equals TA-Lib PPO (MA type 1 for ema, 0 for sma), which has no signal ' +
      'line; all outputs start at (slow - 1) + (signal - 1). A slow average within 1e-14 of 0 gives 0 (TA-Lib).',
    input: 'value',
    parameters: [
      integer('fastPeriod', 12, 'bars in the fast average'),
      integer('slowPeriod', 26, 'bars in the slow average (more than fastPeriod)', 2),
      integer('signalPeriod', 9, 'bars in the signal average of the PPO line'),
      { name: 'average', kind: 'choice', default: 'ema', choices: ['ema', 'sma'], description: 'kind of the averages' },
    ],
    outputs: ['ppo', 'signal', 'histogram'],
    lookback: (p) => ppoLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['ppo', 'signal', 'histogram'], out, (o) => ppo(bars.close, p, o)),
    create: (p) => new Ppo(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'roc',
    title: 'Rate of change',
    description:
      'TA-Lib ROC, in percent: 100 (close / close[period bars ago] - 1). A zero earlier close gives 0 (TA-Lib).',
    input: 'value',
    parameters: [period(10, 'bars between the closes compared')],
    outputs: ['value'],
    lookback: (p) => rocLookback(p),
    batch: ({ bars }, p, out) => [roc(bars.close, p, out?.[0])],
    create: (p) => new Roc(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'mom',
    title: 'Momentum',
    description: 'TA-Lib MOM: close - close[period bars ago], in price units.',
    input: 'value',
    parameters: [period(10, 'bars between the closes compared')],
    outputs: ['value'],
    lookback: (p) => momentumLookback(p),
    batch: ({ bars }, p, out) => [momentum(bars.close, p, out?.[0])],
    create: (p) => new Momentum(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'cci',
    title: 'Commodity channel index',
    description:
      'TA-Lib CCI: (tp - mean tp) / (0.015 mean absolute deviation of tp), tp = (high + low + close) / 3. A zero ' +
      "deviation gives 0 (TA-Lib). Default period 20 as TradingView's; TA-Lib's default is 14. O(period) per update.",
    input: 'bar',
    parameters: [period(20, 'bars in the mean and mean deviation', 2)],
    outputs: ['value'],
    lookback: (p) => cciLookback(p),
    batch: ({ bars }, p, out) => [cci(bars, p, out?.[0])],
    create: (p) => new Cci(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'willr',
    title: 'Williams %R',
    description:
      'TA-Lib WILLR, -100 to 0: -100 (highest high - close) / (highest high - lowest low) over period bars. ' +
      'A zero range gives 0 (TA-Lib).',
    input: 'bar',
    parameters: [period(14, 'bars in the highest-high / lowest-low window', 2)],
    outputs: ['value'],
    lookback: (p) => williamsRLookback(p),
    batch: ({ bars }, p, out) => [williamsR(bars, p, out?.[0])],
    create: (p) => new WilliamsR(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'mfi',
    title: 'Money flow index',
    description:
      'TA-Lib MFI, 0-100: 100 positive flow / (positive + negative flow) over period bar-to-bar changes of the typical ' +
      'price, flow = tp x volume. No flow in the window gives 0 (TA-Lib); TA-Lib also gives 0 when the flows add up to ' +
      'less than 1 (small quote volumes), here only an exact zero does.',
    input: 'bar',
    parameters: [period(14, 'money flows summed', 2)],
    outputs: ['value'],
    lookback: (p) => mfiLookback(p),
    batch: ({ bars }, p, out) => [mfi(bars, p, out?.[0])],
    create: (p) => new Mfi(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'aroon',
    title: 'Aroon',
    description:
      'TA-Lib AROON and AROONOSC over period + 1 bars: up = 100 (period - bars since the highest high) / period, down ' +
      'likewise with the lowest low, oscillator = up - down. Of equal extremes the most recent counts (TA-Lib), so flat ' +
      'prices give up = down = 100.',
    input: 'bar',
    parameters: [period(25, 'bars looked back', 2)],
    outputs: ['up', 'down', 'oscillator'],
    lookback: (p) => aroonLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['up', 'down', 'oscillator'], out, (o) => aroon(bars, p, o)),
    create: (p) => new Aroon(p),
  }),
];
