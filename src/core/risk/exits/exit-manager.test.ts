import { describe, expect, it } from 'vitest';
import type { TradingKernel } from '../../kernel/trading-kernel.ts';
import type { Bar } from '../../model/data.ts';
import type { OrderFilled } from '../../model/events.ts';
import type { Order } from '../../model/order.ts';
import { type BarRow, barSeriesFromRows, MINUTE, T0, testInstrument } from '../../testing/fixtures.ts';
import { GLOBAL_SCOPE } from '../state/trading-state.ts';
import type { ExitRules } from './exit-rules.ts';
import {
  EXIT_MANAGER_PRIORITY,
  type ExitHarness,
  exitHarness,
  type ScriptedOrder,
  ScriptedOrders,
} from './exit-test-harness.ts';

/**
 * Worked examples on small synthetic 1-minute bars of TEST.SIM (price grid 0.01, whole units),
 * through a real BacktestEngine: a strategy's market order sent at the close of bar i fills at
 * the open of bar i + 1; an exit order sent then reaches the venue at bar i + 2.
 */
const TEST = testInstrument();
const flat = (price: number): BarRow => [price, price, price, price];

interface Run extends ExitHarness {
  /** Exit orders (strategy RISK) in creation order. */
  readonly exits: () => Order[];
  readonly fills: () => OrderFilled[];
  /** Per bar, at its publication before the manager acts: the position and the working stops. */
  readonly perBar: { position: number; workingStops: Order[] }[];
}

function run(
  rules: ExitRules,
  rows: readonly BarRow[],
  script: readonly ScriptedOrder[],
  /** Called at each bar's publication, before the manager and the strategy. */
  onBar?: (index: number, kernel: TradingKernel) => void,
): Run {
  const harness = exitHarness({ instrument: TEST, rules, engine: { seed: 1 } });
  const { engine, manager } = harness;
  engine.addStrategy(new ScriptedOrders(TEST, script), 'S');
  const kernel = engine.kernel;
  const perBar: Run['perBar'] = [];
  kernel.bus.subscribe<Bar>(
    'data.bars.*',
    () => {
      const workingStops = kernel.cache
        .openOrders(TEST.id)
        .filter((o) => o.type === 'stop_market' && !manager.isCanceling(o.clientOrderId));
      onBar?.(perBar.length, kernel);
      perBar.push({ position: kernel.portfolio.positionQuantity(TEST.id), workingStops });
    },
    EXIT_MANAGER_PRIORITY + 1,
  );
  engine.processBars(barSeriesFromRows(rows, TEST, 1_000));
  return {
    ...harness,
    perBar,
    exits: () => kernel.cache.orderList.filter((o) => o.strategyId === 'RISK'),
    fills: () => harness.events.filter((e): e is OrderFilled => e.type === 'OrderFilled'),
  };
}

const BUY_10_AT_BAR_0: ScriptedOrder[] = [{ at: 0, side: 'buy', quantity: 10 }];
const at = (bar: number) => T0 + bar * MINUTE;

