/**
 * The npm peer: grademark's `backtest` running the same EMA(10) / EMA(50) cross, long/short.
 *
 * grademark holds one position at a time and acts at the next bar's open: an entry signalled at
 * bar i opens at bar i+1's open, an exit signalled at bar j closes at bar j+1's open, and the
 * entry rule is next consulted at bar j+2. So a reversal (exit long, enter short) takes two bars
 * longer than in the engine, whose one order for 2 × quantity reverses at bar j+1's open. Its
 * trades are therefore close to, not identical with, the engine's; they are reported, not matched.
 *
 * The regime is the engine strategy's target position: 0 until the first cross, then +1 after a
 * cross up and −1 after a cross down (EMAs TA-Lib style, as in the engine).
 *
 * Timed region (`runPeer`): computing both EMAs and the regime into the bar objects (a plain
 * loop, a few milliseconds) plus the whole `backtest(strategy, frame)` call. Outside it: creating
 * the 1M bar objects with their `Date`s and wrapping them in a data-forge DataFrame.
 */
import { DataFrame, type IDataFrame } from 'data-forge'; // grademark's own dependency
import { backtest, type IBar, type IStrategy, type ITrade } from 'grademark';
import type { TradeDirection } from 'grademark/build/lib/strategy.js';
import { Ema } from '../src/core/indicators/ema.ts';
import type { BarColumns } from './synthetic-bars.ts';

interface RegimeBar extends IBar {
  /** Target position after this bar's close: +1 long, −1 short, 0 none yet. */
  regime: number;
}

const LONG = 'long' as TradeDirection;
const SHORT = 'short' as TradeDirection;

/** grademark's input: one object per bar (built outside the timed region). */
export function peerBars(bars: BarColumns, n: number): RegimeBar[] {
  const out: RegimeBar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      time: new Date(bars.timestamp[i]),
      open: bars.open[i],
      high: bars.high[i],
      low: bars.low[i],
      close: bars.close[i],
      volume: bars.volume[i],
      regime: 0,
    };
  }
  return out;
}

export function peerFrame(bars: RegimeBar[]): IDataFrame<number, RegimeBar> {
  return new DataFrame<number, RegimeBar>(bars);
}

const strategy: IStrategy<RegimeBar, RegimeBar> = {
  entryRule: (enterPosition, { bar }) => {
    if (bar.regime !== 0) enterPosition({ direction: bar.regime > 0 ? LONG : SHORT });
  },
  exitRule: (exitPosition, { bar, position }) => {
    if (position.direction === LONG ? bar.regime < 0 : bar.regime > 0) exitPosition();
  },
};

/** The crossover regime per bar, with the engine's own EMA (the limit loop inlines its own on purpose). */
function writeRegime(bars: RegimeBar[], fastPeriod: number, slowPeriod: number): void {
  const fast = new Ema({ period: fastPeriod });
  const slow = new Ema({ period: slowPeriod });
  let previous = Number.NaN;
  let regime = 0;
  for (const bar of bars) {
    const diff = fast.update(bar.close) - slow.update(bar.close);
    if (fast.isReady && slow.isReady) {
      if (diff > 0 && previous <= 0) regime = 1;
      else if (diff < 0 && previous >= 0) regime = -1;
      previous = diff;
    }
    bar.regime = regime;
  }
}

/** One timed peer run; returns the seconds and grademark's trades. */
export function runPeer(
  bars: RegimeBar[],
  frame: IDataFrame<number, RegimeBar>,
  fastPeriod: number,
  slowPeriod: number,
): { seconds: number; trades: ITrade[] } {
  const start = process.hrtime.bigint();
  writeRegime(bars, fastPeriod, slowPeriod);
  const trades = backtest(strategy, frame);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, trades };
}
