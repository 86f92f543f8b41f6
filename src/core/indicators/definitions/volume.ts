import {
  AccumulationDistribution,
  accumulationDistribution,
  accumulationDistributionLookback,
} from '../accumulation-distribution.ts';
import { ChaikinOscillator, chaikinOscillator, chaikinOscillatorLookback } from '../chaikin-oscillator.ts';
import { defineIndicator, type IndicatorDefinition } from '../indicator.ts';
import { Obv, obv, obvLookback } from '../obv.ts';
import {
  RealizedVolatility,
  type RealizedVolatilityEstimator,
  realizedVolatility,
  realizedVolatilityLookback,
} from '../realized-volatility.ts';
import { RollingVwap, rollingVwap, rollingVwapLookback } from '../rolling-vwap.ts';
import { Vwap, type VwapAnchor, vwap, vwapLookback } from '../vwap.ts';
import { integer, period } from './parameters.ts';

/** Volume-weighted and flow indicators, and realized-volatility estimators. */
export const VOLUME_INDICATORS: readonly IndicatorDefinition[] = [
  defineIndicator<Record<string, never>>({
    name: 'obv',
    title: 'On-balance volume',
    description:
      'Running total of volume, added on an up close, subtracted on a down close, unchanged on an equal close. ' +
      'As TA-Lib: the first value (bar 0) is the first volume, not 0 as on some charts (a constant offset).',
    input: 'bar',
    parameters: [],
    outputs: ['value'],
    lookback: () => obvLookback(),
    batch: ({ bars }, _p, out) => [obv(bars, out?.[0])],
    create: () => new Obv(),
  }),
  defineIndicator<{ anchor: VwapAnchor; offsetMinutes: number }>({
    name: 'vwap',
    title: 'Volume-weighted average price (session-anchored)',
    description:
      'Σ(hlc3 × volume) / Σvolume since the start of the session holding the bar open time: a day, a week from ' +
      'Monday (as TradingView) or a month, starting 00:00 at UTC+offsetMinutes (fixed offset, no daylight saving). ' +
      "Zero cumulative volume: the bar's typical price (TradingView shows nothing). No warm-up.",
    input: 'bar',
    parameters: [
      {
        name: 'anchor',
        kind: 'choice',
        default: 'day',
        choices: ['day', 'week', 'month'],
        description: 'session length; the sums restart at each session start',
      },
      {
        name: 'offsetMinutes',
        kind: 'integer',
        default: 0,
        min: -1440,
        max: 1440,
        description: 'sessions start at 00:00 of UTC plus this many minutes',
      },
    ],
    outputs: ['value'],
    lookback: (p) => vwapLookback(p),
    batch: ({ bars }, p, out) => [vwap(bars, p, out?.[0])],
    create: (p) => new Vwap(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'vwap_rolling',
    aliases: ['rvwap'],
    title: 'Rolling volume-weighted average price',
    description:
      'Σ(hlc3 × volume) / Σvolume over the last period bars (no session anchor). When no bar in the window has ' +
      'volume, the mean typical price of the window. Running sums re-summed exactly every max(period, 1024) bars.',
    input: 'bar',
    parameters: [period(20, 'bars in the window')],
    outputs: ['value'],
    lookback: (p) => rollingVwapLookback(p),
    batch: ({ bars }, p, out) => [rollingVwap(bars, p, out?.[0])],
    create: (p) => new RollingVwap(p),
  }),
  defineIndicator<Record<string, never>>({
    name: 'ad',
    title: 'Chaikin accumulation/distribution line',
    description:
      'Running total of ((close − low) − (high − close)) / (high − low) × volume, from 0 (TA-Lib AD). ' +
      'A bar with high = low adds nothing, as in TA-Lib. No warm-up.',
    input: 'bar',
    parameters: [],
    outputs: ['value'],
    lookback: () => accumulationDistributionLookback(),
    batch: ({ bars }, _p, out) => [accumulationDistribution(bars, out?.[0])],
    create: () => new AccumulationDistribution(),
  }),
  defineIndicator<{ fastPeriod: number; slowPeriod: number }>({
    name: 'adosc',
    title: 'Chaikin oscillator',
    description:
      'EMA(fastPeriod) − EMA(slowPeriod) of the A/D line (TA-Lib ADOSC): both EMAs start at the first A/D value ' +
      '(not an SMA seed), α = 2 / (period + 1); first value at bar max(fastPeriod, slowPeriod) − 1. ' +
      'High = low adds no money flow; flat or volumeless markets give 0.',
    input: 'bar',
    parameters: [
      integer('fastPeriod', 3, 'period of the fast EMA', 2),
      integer('slowPeriod', 10, 'period of the slow EMA', 2),
    ],
    outputs: ['value'],
    lookback: (p) => chaikinOscillatorLookback(p),
    batch: ({ bars }, p, out) => [chaikinOscillator(bars, p, out?.[0])],
    create: (p) => new ChaikinOscillator(p),
  }),
  defineIndicator<{ period: number; estimator: RealizedVolatilityEstimator; periodsPerYear: number }>({
    name: 'rv',
    title: 'Realized volatility',
    description:
      'Rolling volatility of log prices × √periodsPerYear (1 = per bar). close: sample (n − 1) standard deviation ' +
      'of period close-to-close log returns, first value at bar period. parkinson: √(Σ ln(h/l)² / (4 ln2 · period)); ' +
      'garman_klass: √(Σ[½ ln(h/l)² − (2 ln2 − 1) ln(c/o)²] / period); both first at bar period − 1. A log with a ' +
      'non-positive price counts as 0 (zero return or range); negative variance is clamped to 0.',
    input: 'bar',
    parameters: [
      period(20, 'returns (close) or bars in the window', 2),
      {
        name: 'estimator',
        kind: 'choice',
        default: 'close',
        choices: ['close', 'parkinson', 'garman_klass'],
        description: 'close-to-close returns, or the high–low range (Parkinson, Garman–Klass)',
      },
      {
        name: 'periodsPerYear',
        kind: 'number',
        default: 1,
        min: 1,
        description: 'bars per year to annualise with: 365 daily crypto, 252 daily stocks, 525600 1-minute crypto',
      },
    ],
    outputs: ['value'],
    lookback: (p) => realizedVolatilityLookback(p),
    batch: ({ bars }, p, out) => [realizedVolatility(bars, p, out?.[0])],
    create: (p) => new RealizedVolatility(p),
  }),
];
