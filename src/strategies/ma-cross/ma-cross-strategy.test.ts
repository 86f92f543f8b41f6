import { describe, expect, it } from 'vitest';
import { BacktestEngine } from '../../core/kernel/backtest-engine.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { type BarRow, barOf, barSeriesFromRows, testInstrument } from '../../core/testing/fixtures.ts';
import { MaCrossSignal, MaCrossStrategy, maCrossParameters } from './ma-cross-strategy.ts';

const INSTRUMENT = testInstrument();

/**
 * Closes chosen so that SMA(2) and SMA(3) cross up after bar 4 and down after bar 7:
 *   bar    2   3   4     5     6   7   8     9
 *   SMA2  10  10  11.5  14.5  16  13   8.5  7
 *   SMA3  10  10  11    13    15  14  11    8
 * The opens of the fill bars (5 and 8) differ from every close so fills are easy to tell apart.
 */
const CLOSES = [10, 10, 10, 10, 13, 16, 16, 10, 7, 7];
const OPENS = [10, 10, 10, 10, 12.5, 12, 16, 15, 11, 7];

function series(): BarSeries {
  const rows = CLOSES.map((c, i): BarRow => [OPENS[i], Math.max(c, OPENS[i]) + 0.5, Math.min(c, OPENS[i]) - 0.5, c]);
  return barSeriesFromRows(rows, INSTRUMENT, 1_000);
}

function backtest(params: Record<string, unknown>) {
  const engine = new BacktestEngine({ startingCash: 10_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
  engine.addInstrument(INSTRUMENT);
  engine.addStrategy(new MaCrossStrategy(maCrossParameters.parse(params)), 'MA');
  engine.processBars(series());
  return engine.finish();
}

describe('MaCrossStrategy', () => {
  it('long_only: buys on the cross up and sells to flat on the cross down, each at the next open', () => {
    const r = backtest({ average: 'sma', fast_period: 2, slow_period: 3, quantity: 3 });
    expect(r.fills.map((f) => [barOf(f.timestamp), f.side, f.lastQuantity, f.lastPrice])).toEqual([
      [5, 'buy', 3, 12],
      [8, 'sell', 3, 11],
    ]);
    expect(r.realizedPnl, '3 × (11 − 12)').toBeCloseTo(-3, 9);
    expect(
      r.orders.map((o) => o.tags),
      'orders are tagged with the signal',
    ).toEqual([['cross_up'], ['cross_down']]);
  });

  it('long_short: reverses into a short of the same size on the cross down', () => {
    const r = backtest({ average: 'sma', fast_period: 2, slow_period: 3, quantity: 2, mode: 'long_short' });
    expect(r.fills.map((f) => [barOf(f.timestamp), f.side, f.lastQuantity])).toEqual([
      [5, 'buy', 2],
      [8, 'sell', 4],
    ]);
    expect(r.unrealizedPnl, 'short 2 from 11, marked at the last close 7').toBeCloseTo(8, 9);
  });

  it('does not trade before both averages are ready', () => {
    const r = backtest({ average: 'sma', fast_period: 2, slow_period: 9, quantity: 1 });
    expect(r.fills, 'SMA(9) is ready on bar 8; no cross is seen after it').toHaveLength(0);
  });

  it('validates its parameters', () => {
    expect(() => maCrossParameters.parse({ fast_period: 5, slow_period: 5 }), 'fast must be faster').toThrow();
    expect(() => maCrossParameters.parse({ fast_perod: 3 }), 'typos are refused').toThrow();
    expect(maCrossParameters.parse({}), 'defaults').toMatchObject({
      average: 'ema',
      fast_period: 10,
      slow_period: 50,
      quantity: 1,
      mode: 'long_only',
    });
  });
});

describe('MaCrossSignal', () => {
  it('reports a cross only when fast − slow changes sign, from the second ready difference on; zero counts as not above', () => {
    // SMA(1) − SMA(2) = (close − previous close) / 2: its sign is the sign of each change.
    const signals = (closes: number[]): number[] => {
      const signal = new MaCrossSignal('sma', 1, 2);
      return closes.map((close) => signal.update(close));
    };
    expect(signals([1, 2, 3, 2, 1, 2]), 'up, up, down (cross), down, up (cross)').toEqual([0, 0, 0, -1, 0, 1]);
    expect(signals([1, 2, 2, 1, 1, 2]), 'through zero: a difference of 0 ends a side').toEqual([0, 0, 0, -1, 0, 1]);
    expect(signals([5, 4]), 'the first ready difference is never a cross').toEqual([0, 0]);
  });
});
