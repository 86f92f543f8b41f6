import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMarketDataFile } from '../../adapters/data/index.ts';
import { aggregateQuoteMids, aggregateTrades } from '../../core/data/trade-bars.ts';
import type { QuoteSeries, TradeSeries } from '../../core/model/data.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { runBacktest } from './run-backtest.ts';

/** NautilusTrader's recorded Binance BTCUSDT spot ticks of 2021-01-08 00:00–00:47 (data/samples/SOURCE.md). */
const SAMPLES = fileURLToPath(new URL('../../../data/samples/', import.meta.url));
const TRADES = `${SAMPLES}btcusdt-trades.parquet`;
const QUOTES = `${SAMPLES}btcusdt-quotes.parquet`;

/** A long/short EMA cross on 1-second bars built from the ticks of `path`; `period` optional. */
function configOn(path: string, extra: Record<string, unknown> = {}) {
  return backtestConfig.parse({
    strategy: {
      name: 'ema_cross',
      params: { fast_period: 2, slow_period: 5, quantity: 0.01, mode: 'long_short' },
    },
    data: { path, timeframe: '1s' },
    instrument: { symbol: 'BTC/USDT', venue: 'BINANCE', kind: 'perpetual' },
    account: { starting_cash: 100_000 },
    execution: { fee_bps: 5 },
    ...extra,
  });
}

describe('tradewind backtest on a tick file', () => {
  it('feeds every trade to the venue, gives the strategy the bars built from them, and fills only at prints after each order', async () => {
    const run = await runBacktest(configOn(TRADES), { baseDir: '.' });
    const file = await readMarketDataFile({ path: TRADES, mode: 'strict' });
    const trades = { ...file.data.columns, instrumentId: run.instrument.id } as TradeSeries;
    const bars = aggregateTrades(trades, { kind: 'time', timeframe: '1s' }).series;
    expect(run.result.ticksProcessed).toBe(2001);
    expect(run.data.series.length, 'the chart has every bar, the last one (still open) too').toBe(bars.length);
    expect(run.result.barsProcessed, 'the strategy never gets the bar still open at the end').toBe(bars.length - 1);
    expect(Array.from(run.data.series.close)).toEqual(Array.from(bars.close));
    expect(run.result.fills.length, 'the cross trades on these 46 seconds').toBeGreaterThan(2);
    const prints = new Set(trades.price);
    const created = new Map(run.result.orders.map((o) => [o.clientOrderId, o.createdAt]));
    for (const fill of run.result.fills) {
      expect(prints.has(fill.lastPrice), `fill at ${fill.lastPrice} is a print's price`).toBe(true);
      expect(fill.timestamp, 'a fill comes after the bar close its order was sent on').toBeGreaterThan(
        created.get(fill.clientOrderId)!,
      );
    }
  });

  it('matches buys at the ask and sells at the bid of a quote file, on bars of the mids', async () => {
    const run = await runBacktest(configOn(QUOTES), { baseDir: '.' });
    const file = await readMarketDataFile({ path: QUOTES, mode: 'strict' });
    const quotes = { ...file.data.columns, instrumentId: run.instrument.id } as QuoteSeries;
    expect(run.result.ticksProcessed).toBe(451);
    expect(Array.from(run.data.series.close)).toEqual(Array.from(aggregateQuoteMids(quotes, '1s').series.close));
    expect(run.result.fills.length).toBeGreaterThan(2);
    const asks = new Set(quotes.ask);
    const bids = new Set(quotes.bid);
    for (const fill of run.result.fills)
      expect((fill.side === 'buy' ? asks : bids).has(fill.lastPrice), `${fill.side} at ${fill.lastPrice}`).toBe(true);
    expect(run.instrument.priceIncrement, 'inferred from the bids and asks, not the half-cent mids').toBe(0.01);
  });

  it('trips the spread-stress breaker of risk.spread_stress at the first quote wider than 3 × the median of the 20 before', async () => {
    const run = await runBacktest(configOn(QUOTES, { risk: { spread_stress: { window: 20, min_quotes: 20 } } }), {
      baseDir: '.',
    });
    const { bid, ask, timestamp, length } = (await readMarketDataFile({ path: QUOTES, mode: 'strict' })).data
      .columns as QuoteSeries;
    const spreads: number[] = [];
    let expected: number | undefined;
    for (let i = 0; i < length && expected === undefined; i++) {
      if (!(ask[i]! > bid[i]!)) continue;
      const bps = ((ask[i]! - bid[i]!) / ((ask[i]! + bid[i]!) / 2)) * 10_000;
      if (spreads.length >= 20) {
        const last = spreads.slice(-20).sort((a, b) => a - b);
        if (bps > 3 * ((last[9]! + last[10]!) / 2)) expected = timestamp[i];
      }
      spreads.push(bps);
    }
    const trip = run.result.riskEvents.find((e) => e.type === 'CircuitBreakerTripped');
    expect(expected, 'the recorded quotes do widen').toBeDefined();
    expect(trip).toMatchObject({ breaker: 'SPREAD_STRESS:BTC/USDT.BINANCE', state: 'REDUCING', timestamp: expected });
  });

  it('runs only the ticks of the period, and says so when it holds none', async () => {
    const run = await runBacktest(
      configOn(TRADES, { period: { from: '2021-01-08T00:00:10Z', to: '2021-01-08T00:00:20Z' } }),
      { baseDir: '.' },
    );
    const file = await readMarketDataFile({ path: TRADES, mode: 'strict' });
    const inPeriod = Array.from(file.data.columns.timestamp).filter(
      (t) => t >= Date.UTC(2021, 0, 8, 0, 0, 10) && t < Date.UTC(2021, 0, 8, 0, 0, 20),
    ).length;
    expect(run.result.ticksProcessed).toBe(inPeriod);
    await expect(runBacktest(configOn(TRADES, { period: { from: '2022-01-01' } }), { baseDir: '.' })).rejects.toThrow(
      ConfigError,
    );
  });
});
