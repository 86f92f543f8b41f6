import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { type BarSeries, sliceBarSeries } from '../model/data.ts';
import type { ExternalEvent } from '../model/events.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { BacktestEngine } from './backtest-engine.ts';

const MINUTE = 60_000;

/** Buys 0.1 BTC on each listing announcement naming BTC-PERP; records what it saw and when. */
class ListingBuyer implements Strategy {
  readonly seen: { kind: string; at: number; eventTime: number }[] = [];
  constructor(private readonly kind: string) {}
  onStart(context: StrategyContext) {
    context.subscribeBars(BTC.id);
    context.subscribeEvents(this.kind);
  }
  onEvent(event: ExternalEvent, context: StrategyContext) {
    this.seen.push({ kind: event.kind, at: context.now(), eventTime: event.timestamp });
    if (event.kind === 'listing' && event.payload.symbol === 'BTC-PERP')
      context.submitOrder(
        context.orders.market({ instrumentId: BTC.id, side: 'buy', quantity: 0.1, tags: ['listing'] }),
      );
  }
}

const event = (kind: string, timestamp: number, symbol = 'BTC-PERP'): ExternalEvent => ({
  type: 'ExternalEvent',
  kind,
  source: 'test-announcements',
  timestamp,
  payload: { symbol },
});

describe('external events in a backtest (real BTC-PERP 1m bars)', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = sliceBarSeries(
      (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series,
      0,
      600,
    );
  });

  it('delivers each event when the clock reaches it, never earlier; an order it triggers fills at the next open', () => {
    const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    engine.addInstrument(BTC);
    const buyer = new ListingBuyer('listing');
    const everything = new ListingBuyer('*');
    engine.addStrategy(buyer, 'BUYER');
    engine.addStrategy(everything, 'WATCHER');
    const t0 = series.timestamp[0]!;
    const midBar = t0 + 100 * MINUTE + 17_000; // inside bar 100 (opens t0 + 100 min)
    const events = [
      event('listing', t0 + 300 * MINUTE + 30_000),
      event('sentiment', t0 + 200 * MINUTE),
      event('listing', midBar),
      event('listing', t0 - 5 * MINUTE), // before the first bar
      event('listing', midBar, 'ETH-PERP'), // same instant, another symbol: no order
    ];
    engine.addExternalEvents(events);
    engine.processBars(series);
    const result = engine.finish();

    expect(
      buyer.seen.map((s) => s.eventTime),
      'listing events only, in time order',
    ).toEqual([t0 - 5 * MINUTE, midBar, midBar, t0 + 300 * MINUTE + 30_000]);
    expect(buyer.seen[0]!.at, 'an event before the first bar arrives at its open').toBe(t0);
    for (const s of buyer.seen.slice(1)) expect(s.at, 'delivered exactly at its time').toBe(s.eventTime);
    expect(
      everything.seen.map((s) => s.kind),
      '* receives every kind',
    ).toEqual(['listing', 'listing', 'listing', 'sentiment', 'listing']);
    const orders = result.orders.filter((o) => o.strategyId === 'BUYER');
    expect(
      orders.map((o) => [o.createdAt, o.status, o.reason]),
      'the first, at the first open, meets no known price yet; the others are created at their event time',
    ).toEqual([
      [t0, 'denied', 'NO_PRICE: no price is known yet for BTC-PERP.FTX'],
      [midBar, 'filled', undefined],
      [t0 + 300 * MINUTE + 30_000, 'filled', undefined],
    ]);
    const fills = result.fills.filter((f) => f.strategyId === 'BUYER');
    expect(
      fills.map((f) => f.timestamp),
      'each order fills at the open of the first bar after its event',
    ).toEqual([t0 + 101 * MINUTE, t0 + 301 * MINUTE]);
    expect(fills.map((f) => f.lastPrice)).toEqual([series.open[101], series.open[301]]);
  });

  it('refuses an event older than the clock once bars have run, and a malformed kind', () => {
    const engine = new BacktestEngine({ startingCash: 1_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    engine.addInstrument(BTC);
    engine.addStrategy(new ListingBuyer('listing'), 'BUYER');
    engine.processBars(sliceBarSeries(series, 0, 10));
    expect(() => engine.addExternalEvents([event('listing', series.timestamp[5]!)])).toThrow(/older than the clock/);
    expect(() => engine.kernel.publishExternalEvent(event('bad kind!', engine.clock.timestamp()))).toThrow(
      /event kind 'bad kind!'/,
    );
  });
});
