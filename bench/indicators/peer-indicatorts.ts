/**
 * The indicatorts 2 peer: batch functions only.
 */
import * as indicatorts from 'indicatorts';
import { BENCH_PARAMETERS, type IndicatorKey } from './parameters.ts';
import { lastOf, type PeerCandidate } from './peer-common.ts';

const { sma, ema, rsi, macd, bbands, atr } = BENCH_PARAMETERS;

/** indicatorts: batch functions over arrays, built from array-at-a-time helpers. */
export function indicatortsCandidates(key: IndicatorKey): PeerCandidate[] {
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
