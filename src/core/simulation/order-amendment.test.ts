import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import type { BacktestEngine, BacktestEngineConfig, BacktestResult } from '../kernel/backtest-engine.ts';
import type { ModifyOrder } from '../model/commands.ts';
import { currency } from '../model/currency.ts';
import type { Bar, BarSeries } from '../model/data.ts';
import type { OrderEvent } from '../model/events.ts';
import { accountId, clientOrderId, type InstrumentId, strategyId, venueOrderId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import { Account } from '../portfolio/account.ts';
import { Portfolio } from '../portfolio/portfolio.ts';
import { GLOBAL_SCOPE } from '../risk/state/trading-state.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { type BarRow, barSeriesFromRows, MINUTE, scriptedEngine, T0, testInstrument } from '../testing/fixtures.ts';
import { orderRequest } from '../testing/order-request.ts';
import { type AmendmentContext, amendWorkingOrder } from './order-amendment.ts';
import type { WorkingOrder } from './working-order.ts';

/** Runs `actions[i]` in onBar of bar i (after bar i closed) and records every order event. */
class ScriptedStrategy implements Strategy {
  readonly events: OrderEvent[] = [];
  private index = -1;
  constructor(
    private readonly instrumentId: InstrumentId,
    private readonly actions: Readonly<Record<number, (context: StrategyContext) => void>>,
  ) {}
  onStart(context: StrategyContext): void {
    context.subscribeBars(this.instrumentId);
  }
  onBar(_bar: Bar, context: StrategyContext): void {
    this.index++;
    this.actions[this.index]?.(context);
  }
  onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
  }
}

interface Run {
  readonly engine: BacktestEngine;
  readonly result: BacktestResult;
  readonly events: readonly OrderEvent[];
  /** Event types of one order, in arrival order. */
  readonly typesOf: (id: string) => string[];
}

function run(
  instrument: Instrument,
  series: BarSeries,
  actions: Readonly<Record<number, (context: StrategyContext) => void>>,
  config: Partial<BacktestEngineConfig> = {},
  beforeRun: (engine: BacktestEngine) => void = () => {},
): Run {
  const strategy = new ScriptedStrategy(instrument.id, actions);
  const engine = scriptedEngine(instrument, strategy, config);
  beforeRun(engine);
  engine.processBars(series);
  const result = engine.finish();
  const typesOf = (id: string) => strategy.events.filter((e) => e.clientOrderId === id).map((e) => e.type);
  return { engine, result, events: strategy.events, typesOf };
}

const eventOf = <T extends OrderEvent['type']>(events: readonly OrderEvent[], type: T) =>
  events.find((e) => e.type === type) as Extract<OrderEvent, { type: T }> | undefined;

/** The real fixture: FTX BTC-PERP 1-minute bars, January 2022 (data/samples, SOURCE.md there). */

/** Bars `[start, start + length)` of `series` (views, no copy). */
function window(series: BarSeries, start: number, length: number): BarSeries {
  const cut = (a: Float64Array) => a.subarray(start, start + length);
  return {
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    length,
    timestamp: cut(series.timestamp),
    open: cut(series.open),
    high: cut(series.high),
    low: cut(series.low),
    close: cut(series.close),
    volume: cut(series.volume),
  };
}

