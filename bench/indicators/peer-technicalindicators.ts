/**
 * The technicalindicators 3 peer: each indicator's batch function and streaming class.
 */
import * as technicalindicators from 'technicalindicators';
import { BENCH_PARAMETERS, type IndicatorKey } from './parameters.ts';
import { hold, lastOf, type PeerCandidate } from './peer-common.ts';

const { sma, ema, rsi, macd, bbands, atr } = BENCH_PARAMETERS;

/** technicalindicators: `X.calculate(input)` (batch) and `new X(input).nextValue()` (streaming), generator-based. */
export function technicalIndicatorsCandidates(key: IndicatorKey): PeerCandidate[] {
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
