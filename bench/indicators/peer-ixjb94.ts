/**
 * The @ixjb94/indicators 1 peer: `IndicatorsSync`, its fastest API (the `Indicators` class and the extracted functions wrap the same loops in promises).
 */
import { IndicatorsSync } from '@ixjb94/indicators';
import { BENCH_PARAMETERS, type IndicatorKey } from './parameters.ts';
import { lastOf, type PeerCandidate } from './peer-common.ts';

const { sma, ema, rsi, macd, bbands, atr } = BENCH_PARAMETERS;

/** @ixjb94/indicators: `IndicatorsSync` methods, Tulip-style loops pushing into arrays. */
export function ixjb94Candidates(key: IndicatorKey): PeerCandidate[] {
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