describe('ModifyOrder at the simulated venue, on real BTC-PERP 1m bars', () => {
  let bars: BarSeries;
  /** Start of a 7-bar window where bar 3 falls ≥ $20 below its open and bar 2 already reached `level`. */
  let start: number;
  /** A price inside bar 3's fall (below its open, above its low) that bar 2 also traded at or below. */
  let level: number;
  /** A price below every low of bars 1–6 of the window: nothing there fills. */
  let far: number;

  beforeAll(async () => {
    bars = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
    const { open, low } = bars;
    for (let s = 1_000; s + 7 < bars.length; s++) {
      const drop = open[s + 3] - low[s + 3];
      const mid = Math.floor(low[s + 3] + drop / 2);
      if (drop >= 20 && mid < open[s + 3] && low[s + 2] <= mid) {
        start = s;
        level = mid;
        far = Math.min(...Array.from(low.subarray(s + 1, s + 7))) - 200;
        return;
      }
    }
    throw new Error('no suitable window in the fixture');
  });

  it('a resting limit buy amended up to a price the next bar trades through fills there at the amended price, not before', () => {
    const series = window(bars, start, 7);
    const r = run(BTC, series, {
      0: (c) => c.submitOrder(c.orders.limit({ instrumentId: BTC.id, side: 'buy', quantity: 0.5, price: far })),
      2: (c) => c.modifyOrder('S-000001', { price: level }),
    });
    expect(r.typesOf('S-000001')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderUpdated', 'OrderFilled']);
    const updated = eventOf(r.events, 'OrderUpdated')!;
    expect(updated.timestamp, "applied at bar 3's open, after the modify's latency").toBe(series.timestamp[3]);
    expect([updated.quantity, updated.price]).toEqual([0.5, level]);
    expect(r.result.fills).toHaveLength(1);
    const fill = r.result.fills[0];
    expect(
      fill.timestamp,
      `bar 2 traded down to ${series.low[2]} ≤ ${level} but the modify was sent after it closed: bar 3 fills`,
    ).toBe(series.timestamp[3]);
    expect(fill.lastPrice, 'at the amended limit, reached inside the bar').toBe(level);
    expect(fill.liquiditySide, 'the path came down to the resting limit').toBe('maker');
    expect(r.result.orders[0]).toMatchObject({ status: 'filled', price: level, quantity: 0.5 });
  });

  it('a sell stop whose trigger is amended triggers at the new level on the next bar, not at the old one', () => {
    const series = window(bars, start, 7);
    const r = run(BTC, series, {
      0: (c) =>
        c.submitOrder(c.orders.stopMarket({ instrumentId: BTC.id, side: 'sell', quantity: 0.5, triggerPrice: far })),
      2: (c) => c.modifyOrder('S-000001', { triggerPrice: level }),
    });
    expect(r.typesOf('S-000001')).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'OrderUpdated',
      'OrderTriggered',
      'OrderFilled',
    ]);
    expect(eventOf(r.events, 'OrderTriggered')!.timestamp).toBe(series.timestamp[3]);
    const fill = r.result.fills[0];
    expect(fill.timestamp, 'bar 2 reached the new trigger too, but before the amendment arrived').toBe(
      series.timestamp[3],
    );
    expect(fill.lastPrice, 'at the new trigger (no slippage model)').toBe(level);
    expect(r.engine.kernel.portfolio.positionQuantity(BTC.id)).toBe(-0.5);
  });

  it('without the amendment neither order trades in the window (the amendment made the difference)', () => {
    const series = window(bars, start, 7);
    const r = run(BTC, series, {
      0: (c) => {
        c.submitOrder(c.orders.limit({ instrumentId: BTC.id, side: 'buy', quantity: 0.5, price: far }));
        c.submitOrder(c.orders.stopMarket({ instrumentId: BTC.id, side: 'sell', quantity: 0.5, triggerPrice: far }));
      },
    });
    expect(r.result.fills).toEqual([]);
  });
});

/** Synthetic rows where exact control matters (volumes, races). [open, high, low, close, volume]. */
const TEST = testInstrument();
const rowsOf = (rows: readonly BarRow[]) => barSeriesFromRows(rows, TEST, 1_000_000);
const at = (i: number) => T0 + i * MINUTE;
const FLAT: BarRow = [100, 100.5, 99.6, 100];
const limitBuy =
  (quantity: number, price: number, extra: Partial<OrderRequest> = {}) =>
  (c: StrategyContext) =>
    c.submitOrder(c.orders.limit({ instrumentId: TEST.id, side: 'buy', quantity, price, ...extra }));

