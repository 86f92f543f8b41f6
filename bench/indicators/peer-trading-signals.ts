/**
 * The trading-signals 8 peer: streaming classes only (`updates()` is `add()` mapped over the array).
 */
import * as tradingSignals from 'trading-signals';
import { BENCH_PARAMETERS, type IndicatorKey } from './parameters.ts';
import { hold, type PeerCandidate } from './peer-common.ts';

const { sma, ema, rsi, macd, bbands, atr } = BENCH_PARAMETERS;

/** trading-signals: streaming classes only, `add()` per value (the result read on every call). */
export function tradingSignalsCandidates(key: IndicatorKey): PeerCandidate[] {
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