describe('ExitManager, native mode: worked examples', () => {
  it('a long from 100 with a 2% stop rests a reduce-only stop-market at 98; a gap below fills at the open', () => {
    const rows: BarRow[] = [flat(100), [100, 101, 99.5, 100.5], [100.5, 101, 99, 99.5], [97, 97.5, 96, 97], flat(97)];
    const r = run({ stopLoss: { percent: 0.02 } }, rows, BUY_10_AT_BAR_0);
    const [stop] = r.exits();
    expect(stop, 'one exit order').toMatchObject({
      type: 'stop_market',
      side: 'sell',
      quantity: 10,
      triggerPrice: 98,
      reduceOnly: true,
      tags: ['EXIT', 'STOP_LOSS'],
      createdAt: at(1),
    });
    expect(r.exits()).toHaveLength(1);
    const exit = r.fills().find((f) => f.strategyId === 'RISK')!;
    expect(exit, 'the open 97 is below the stop: it fills there, not at 98').toMatchObject({
      lastPrice: 97,
      lastQuantity: 10,
      timestamp: at(3),
    });
    expect(r.engine.kernel.portfolio.positionQuantity(TEST.id)).toBe(0);
    expect(
      r.perBar.map((b) => b.workingStops.length),
      'one stop from the opening bar until the exit',
    ).toEqual([0, 1, 1, 0, 0]);
  });

  it('take-profit at 2R (104) fills, and its fill cancels the stop (one-cancels-other)', () => {
    const rows: BarRow[] = [flat(100), [100, 100.5, 99.5, 100], [100, 104.5, 99.8, 104.2], flat(104), flat(104)];
    const r = run({ stopLoss: { percent: 0.02 }, takeProfit: { riskMultiple: 2 } }, rows, BUY_10_AT_BAR_0);
    const [stop, target] = r.exits();
    expect(target).toMatchObject({ type: 'limit', side: 'sell', quantity: 10, price: 104, reduceOnly: true });
    expect(target!.tags).toEqual(['EXIT', 'TAKE_PROFIT']);
    expect(target!.status).toBe('filled');
    expect(r.fills().at(-1), 'a resting limit fills at its price').toMatchObject({ lastPrice: 104, timestamp: at(2) });
    expect(stop!.status, 'the sibling stop is canceled at the next bar').toBe('canceled');
    expect(stop!.updatedAt).toBe(at(3));
    expect(r.engine.kernel.cache.openOrders()).toEqual([]);
  });

  it('trails 1% behind the highs 105 and 107: the stop moves 99 → 103.95 → 105.93 and fills at 105.93', () => {
    const rows: BarRow[] = [
      flat(100),
      flat(100),
      [100, 105, 100, 104.5],
      [104.5, 107, 104.2, 106.8],
      [106.8, 106.9, 105.5, 105.6],
      flat(105.6),
    ];
    const r = run({ trailingStop: { percent: 0.01 } }, rows, BUY_10_AT_BAR_0);
    const stops = r.exits();
    expect(stops.map((o) => [o.triggerPrice, o.tags[1], o.status])).toEqual([
      [99, 'TRAILING_STOP', 'canceled'],
      [103.95, 'TRAILING_STOP', 'canceled'],
      [105.93, 'TRAILING_STOP', 'filled'],
    ]);
    expect(r.fills().at(-1), 'high first (nearer the open), then down through 105.93').toMatchObject({
      lastPrice: 105.93,
      timestamp: at(4),
    });
    expect(
      r.perBar.every((b) => b.workingStops.length === (b.position === 0 ? 0 : 1)),
      'exactly one working stop whenever a position is open',
    ).toBe(true);
  });

  it('keeps managing exits while trading is HALTED: the trail replacements are flatten orders that only shrink', () => {
    const rows: BarRow[] = [
      flat(100),
      flat(100),
      [100, 105, 100, 104.5],
      [104.5, 107, 104.2, 106.8],
      [106.8, 106.9, 105.5, 105.6],
      flat(105.6),
    ];
    const script: ScriptedOrder[] = [
      { at: 0, side: 'buy', quantity: 10 },
      { at: 2, side: 'buy', quantity: 5 },
    ];
    const r = run({ trailingStop: { percent: 0.01 } }, rows, script, (index, kernel) => {
      if (index === 1) kernel.tradingState.halt(GLOBAL_SCOPE, 'test', 'test');
    });
    const denials = r.events.filter((e) => e.type === 'OrderDenied');
    expect(denials.map((e) => [e.strategyId, e.type === 'OrderDenied' && e.reason])).toEqual([['S', 'TRADING_HALTED']]);
    expect(r.exits().map((o) => [o.triggerPrice, o.status])).toEqual([
      [99, 'canceled'],
      [103.95, 'canceled'],
      [105.93, 'filled'],
    ]);
  });

  it('with an activation, the fixed stop rests until the trade is 3% in profit, then the trail takes over', () => {
    const rows: BarRow[] = [flat(100), flat(100), [100, 102, 100, 101], [101, 105, 101, 104.5], flat(104.5)];
    const r = run(
      { stopLoss: { percent: 0.02 }, trailingStop: { percent: 0.01, activationPercent: 0.03 } },
      rows,
      BUY_10_AT_BAR_0,
    );
    expect(r.exits().map((o) => [o.triggerPrice, o.tags[1]])).toEqual([
      [98, 'STOP_LOSS'],
      [103.95, 'TRAILING_STOP'],
    ]);
  });

  it.each([
    ['30 bars', { bars: 30 }],
    ['30 minutes', { minutes: 30 }],
  ])('a time stop of %s exits at market 30 minutes after the opening fill and cancels the stop', (_name, timeStop) => {
    const rows: BarRow[] = Array.from({ length: 40 }, () => [100, 100.5, 99.5, 100] as BarRow);
    const r = run({ stopLoss: { percent: 0.02 }, timeStop }, rows, BUY_10_AT_BAR_0);
    const [stop, exit] = r.exits();
    expect(exit).toMatchObject({ type: 'market', side: 'sell', quantity: 10, reduceOnly: true });
    expect(exit!.tags).toEqual(['EXIT', 'TIME_STOP']);
    expect(r.fills().at(-1)!.timestamp, 'entry at the open of bar 1, exit at the open of bar 31').toBe(at(31));
    const [trip] = r.engine.kernel.portfolio.roundTrips;
    expect(trip!.exitTime - trip!.entryTime).toBe(30 * MINUTE);
    expect(stop!.status).toBe('canceled');
  });

  it('re-sizes and re-levels on a scale-in, re-sizes on a partial close, cancels all when flat', () => {
    const rows: BarRow[] = [flat(100), flat(100), flat(110), flat(110), flat(111), flat(111), flat(111)];
    const script: ScriptedOrder[] = [
      { at: 0, side: 'buy', quantity: 10 },
      { at: 1, side: 'buy', quantity: 10 },
      { at: 2, side: 'sell', quantity: 5, reduceOnly: true },
      { at: 3, side: 'sell', quantity: 15, reduceOnly: true },
    ];
    const r = run({ stopLoss: { percent: 0.02 } }, rows, script);
    expect(r.exits().map((o) => [o.quantity, o.triggerPrice, o.status])).toEqual([
      [10, 98, 'canceled'],
      [20, 102.9, 'canceled'], // average (100 + 110) / 2 = 105, × 0.98
      [15, 102.9, 'canceled'],
    ]);
    expect(r.engine.kernel.cache.openOrders()).toEqual([]);
    expect(r.perBar.map((b) => [b.position, b.workingStops.map((o) => o.quantity)])).toEqual([
      [0, []],
      [10, [10]],
      [20, [20]],
      [15, [15]],
      [0, []],
      [0, []],
      [0, []],
    ]);
  });

  it('a flip from long to short cancels the long exits and attaches the short ones from the new entry', () => {
    const rows: BarRow[] = [flat(100), flat(100), flat(101), flat(101), flat(101)];
    const script: ScriptedOrder[] = [
      { at: 0, side: 'buy', quantity: 10 },
      { at: 1, side: 'sell', quantity: 20 },
    ];
    const r = run({ stopLoss: { percent: 0.02 }, takeProfit: { riskMultiple: 2 } }, rows, script);
    const [, , shortStop, shortTarget] = r.exits();
    expect(
      r
        .exits()
        .slice(0, 2)
        .map((o) => o.status),
    ).toEqual(['canceled', 'canceled']);
    expect(shortStop, '101 × 1.02 = 103.02').toMatchObject({ side: 'buy', quantity: 10, triggerPrice: 103.02 });
    expect(shortTarget, '101 − 2 × 2.02 = 96.96').toMatchObject({ side: 'buy', quantity: 10, price: 96.96 });
    expect([shortStop!.status, shortTarget!.status]).toEqual(['accepted', 'accepted']);
  });

  it('an ATR stop (2 × ATR(3) = 4) waits until the ATR is ready, then rests at entry − 4', () => {
    const rows: BarRow[] = Array.from({ length: 6 }, () => [100, 101, 99, 100] as BarRow);
    const r = run({ stopLoss: { atrMultiple: 2 }, atrPeriod: 3 }, rows, BUY_10_AT_BAR_0);
    const [stop] = r.exits();
    expect(stop, 'true ranges of 2 from bar 1: ATR(3) is ready at bar 3').toMatchObject({
      triggerPrice: 96,
      createdAt: at(4), // the close of bar 3
    });
  });

  it('a stop and a target crossed in one bar: the first on the path fills, the late cancel is refused, nothing throws', () => {
    const rows: BarRow[] = [flat(100), flat(100), [100, 102.5, 97.5, 100], flat(100), flat(100)];
    const r = run({ stopLoss: { percent: 0.02 }, takeProfit: { percent: 0.02 } }, rows, BUY_10_AT_BAR_0);
    const [stop, target] = r.exits();
    expect(target!.status, 'high and low equally near: the high first').toBe('filled');
    expect(stop!.status).toBe('canceled');
    expect(stop!.reason, 'the venue canceled it: nothing left to reduce').toMatch(/REDUCE_ONLY/);
    expect(r.events.some((e) => e.type === 'OrderCancelRejected' && e.clientOrderId === stop!.clientOrderId)).toBe(
      true,
    );
    expect(r.fills().filter((f) => f.strategyId === 'RISK')).toHaveLength(1);
  });

  it('a denied exit is tried at most 3 times per position state and logged, not resent every bar', () => {
    const small = run(
      { stopLoss: { percent: 0.02 } },
      Array.from({ length: 10 }, () => flat(100)),
      [{ at: 0, side: 'buy', quantity: 1 }],
    );
    expect(small.exits(), 'a stop of 1 × 98 is fine').toHaveLength(1);
    const tiny = testInstrument({ symbol: 'TINY', minNotional: 99 });
    const harness = exitHarness({ instrument: tiny, rules: { stopLoss: { percent: 0.02 } } });
    harness.engine.addStrategy(new ScriptedOrders(tiny, [{ at: 0, side: 'buy', quantity: 1 }]), 'S');
    harness.engine.processBars(
      barSeriesFromRows(
        Array.from({ length: 10 }, () => flat(100)),
        tiny,
        1_000,
      ),
    );
    const denials = harness.events.filter((e) => e.type === 'OrderDenied');
    expect(
      denials.map((d) => (d.type === 'OrderDenied' ? d.reason : '')),
      '98 < the 99 minimum notional',
    ).toEqual(['BELOW_MIN_NOTIONAL', 'BELOW_MIN_NOTIONAL', 'BELOW_MIN_NOTIONAL']);
    expect(
      harness.warnings.map((w) => w.event).filter((e) => e !== 'order_denied'),
      'the kernel logs each denial; the manager warns once per try',
    ).toEqual(['exit_order_failed', 'exit_order_failed', 'exit_order_failed']);
  });
});