describe('ModifyOrder at the simulated venue: races, limits and priority', () => {
  it('a modify that reaches the venue after the order filled is rejected as closed, never a throw', () => {
    // Latency 90 s: sent at bar 2's close, the modify arrives inside bar 4; bar 3 fills the order at 99.
    const r = run(
      TEST,
      rowsOf([FLAT, FLAT, FLAT, [100, 100, 98.5, 99], FLAT, FLAT]),
      { 0: limitBuy(1, 99), 2: (c) => c.modifyOrder('S-000001', { price: 98 }) },
      { exchange: { latency: { fixedMs: 90_000, jitterMs: 0 } } },
    );
    expect(r.typesOf('S-000001')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled', 'OrderModifyRejected']);
    expect(r.result.fills[0]).toMatchObject({ timestamp: at(3), lastPrice: 99 });
    const rejected = eventOf(r.events, 'OrderModifyRejected')!;
    expect(rejected.reason).toContain('order is closed');
    expect(rejected.timestamp, 'when the modify arrived').toBe(at(4));
    expect(r.result.orders[0]).toMatchObject({ status: 'filled', price: 99 });
  });

  it('a quantity cut that arrives when more has filled than it leaves is rejected; the order keeps working unchanged', () => {
    // 50% of a 10-unit bar: 5 units per bar. Sent when 5 had filled, the cut to 8 arrives when 10 have.
    const through: BarRow = [101, 101, 99, 100, 10];
    const r = run(
      TEST,
      rowsOf([FLAT, FLAT, through, through, through, through, FLAT]),
      { 0: limitBuy(20, 100), 2: (c) => c.modifyOrder('S-000001', { quantity: 8 }) },
      { exchange: { latency: { fixedMs: 90_000, jitterMs: 0 }, maxVolumeParticipation: 0.5 } },
    );
    const rejected = eventOf(r.events, 'OrderModifyRejected')!;
    expect(rejected.reason).toMatch(/^QUANTITY_NOT_ABOVE_FILLED: quantity 8 must exceed the filled 10/);
    expect(rejected.timestamp).toBe(at(4));
    expect(
      r.result.fills.map((f) => [f.timestamp, f.lastQuantity]),
      'the participation limit keeps applying; the order fills its original 20',
    ).toEqual([
      [at(2), 5],
      [at(3), 5],
      [at(4), 5],
      [at(5), 5],
    ]);
    expect(r.result.orders[0]).toMatchObject({ status: 'filled', quantity: 20 });
  });

  it('a quantity cut in time makes the order done at the new quantity', () => {
    const through: BarRow = [101, 101, 99, 100, 10];
    const r = run(
      TEST,
      rowsOf([FLAT, through, through, through]),
      { 0: limitBuy(20, 100), 1: (c) => c.modifyOrder('S-000001', { quantity: 7 }) },
      { exchange: { maxVolumeParticipation: 0.5 } },
    );
    expect(
      r.result.fills.map((f) => f.lastQuantity),
      '5, then the 2 left of 7',
    ).toEqual([5, 2]);
    expect(r.result.orders[0]).toMatchObject({ status: 'filled', quantity: 7, filledQuantity: 7 });
  });

  it('time priority: raising the quantity loses it, cutting it keeps it', () => {
    // A and B buy 5 at 100, A first; the bar's budget is 5 units: the first in priority takes it all.
    const through: BarRow = [101, 101, 99, 100, 10];
    const bar1 = (amend: number | undefined) =>
      run(
        TEST,
        rowsOf([FLAT, through]),
        {
          0: (c) => {
            limitBuy(5, 100)(c);
            limitBuy(5, 100)(c);
            if (amend !== undefined) c.modifyOrder('S-000001', { quantity: amend });
          },
        },
        { exchange: { maxVolumeParticipation: 0.5 } },
      ).result.fills.map((f) => [f.clientOrderId, f.lastQuantity]);
    expect(bar1(undefined), 'A was first').toEqual([['S-000001', 5]]);
    expect(bar1(6), 'A grew: it ranks behind B').toEqual([['S-000002', 5]]);
    expect(bar1(4), 'A shrank: still first').toEqual([
      ['S-000001', 4],
      ['S-000002', 1],
    ]);
  });

  it('a limit amended through the market fills at the next open as a taker, like a new marketable order', () => {
    const r = run(TEST, rowsOf([FLAT, FLAT, FLAT]), {
      0: limitBuy(1, 95),
      1: (c) => c.modifyOrder('S-000001', { price: 102 }),
    });
    expect(r.result.fills).toHaveLength(1);
    expect(r.result.fills[0]).toMatchObject({ timestamp: at(2), lastPrice: 100, liquiditySide: 'taker' });
  });

  it('reduce-only keeps applying: an amended reduce-only sell fills only what closes the position', () => {
    const r = run(TEST, rowsOf([FLAT, FLAT, FLAT, [105, 111, 104, 110]]), {
      0: (c) => c.submitOrder(c.orders.market({ instrumentId: TEST.id, side: 'buy', quantity: 2 })),
      1: (c) =>
        c.submitOrder(
          c.orders.limit({ instrumentId: TEST.id, side: 'sell', quantity: 2, price: 110, reduceOnly: true }),
        ),
      2: (c) => c.modifyOrder('S-000002', { quantity: 5 }),
    });
    expect(r.typesOf('S-000002')).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'OrderUpdated',
      'OrderFilled',
      'OrderCanceled',
    ]);
    expect(r.result.fills.at(-1)).toMatchObject({ lastQuantity: 2, lastPrice: 110 });
    expect(r.engine.kernel.portfolio.positionQuantity(TEST.id), 'flat, never short').toBe(0);
  });
});

