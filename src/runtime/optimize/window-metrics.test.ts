import { describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { computePerformance } from '../../core/analysis/index.ts';
import { BacktestEngine, type BacktestResult } from '../../core/kernel/index.ts';
import { MaCrossStrategy } from '../../strategies/index.ts';
import { runCalendar, windowResult } from './window-metrics.ts';

describe('windowResult', () => {
  it("splits one run into windows whose returns compound to the run's and whose trades add up to its", async () => {
    const { series } = await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, volumeUnit: 'quote' });
    const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    engine.addInstrument(BTC_PERP);
    engine.addStrategy(
      new MaCrossStrategy({ fast_period: 30, slow_period: 120, quantity: 0.2, mode: 'long_short', average: 'ema' }),
      'S',
    );
    engine.processBars(series);
    const result = engine.finish();
    const split = Math.floor(series.length * 0.6);
    const first = windowResult(result, { start: 0, end: split }, 365);
    const second = windowResult(result, { start: split, end: series.length }, 365);
    const whole = windowResult(result, { start: 0, end: series.length }, 365);
    expect(result.roundTrips.length, 'the run trades').toBeGreaterThan(20);
    expect(first.metrics.trades + second.metrics.trades).toBe(result.roundTrips.length);
    expect((1 + first.metrics.total_return) * (1 + second.metrics.total_return) - 1).toBeCloseTo(
      whole.metrics.total_return,
      12,
    );
    expect(whole.metrics.total_return).toBeCloseTo(result.finalEquity / result.initialEquity - 1, 12);
    expect(first.tradePnls.reduce((a, b) => a + b, 0) + second.tradePnls.reduce((a, b) => a + b, 0)).toBeCloseTo(
      result.roundTrips.reduce((a, t) => a + t.pnl, 0),
      6,
    );
    expect(
      first.metrics.days + second.metrics.days,
      'the split day counts in both windows at most once more',
    ).toBeLessThanOrEqual(whole.metrics.days + 1);
    expect(() => windowResult(result, { start: 10, end: series.length + 1 }, 365)).toThrow(/outside/);
    // The same definitions as a backtest's own metrics: each window equals computePerformance over its bars.
    const calendar = runCalendar(result.equity.timestamps, result.equity.length);
    for (const [start, end] of [
      [0, split],
      [split, series.length],
      [12_345, 30_001],
      [0, series.length],
    ]) {
      const fast = windowResult(result, { start, end }, 365, calendar).metrics;
      const { timestamps, equity } = result.equity;
      const trips = result.roundTrips.filter(
        (t) =>
          t.exitTime > (start === 0 ? Number.NEGATIVE_INFINITY : timestamps[start - 1]) &&
          t.exitTime <= timestamps[end - 1],
      );
      const reference = computePerformance({
        timestamps: timestamps.subarray(start, end),
        equity: equity.subarray(start, end),
        length: end - start,
        initialEquity: start === 0 ? result.initialEquity : equity[start - 1],
        periodsPerYear: 365,
        roundTrips: trips,
        feesPaid: 0,
        tradedNotional: 0,
        stepsInMarket: 0,
      });
      for (const key of [
        'total_return',
        'sharpe',
        'sortino',
        'calmar',
        'max_drawdown',
        'trades',
        'hit_rate',
        'profit_factor',
        'average_trade',
      ] as const)
        expect(fast[key], `${key} of [${start}, ${end})`).toBeCloseTo(reference[key], 9);
    }
  });
});

describe('windowResult of a run that wipes the account out', () => {
  it('flags the window where equity reached zero and every later one, which has nothing left to measure', () => {
    const day = 86_400_000;
    const result = {
      initialEquity: 100,
      equity: {
        timestamps: Float64Array.from([day, 2 * day, 3 * day, 4 * day]),
        equity: Float64Array.from([80, -5, -10, -12]),
        length: 4,
      },
      roundTrips: [
        { exitTime: 2 * day, pnl: -105 },
        { exitTime: 4 * day, pnl: -2 },
      ],
    } as unknown as BacktestResult;
    const first = windowResult(result, { start: 0, end: 2 }, 365);
    expect(first.metrics.ruined).toBe(1);
    expect(first.metrics.total_return).toBeCloseTo(-1.05, 12);
    const after = windowResult(result, { start: 2, end: 4 }, 365);
    expect(after.metrics).toMatchObject({ ruined: 1, total_return: -1, trades: 1, days: 0 });
    expect(Array.from(after.tradePnls)).toEqual([-2]);
  });
});
