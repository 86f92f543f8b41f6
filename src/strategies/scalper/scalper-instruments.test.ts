import { describe, expect, it } from 'vitest';
import { BacktestEngine } from '../../core/kernel/backtest-engine.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { Order } from '../../core/model/order.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { type BarRow, barOf, barSeriesFromRows, MINUTE, testInstrument } from '../../core/testing/fixtures.ts';
import { scalperParameters } from './scalper-parameters.ts';
import { ScalperStrategy } from './scalper-strategy.ts';

const A = testInstrument({ symbol: 'AAA' });
const B = testInstrument({ symbol: 'BBB' });
const FLAT: BarRow = [100, 100.5, 99.5, 100];
/** Entries 1% from the close working 2 bars, target 2%, stop 3%, cooldown 3 closes, no spread guard. */
const PARAMS = {
  entry_offset_bps: 100,
  timeout_bars: 2,
  target_bps: 200,
  stop_bps: 300,
  cooldown_bars: 3,
  spread_window: 1,
  max_spread_bps: 1000,
  quantity: 1,
} as const;

/** A ScalperStrategy that keeps its context, so a test can hand it quotes between bar chunks. */
class QuoteProbe extends ScalperStrategy {
  context: StrategyContext | undefined;
  override onStart(context: StrategyContext): void {
    this.context = context;
    super.onStart(context);
  }
}

function engineWith(strategy: ScalperStrategy, instruments = [A, B]): BacktestEngine {
  const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
  for (const instrument of instruments) engine.addInstrument(instrument);
  engine.addStrategy(strategy, 'S');
  return engine;
}

/** [signal bar, first tag, status] of the orders of one instrument. */
const ordersOf = (orders: readonly Order[], id: string) =>
  orders.filter((o) => o.instrumentId === id).map((o) => [barOf(o.createdAt) - 1, o.tags[0], o.status]);

const entryBars = (orders: readonly Order[], id: string) =>
  orders.filter((o) => o.instrumentId === id && !o.reduceOnly).map((o) => barOf(o.createdAt) - 1);

describe('ScalperStrategy on two instruments', () => {
  // A: bought at 99 on bar 2, target 100.98 filled on bar 3. B: never touched, its entries expire.
  const aRows: BarRow[] = [FLAT, FLAT, [100, 100.2, 98.8, 99.2], [99.2, 101.2, 99, 101], ...Array(6).fill(FLAT)];
  const bRows: BarRow[] = Array(10).fill(FLAT);
  const series = (): BarSeries[] => [barSeriesFromRows(aRows, A, 1000), barSeriesFromRows(bRows, B, 1000)];

  it('keeps a cooldown per instrument: A rests after its exit while B keeps quoting', () => {
    const strategy = new ScalperStrategy(scalperParameters.parse(PARAMS));
    const engine = engineWith(strategy);
    engine.processBars(series());
    const { orders } = engine.finish();
    expect(ordersOf(orders, A.id).slice(0, 3)).toEqual([
      [1, 'entry_long', 'filled'],
      [1, 'take_profit', 'filled'],
      [1, 'stop_loss', 'canceled'],
    ]);
    // A's trade closed on bar 3: closes 3, 4, 5 cool down; its next entry comes at bar 6.
    expect(entryBars(orders, A.id)).toEqual([1, 6, 9]);
    // B's entries expire at the open of the third bar after them and are rested again at once,
    // during A's cooldown (bar 4): B has no cooldown of its own.
    expect(entryBars(orders, B.id)).toEqual([1, 4, 7]);
    expect(strategy.book(A.id)!.cooldownLeft, 'A cooled down').toBe(0);
  });

  it('cooldown_after_timeout cools down B after its expiries, and still not A', () => {
    const strategy = new ScalperStrategy(scalperParameters.parse({ ...PARAMS, cooldown_after_timeout: true }));
    const engine = engineWith(strategy);
    engine.processBars(series());
    const { orders } = engine.finish();
    // B's first entry expired at bar 4's open: closes 4, 5, 6 cool down.
    expect(entryBars(orders, B.id)).toEqual([1, 7]);
    // A is not held back by B's cooldown (its entry at bar 6 as before); its own entry of bar 6
    // expires at bar 9's open and cools A down in turn, so no entry at bar 9 this time.
    expect(entryBars(orders, A.id)).toEqual([1, 6]);
  });

  it('trades only the configured instruments', () => {
    const strategy = new ScalperStrategy(scalperParameters.parse({ ...PARAMS, instruments: [B.id] }));
    const engine = engineWith(strategy);
    engine.processBars(series());
    const { orders } = engine.finish();
    expect(new Set(orders.map((o) => o.instrumentId))).toEqual(new Set([B.id]));
    expect(strategy.book(A.id)).toBeUndefined();
  });
});