describe('TradingKernel.modifyOrder: the trading-state gate', () => {
  /** The engine of the run in progress, so a bar's action can change the trading state first. */
  let engine: BacktestEngine;
  const keep = (e: BacktestEngine) => {
    engine = e;
  };

  it('HALTED rejects a modify with TRADING_HALTED; the order keeps working and later fills at its own price', () => {
    const r = run(
      TEST,
      rowsOf([FLAT, FLAT, FLAT, [100, 100, 98.5, 99]]),
      {
        0: limitBuy(1, 99),
        1: (c) => {
          engine.kernel.tradingState.halt(GLOBAL_SCOPE, 'operator stop', 'test');
          c.modifyOrder('S-000001', { price: 99.5 });
        },
      },
      {},
      keep,
    );
    const rejected = eventOf(r.events, 'OrderModifyRejected')!;
    expect(rejected.reason).toMatch(/^TRADING_HALTED: /);
    expect(r.typesOf('S-000001')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderModifyRejected', 'OrderFilled']);
    expect(r.result.fills[0], 'filled at the unchanged 99, on bar 3').toMatchObject({
      timestamp: at(3),
      lastPrice: 99,
    });
    expect(r.result.orders[0]).toMatchObject({ status: 'filled', price: 99 });
  });

  it('REDUCING rejects a modify that would grow |position| and passes one that still shrinks it', () => {
    const r = run(
      TEST,
      rowsOf([FLAT, FLAT, FLAT, FLAT]),
      {
        0: (c) => c.submitOrder(c.orders.market({ instrumentId: TEST.id, side: 'buy', quantity: 2 })),
        1: (c) => {
          c.submitOrder(c.orders.limit({ instrumentId: TEST.id, side: 'sell', quantity: 1, price: 120 }));
          c.submitOrder(c.orders.limit({ instrumentId: TEST.id, side: 'buy', quantity: 1, price: 80 }));
        },
        2: (c) => {
          engine.kernel.tradingState.reduce(GLOBAL_SCOPE, 'operator: reduce only', 'test');
          c.modifyOrder('S-000002', { quantity: 3 }); // would sell 3 of a long 2: flips it
          c.modifyOrder('S-000002', { quantity: 2 }); // still only closes
          c.modifyOrder('S-000003', { price: 81 }); // a buy grows a long
        },
      },
      {},
      keep,
    );
    const outcomes = r.events
      .filter((e) => e.type === 'OrderUpdated' || e.type === 'OrderModifyRejected')
      .map((e) => [e.clientOrderId, e.type, e.type === 'OrderModifyRejected' ? e.reason.split(':')[0] : '']);
    expect(outcomes).toEqual([
      ['S-000002', 'OrderModifyRejected', 'TRADING_REDUCING'],
      ['S-000003', 'OrderModifyRejected', 'TRADING_REDUCING'],
      ['S-000002', 'OrderUpdated', ''],
    ]);
  });
});

describe('amendWorkingOrder: the venue checks', () => {
  const portfolio = (type: 'cash' | 'margin', cash: number) => {
    const account = new Account(accountId('A'), type, currency('USD'));
    account.deposit(cash, 'USD', 0);
    const p = new Portfolio(account);
    p.register(TEST);
    p.mark(0, 100);
    return p;
  };
  const working = (order: Partial<OrderRequest> = {}, filled = 0): WorkingOrder => ({
    order: orderRequest({ instrumentId: TEST.id, type: 'limit', quantity: 10, price: 99, ...order }),
    instrument: TEST,
    venueOrderId: venueOrderId('SIM-1'),
    sequence: 0,
    filled,
    triggered: false,
    barsWorked: 3,
    fresh: false,
    makerNotional: 0,
    takerNotional: 0,
    feesChargedMinor: 0,
  });
  const modify = (changes: Partial<ModifyOrder>): ModifyOrder => ({
    type: 'ModifyOrder',
    clientOrderId: clientOrderId('S-000001'),
    instrumentId: TEST.id,
    strategyId: strategyId('S'),
    timestamp: 0,
    ...changes,
  });
  const context = (overrides: Partial<AmendmentContext> = {}): AmendmentContext => ({
    sequence: 7,
    price: 100,
    time: 5_000,
    portfolio: portfolio('margin', 100_000),
    fees: {},
    reservedCash: 0,
    ...overrides,
  });
  const reasonOf = (w: WorkingOrder | undefined, changes: Partial<ModifyOrder>, c = context()) => {
    const event = amendWorkingOrder(w, modify(changes), c);
    return event.type === 'OrderModifyRejected' ? event.reason.split(':')[0] : 'UPDATED';
  };

  it('rejects what a new order would be rejected for, and what only an amendment can get wrong', () => {
    expect(reasonOf(undefined, { price: 98 }), 'not working').toBe('ORDER_CLOSED');
    expect(reasonOf(working(), { price: 98.005 })).toBe('PRICE_PRECISION');
    expect(reasonOf(working(), { quantity: 2.5 })).toBe('QUANTITY_PRECISION');
    expect(reasonOf(working({}, 4), { quantity: 4 })).toBe('QUANTITY_NOT_ABOVE_FILLED');
    expect(reasonOf(working({ postOnly: true }), { price: 100 }), 'would trade at the market 100').toBe(
      'POST_ONLY_WOULD_TAKE',
    );
    expect(reasonOf(working({ postOnly: true }), { price: 99.99 })).toBe('UPDATED');
    expect(reasonOf(working({ type: 'market', price: undefined }), { price: 99 })).toBe('PRICE_NOT_APPLICABLE');
    const triggered = { ...working({ type: 'stop_limit', triggerPrice: 101, price: 102 }), triggered: true };
    expect(reasonOf(triggered, { triggerPrice: 103 })).toBe('ALREADY_TRIGGERED');
    expect(reasonOf(working(), {})).toBe('NOTHING_TO_MODIFY');
  });

  it('checks cash only for an amendment that can cost more: a cut always passes', () => {
    // 1,000 cash, 10 × 99 = 990 spoken for by the order itself; another order holds 500 more.
    const tight = context({ portfolio: portfolio('cash', 1_000), reservedCash: 500 });
    expect(reasonOf(working(), { quantity: 11 }, tight), '11 × 99 > 1,000 − 500').toBe('INSUFFICIENT_CASH');
    expect(reasonOf(working(), { price: 99.5 }, tight), 'a dearer buy').toBe('INSUFFICIENT_CASH');
    expect(reasonOf(working(), { quantity: 4 }, tight), 'a cut').toBe('UPDATED');
    expect(reasonOf(working(), { quantity: 5, price: 90 }, tight), 'cheaper: 450 ≤ 500 free').toBe('UPDATED');
  });

  it('amends in place: a repricing or growth takes the modify sequence and a repricing makes the order fresh', () => {
    const w = working({}, 2);
    const event = amendWorkingOrder(w, modify({ quantity: 8 }), context());
    expect(event).toMatchObject({
      type: 'OrderUpdated',
      quantity: 8,
      price: 99,
      venueOrderId: 'SIM-1',
      timestamp: 5_000,
    });
    expect([w.order.quantity, w.sequence, w.fresh, w.filled, w.barsWorked], 'a cut: priority kept').toEqual([
      8,
      0,
      false,
      2,
      3,
    ]);
    amendWorkingOrder(w, modify({ price: 98 }), context({ sequence: 9 }));
    expect([w.order.price, w.sequence, w.fresh], 'repriced: behind, fresh').toEqual([98, 9, true]);
    const before = { ...w, order: w.order };
    amendWorkingOrder(w, modify({ price: 98.001 }), context({ sequence: 11 }));
    expect(w, 'a rejected amendment leaves the working order untouched').toEqual(before);
  });
});
