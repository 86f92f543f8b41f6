import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { MaCrossStrategy, maCrossParameters } from '../../strategies/ma-cross/ma-cross-strategy.ts';
import { SimulatedClock } from '../clock/simulated-clock.ts';
import type { Bar, BarSeries } from '../model/data.ts';
import type { BacktestEngineConfig } from './backtest-config.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { SimulatedVenueEngine } from './simulated-venue-engine.ts';

const CONFIG: BacktestEngineConfig = {
  startingCash: 100_000,
  baseCurrency: 'USD',
  accountType: 'margin',
  leverage: 2,
  seed: 7,
  exchange: {
    fees: { takerRate: 0.0007 },
    slippage: { halfSpreadBps: 1, impactBps: 0 },
    latency: { fixedMs: 250, jitterMs: 500 },
  },
  risk: { dailyDrawdown: { limit: 0.01 }, staleData: {} },
};

function cross(): MaCrossStrategy {
  return new MaCrossStrategy(
    maCrossParameters.parse({ average: 'ema', fast_period: 10, slow_period: 40, quantity: 0.2, mode: 'long_short' }),
  );
}

function barOf(series: BarSeries, i: number): Bar {
  return {
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    timestamp: series.timestamp[i]!,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!,
  };
}

describe('SimulatedVenueEngine: one per-bar step for chunks and streamed bars (real BTC-PERP 1m bars)', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  });

  it('bars streamed one by one (processBar) give exactly the chunked backtest: orders, fills, equity, risk events', () => {
    const backtest = new BacktestEngine(CONFIG);
    backtest.addInstrument(BTC);
    backtest.addStrategy(cross(), 'cross');
    backtest.processBars(series);
    const expected = backtest.finish();

    const streamed = new SimulatedVenueEngine(CONFIG, new SimulatedClock(0));
    streamed.addInstrument(BTC);
    streamed.addStrategy(cross(), 'cross');
    for (let i = 0; i < series.length; i++) streamed.processBar(barOf(series, i));
    const actual = streamed.finish();

    expect(
      expected.fills.length,
      'the scenario trades (with latency, slippage and the kill switch on)',
    ).toBeGreaterThan(100);
    expect(actual.fills).toEqual(expected.fills);
    expect(actual.orders).toEqual(expected.orders);
    expect(actual.riskEvents).toEqual(expected.riskEvents);
    expect(actual.equity.length).toBe(series.length);
    expect(Array.from(actual.equity.equity.subarray(0, actual.equity.length))).toEqual(
      Array.from(expected.equity.equity.subarray(0, expected.equity.length)),
    );
    expect(actual.finalCash).toEqual(expected.finalCash);
    expect(actual.finalPositions).toEqual(expected.finalPositions);
    expect(streamed.barsDone).toBe(series.length);
  });

  it('warm-up bars reach the strategy but trade nothing: its orders are denied WARMING_UP, no equity is recorded', () => {
    const engine = new SimulatedVenueEngine(CONFIG, new SimulatedClock(0));
    engine.addInstrument(BTC);
    engine.addStrategy(cross(), 'cross');
    const warm = 2_000;
    for (let i = 0; i < warm; i++) engine.warmUpBar(barOf(series, i));
    expect(engine.barsWarmed).toBe(warm);
    expect(engine.barsDone).toBe(0);
    const warmOrders = engine.kernel.cache.orderList.slice();
    expect(warmOrders.length, 'the cross fires during 2,000 warm-up minutes').toBeGreaterThan(0);
    expect(new Set(warmOrders.map((o) => `${o.status} ${o.reason?.split(':')[0]}`))).toEqual(
      new Set(['denied WARMING_UP']),
    );
    for (let i = warm; i < warm + 1_000; i++) engine.processBar(barOf(series, i));
    const result = engine.finish();
    expect(result.equity.length, 'equity only for the traded bars').toBe(1_000);
    expect(result.fills.length, 'after the warm-up it trades').toBeGreaterThan(0);
    expect(() => engine.warmUpBar(barOf(series, 0)), 'time never goes back').toThrow(/strictly increasing/);
  });

  it('refuses a streamed bar that does not move forward', () => {
    const engine = new SimulatedVenueEngine(CONFIG, new SimulatedClock(0));
    engine.addInstrument(BTC);
    engine.processBar(barOf(series, 5));
    expect(() => engine.processBar(barOf(series, 5))).toThrow(/strictly increasing/);
    expect(() => engine.processBar(barOf(series, 4))).toThrow(/strictly increasing/);
  });
});