describe('ScalperStrategy on quotes', () => {
  /** The bar estimate never warms up here (a 50-pair window), so only quotes can set the spread. */
  const quoteParams = { ...PARAMS, spread_window: 50, max_spread_bps: 30, mode: 'long_short' } as const;

  function started(rows: readonly BarRow[]) {
    const strategy = new QuoteProbe(scalperParameters.parse(quoteParams));
    const engine = engineWith(strategy, [A]);
    engine.processBars(barSeriesFromRows(rows, A, 1000));
    const context = strategy.context!;
    const quote = (bid: number, ask: number) =>
      strategy.onQuote({ instrumentId: A.id, timestamp: context.now(), bid, ask, bidSize: 1, askSize: 1 }, context);
    return { strategy, engine, quote };
  }

  it('prices the entries from the bid and the ask when the quoted spread is within the guard', () => {
    const { engine, quote } = started([FLAT, FLAT, FLAT]);
    expect(engine.kernel.cache.orderList.length, 'no entry from bars: no spread estimate').toBe(0);
    // Spread 0.2 / 100 = 20 bps ≤ 30: buy at 99.9 × 0.99 = 98.901 → 98.90, sell at 100.1 × 1.01 = 101.101 → 101.11.
    quote(99.9, 100.1);
    expect(engine.kernel.cache.orderList.map((o) => [o.side, o.price, o.expireAfterBars])).toEqual([
      ['buy', 98.9, 2],
      ['sell', 101.11, 2],
    ]);
    quote(99.9, 100.1);
    expect(engine.kernel.cache.orderList.length, 'nothing more while they work').toBe(2);
  });

  it('a quoted spread over max_spread_bps blocks the entry; a stale quote no longer counts', () => {
    const { strategy, engine, quote } = started([FLAT, FLAT, FLAT]);
    // Spread 2 / 100 = 200 bps > 30.
    quote(99, 101);
    expect(engine.kernel.cache.orderList).toEqual([]);
    expect(strategy.book(A.id)!.guardOn, 'the guard holds').toBe(true);
    // The next bar closes a minute later: the quote is older than quote_max_age_ms (5 s) and the
    // bar estimate (not ready) rules, so the bars make no entry either.
    engine.processBars(barsFrom([FLAT, FLAT], A, 3));
    expect(engine.kernel.cache.orderList).toEqual([]);
    expect(strategy.book(A.id)!.spread(strategy.context!.now(), 5_000, { source: 'quote' })).toBeNaN();
    // A fresh narrow quote lets it in.
    quote(99.95, 100.05);
    expect(engine.kernel.cache.orderList.map((o) => o.side)).toEqual(['buy', 'sell']);
  });
});

/** Rows as one-minute bars whose first opens `first` minutes after T0 (to continue a run). */
function barsFrom(rows: readonly BarRow[], instrument: typeof A, first: number): BarSeries {
  const series = barSeriesFromRows(rows, instrument, 1000);
  return { ...series, timestamp: series.timestamp.map((t) => t + first * MINUTE) };
}
