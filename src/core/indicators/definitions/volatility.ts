import { Adx, adx, adxLookback, Dmi, dmi, dmiLookback } from '../adx.ts';
import { Atr, atr, atrLookback } from '../atr.ts';
import { BollingerBands, bollingerBands, bollingerBandsLookback } from '../bollinger-bands.ts';
import { DonchianChannels, donchianChannels, donchianChannelsLookback } from '../donchian-channels.ts';
import { Ichimoku, ichimoku, ichimokuLookback } from '../ichimoku.ts';
import { defineIndicator, type IndicatorDefinition } from '../indicator.ts';
import { KeltnerChannels, keltnerChannels, keltnerChannelsLookback } from '../keltner-channels.ts';
import { Natr, natr, natrLookback } from '../natr.ts';
import { ParabolicSar, parabolicSar, parabolicSarLookback } from '../parabolic-sar.ts';
import { SuperTrend, superTrend, superTrendLookback } from '../super-trend.ts';
import { TrueRange, trueRange, trueRangeLookback } from '../true-range.ts';
import { integer, period } from './parameters.ts';
import { positionalOutputs } from './positional-outputs.ts';

const multiplier = (fallback: number, description: string) =>
  ({ name: 'multiplier', kind: 'number', default: fallback, min: 0, description }) as const;