describe('ExitManager, simulated mode: the same examples by market order', () => {
  it('the 2% stop crossed by a gap sends a reduce-only market order at the close, filled at the next open', () => {
    const rows: BarRow[] = [
      flat(100),
      [100, 101, 99.5, 100.5],
      [100.5, 101, 99, 99.5],
      [97, 97.5, 96, 97],
      [96.5, 97, 96, 96.8],
    ];
    const r = run({ stopLoss: { percent: 0.02 }, mode: 'simulated' }, rows, BUY_10_AT_BAR_0);
    const [exit] = r.exits();
    expect(exit).toMatchObject({ type: 'market', side: 'sell', quantity: 10, reduceOnly: true, createdAt: at(4) });
    expect(exit!.tags).toEqual(['EXIT', 'STOP_LOSS']);
    expect(r.fills().at(-1), 'one bar later than native, at the next open').toMatchObject({
      lastPrice: 96.5,
      timestamp: at(4),
    });
    expect(
      r.perBar.every((b) => b.workingStops.length === 0),
      'nothing rests at the venue',
    ).toBe(true);
  });

  it('checks a bar against the levels in force when it began: not the opening bar, and a trail only from the next bar', () => {
    const rows: BarRow[] = [
      flat(100),
      [100, 100, 98.5, 99],
      [99.5, 105, 99.5, 104.5],
      [104.5, 104.6, 103.9, 104],
      flat(104),
    ];
    const r = run({ trailingStop: { percent: 0.01 }, mode: 'simulated' }, rows, BUY_10_AT_BAR_0);
    const [exit] = r.exits();
    expect(exit?.tags, 'bar 1 dips below 99 but the trail is armed from bar 2; bar 3 crosses 103.95').toEqual([
      'EXIT',
      'TRAILING_STOP',
    ]);
    expect(exit!.createdAt).toBe(at(4));
  });

  it('both levels in one bar: the same path rule as the venue picks the target', () => {
    const rows: BarRow[] = [flat(100), flat(100), [100, 102.5, 97.5, 100], flat(100), flat(100)];
    const r = run(
      { stopLoss: { percent: 0.02 }, takeProfit: { percent: 0.02 }, mode: 'simulated' },
      rows,
      BUY_10_AT_BAR_0,
    );
    expect(r.exits().map((o) => o.tags[1])).toEqual(['TAKE_PROFIT']);
    expect(r.engine.kernel.portfolio.positionQuantity(TEST.id)).toBe(0);
  });

  it('never has an exit on its way twice, and is idle when flat', () => {
    const rows: BarRow[] = [flat(100), flat(100), [95, 95, 90, 91], [90, 90, 85, 86], flat(86), flat(86)];
    const r = run({ stopLoss: { percent: 0.02 }, mode: 'simulated' }, rows, BUY_10_AT_BAR_0);
    expect(r.exits(), 'one market exit, filled at the open of bar 3').toHaveLength(1);
    expect(r.fills().at(-1)).toMatchObject({ strategyId: 'RISK', lastPrice: 90, timestamp: at(3) });
    expect(r.manager.exits(TEST.id)).toBeUndefined();
    expect(r.engine.kernel.cache.openOrders()).toEqual([]);
  });
});