/** Ranges, bands, channels and trend followers: true range, ATR, ADX, Bollinger, Keltner, Donchian, SAR, SuperTrend, Ichimoku. */
export const VOLATILITY_INDICATORS: readonly IndicatorDefinition[] = [
  defineIndicator<Record<string, never>>({
    name: 'trange',
    title: 'True range',
    description:
      'max(high − low, |high − previous close|, |low − previous close|), price units. As TA-Lib: bar 0 has no value ' +
      '(no previous close); TradingView’s ta.tr(true) uses high − low there.',
    input: 'bar',
    parameters: [],
    outputs: ['value'],
    lookback: () => trueRangeLookback(),
    batch: ({ bars }, _p, out) => [trueRange(bars, out?.[0])],
    create: () => new TrueRange(),
  }),
  defineIndicator<{ period: number }>({
    name: 'atr',
    title: 'Average true range',
    description:
      'Wilder smoothing as TA-Lib: the mean of the true ranges of bars 1…period at bar period, then ' +
      '(ATR·(period − 1) + TR) / period. TradingView’s ta.atr also counts bar 0 (high − low) and starts a bar earlier; ' +
      'values converge after a few periods.',
    input: 'bar',
    parameters: [period(14, 'bars in the Wilder average')],
    outputs: ['value'],
    lookback: (p) => atrLookback(p),
    batch: ({ bars }, p, out) => [atr(bars, p, out?.[0])],
    create: (p) => new Atr(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'natr',
    title: 'Normalized average true range',
    description:
      '100 · ATR / close, percent (TA-Lib NATR, ATR as atr). A close within 1e-14 of zero gives 0, as TA-Lib. ' +
      'TA-Lib’s period 1 returns the raw true range; this stays 100 · TR / close.',
    input: 'bar',
    parameters: [period(14, 'bars in the Wilder average')],
    outputs: ['value'],
    lookback: (p) => natrLookback(p),
    batch: ({ bars }, p, out) => [natr(bars, p, out?.[0])],
    create: (p) => new Natr(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'adx',
    title: 'Average directional index',
    description:
      'TA-Lib ADX, PLUS_DI and MINUS_DI (percent, Wilder smoothing, no rounding). First ADX at bar 2·period − 1 = mean ' +
      'of the first period DX values, then (ADX·(period − 1) + DX) / period. Zero smoothed range: +DI = −DI = 0; ' +
      'where DX is undefined (zero range or zero DI sum) ADX is left unchanged. All three outputs start at bar 2·period − 1.',
    input: 'bar',
    parameters: [period(14, 'Wilder smoothing period', 2)],
    outputs: ['adx', 'plusDi', 'minusDi'],
    lookback: (p) => adxLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['adx', 'plusDi', 'minusDi'], out, (o) => adx(bars, p, o)),
    create: (p) => new Adx(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'dmi',
    title: 'Directional movement index (+DI, −DI, DX)',
    description:
      'TA-Lib PLUS_DI, MINUS_DI and DX (percent), from bar period: ADX without its second smoothing, same math as adx. ' +
      'Zero smoothed range: +DI = −DI = 0; undefined DX (zero range or zero DI sum) repeats the previous DX (0 at first), as TA-Lib.',
    input: 'bar',
    parameters: [period(14, 'Wilder smoothing period', 2)],
    outputs: ['plusDi', 'minusDi', 'dx'],
    lookback: (p) => dmiLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['plusDi', 'minusDi', 'dx'], out, (o) => dmi(bars, p, o)),
    create: (p) => new Dmi(p),
  }),
  defineIndicator<{ period: number; multiplier: number }>({
    name: 'bbands',
    aliases: ['bollinger'],
    title: 'Bollinger bands',
    description:
      'TA-Lib BBANDS with an SMA middle and population standard deviation: middle ± multiplier·σ of the last period ' +
      'closes (as TradingView ta.bb). percentB = (close − lower) / (upper − lower), 0.5 at zero width; bandwidth = ' +
      '(upper − lower) / middle as a fraction (TradingView BBW, not ×100), 0 when middle is 0. Windowed Welford ' +
      'update, re-summed exactly every max(period, 1024) bars: no drift, no Σx² cancellation.',
    input: 'value',
    parameters: [period(20, 'bars in the window', 2), multiplier(2, 'standard deviations from middle to each band')],
    outputs: ['middle', 'upper', 'lower', 'percentB', 'bandwidth'],
    lookback: (p) => bollingerBandsLookback(p),
    batch: ({ bars }, p, out) =>
      positionalOutputs(['middle', 'upper', 'lower', 'percentB', 'bandwidth'], out, (o) =>
        bollingerBands(bars.close, p, o),
      ),
    create: (p) => new BollingerBands(p),
  }),
  defineIndicator<{ period: number; multiplier: number; atrPeriod: number }>({
    name: 'keltner',
    title: 'Keltner channels',
    description:
      'Middle = EMA(close, period), SMA-seeded; bands = middle ± multiplier·ATR(atrPeriod), Wilder ATR as atr. ' +
      'Defaults 20, 2, 10 are TradingView’s and StockCharts’ (Raschke’s form); TradingView seeds its EMA with the first ' +
      'close and its ATR with bar 0, so early values differ. Keltner’s original (SMA of typical price ± SMA of ' +
      'high − low) is not this. Starts at max(period − 1, atrPeriod).',
    input: 'bar',
    parameters: [
      period(20, 'bars in the EMA of closes'),
      multiplier(2, 'ATRs from middle to each band'),
      integer('atrPeriod', 10, 'bars in the ATR'),
    ],
    outputs: ['middle', 'upper', 'lower'],
    lookback: (p) => keltnerChannelsLookback(p),
    batch: ({ bars }, p, out) =>
      positionalOutputs(['middle', 'upper', 'lower'], out, (o) => keltnerChannels(bars, p, o)),
    create: (p) => new KeltnerChannels(p),
  }),
  defineIndicator<{ period: number }>({
    name: 'donchian',
    title: 'Donchian channels',
    description:
      'Upper = highest high, lower = lowest low of the last period bars including the current one (TradingView; ' +
      'TA-Lib MAX/MIN), middle = their mean. Breakout systems that compare with the previous period bars use these ' +
      'values one bar earlier.',
    input: 'bar',
    parameters: [period(20, 'bars in the channel')],
    outputs: ['upper', 'lower', 'middle'],
    lookback: (p) => donchianChannelsLookback(p),
    batch: ({ bars }, p, out) =>
      positionalOutputs(['upper', 'lower', 'middle'], out, (o) => donchianChannels(bars, p, o)),
    create: (p) => new DonchianChannels(p),
  }),
  defineIndicator<{ acceleration: number; maximum: number }>({
    name: 'sar',
    aliases: ['psar'],
    title: 'Parabolic SAR',
    description:
      'TA-Lib SAR exactly: initial direction from bars 0–1 (short if −DM > +DM, else long), initial stop bar 0’s ' +
      'low/high, first value at bar 1; acceleration above maximum is lowered to it. TradingView’s ta.sar starts from ' +
      'the first two closes, so early values differ.',
    input: 'bar',
    parameters: [
      {
        name: 'acceleration',
        kind: 'number',
        default: 0.02,
        min: 0,
        description: 'acceleration factor: start and step',
      },
      { name: 'maximum', kind: 'number', default: 0.2, min: 0, description: 'largest acceleration factor' },
    ],
    outputs: ['value'],
    lookback: () => parabolicSarLookback(),
    batch: ({ bars }, p, out) => [parabolicSar(bars, p, out?.[0])],
    create: (p) => new ParabolicSar(p),
  }),
  defineIndicator<{ period: number; multiplier: number }>({
    name: 'supertrend',
    title: 'SuperTrend',
    description:
      'hl2 ± multiplier·ATR(period) (Wilder ATR as atr) with the usual final-band ratchet; value = lower band in an ' +
      'up-trend, upper band in a down-trend; direction +1 up, −1 down (TradingView’s ta.supertrend uses the opposite ' +
      'sign). Starts down on the upper band at bar period, as TradingView.',
    input: 'bar',
    parameters: [period(10, 'bars in the ATR'), multiplier(3, 'ATRs from the bar midpoint to each band')],
    outputs: ['value', 'direction'],
    lookback: (p) => superTrendLookback(p),
    batch: ({ bars }, p, out) => positionalOutputs(['value', 'direction'], out, (o) => superTrend(bars, p, o)),
    create: (p) => new SuperTrend(p),
  }),
  defineIndicator<{ conversionPeriod: number; basePeriod: number; spanBPeriod: number; displacement: number }>({
    name: 'ichimoku',
    title: 'Ichimoku cloud (causal)',
    description:
      'conversion/base = (highest high + lowest low) / 2 over 9/26 bars ending now; spanA/spanB = the cloud a chart ' +
      'draws AT this bar, i.e. (conversion + base) / 2 and the 52-bar midpoint computed displacement bars ago; ' +
      'lagging = close displacement bars ago (the bar under the newest lagging-span point). No look-ahead. ' +
      'TradingView draws with offset displacement − 1 (its 26 is 25 here). All outputs start with the displaced span B.',
    input: 'bar',
    parameters: [
      integer('conversionPeriod', 9, 'bars in the conversion line'),
      integer('basePeriod', 26, 'bars in the base line'),
      integer('spanBPeriod', 52, 'bars in leading span B'),
      integer('displacement', 26, 'bars the spans are shifted forward and the lagging span back', 0),
    ],
    outputs: ['conversion', 'base', 'spanA', 'spanB', 'lagging'],
    lookback: (p) => ichimokuLookback(p),
    batch: ({ bars }, p, out) =>
      positionalOutputs(['conversion', 'base', 'spanA', 'spanB', 'lagging'], out, (o) => ichimoku(bars, p, o)),
    create: (p) => new Ichimoku(p),
  }),
];
