import { describe, expect, it } from 'vitest';
import { BacktestEngine, type BacktestEngineConfig, type BacktestResult } from '../kernel/backtest-engine.ts';
import { SeededRandom } from '../kernel/random.ts';
import type { Bar, BarSeries } from '../model/data.ts';
import type { OrderEvent, OrderFilled } from '../model/events.ts';
import type { Instrument } from '../model/instrument.ts';
import type { Order } from '../model/order.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import {
  type Action,
  all,
  type BarRow,
  barOf,
  barSeriesFromRows,
  MINUTE,
  scriptedEngine,
  T0,
  testInstrument,
} from '../testing/fixtures.ts';

/** A spot instrument quoted in USD (cents), traded in whole units unless told otherwise. */
const INSTRUMENT = testInstrument();
const ID = INSTRUMENT.id;

/** [open, high, low, close, volume]; volume defaults to 1,000,000 (no participation limit bites). */
type Row = BarRow;

/** One-minute bars from arrays, the first opening at T0. */
const barSeries = (rows: readonly Row[], instrument: Instrument = INSTRUMENT): BarSeries =>
  barSeriesFromRows(rows, instrument, 1_000_000);

/** Open time of bar `i`; venue events carry the open time of the bar that produced them. */
const at = (i: number): number => T0 + i * MINUTE;

/** Runs `actions[i]` in onBar of bar i (after bar i closed) and records every order event. */
class ScriptedStrategy implements Strategy {
  readonly events: OrderEvent[] = [];
  /** Cash after each bar. */
  readonly cash: number[] = [];
  private index = -1;
  constructor(private readonly actions: Readonly<Record<number, Action>>) {}
  onStart(context: StrategyContext): void {
    context.subscribeBars(ID);
  }
  onBar(_bar: Bar, context: StrategyContext): void {
    this.index++;
    this.cash.push(context.portfolio.cash());
    this.actions[this.index]?.(context);
  }
  onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
  }
}

interface Run {
  readonly result: BacktestResult;
  readonly events: readonly OrderEvent[];
  readonly fills: readonly OrderFilled[];
  readonly orders: readonly Order[];
  /** Cash after each bar's close. */
  readonly cash: readonly number[];
  /** Events of one order by type, in arrival order. */
  readonly eventsOf: (clientOrderId: string) => string[];
}

function run(
  rows: readonly Row[],
  actions: Readonly<Record<number, Action>>,
  config: Partial<BacktestEngineConfig> = {},
): Run {
  const strategy = new ScriptedStrategy(actions);
  const engine = scriptedEngine(INSTRUMENT, strategy, config);
  engine.processBars(barSeries(rows));
  const result = engine.finish();
  return {
    result,
    events: strategy.events,
    fills: result.fills,
    orders: result.orders,
    cash: strategy.cash,
    eventsOf: (id) => strategy.events.filter((e) => e.clientOrderId === id).map((e) => e.type),
  };
}

/** Submits an order built by `build` and returns nothing (the id is `S-00000n` in submission order). */
const submit =
  (build: (context: StrategyContext) => Parameters<StrategyContext['submitOrder']>[0]): Action =>
  (context) =>
    context.submitOrder(build(context));

const buy = (quantity: number, extra: Record<string, unknown> = {}) =>
  submit((c) => c.orders.market({ instrumentId: ID, side: 'buy', quantity, ...extra }));
const sell = (quantity: number, extra: Record<string, unknown> = {}) =>
  submit((c) => c.orders.market({ instrumentId: ID, side: 'sell', quantity, ...extra }));

const FLAT: Row = [100, 100.5, 99.5, 100];

describe('SimulatedExchange matching through the BacktestEngine', () => {
  describe('market orders', () => {
    it('fill at the open of the bar after the one they were submitted on, never on that bar', () => {
      const { fills, orders } = run(
        [
          [100, 101, 99, 100],
          [105, 106, 104, 105.5],
          [110, 111, 109, 110],
        ],
        { 0: buy(2) },
      );
      expect(fills, 'one fill').toHaveLength(1);
      expect(barOf(fills[0].timestamp), 'submitted after bar 0 closed: bar 1 is the first it can meet').toBe(1);
      expect(fills[0].lastPrice, 'market order fills at the next bar open').toBe(105);
      expect(fills[0].lastQuantity).toBe(2);
      expect(fills[0].liquiditySide).toBe('taker');
      expect(orders[0].status).toBe('filled');
    });

    it('go through submitted → accepted → filled, and the position and cash follow', () => {
      const r = run([FLAT, [101, 102, 100, 101.5], FLAT], { 0: buy(3) }, { startingCash: 1_000 });
      expect(r.eventsOf('S-000001')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
      expect(r.result.finalEquity, '1000 − 3·101 cash + 3 units marked at the last close 100').toBeCloseTo(
        1_000 - 303 + 300,
        9,
      );
    });
  });

  describe('limit orders', () => {
    it('a buy limit below the open fills at the limit when the low reaches it (maker)', () => {
      // Path of bar 1: 100 → 101 (nearer) → 97 → 99; the limit 98 is crossed on the way down.
      const { fills } = run([FLAT, [100, 101, 97, 99], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 98 })),
      });
      expect(fills).toHaveLength(1);
      expect(barOf(fills[0].timestamp)).toBe(1);
      expect(fills[0].lastPrice, 'fills at the limit, not at the low 97').toBe(98);
      expect(fills[0].liquiditySide, 'resting limit touched inside the bar provides liquidity').toBe('maker');
    });

    it('a buy limit does not fill when the low stays above it', () => {
      const { fills, orders } = run([FLAT, [100, 101, 98.01, 99], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 98 })),
      });
      expect(fills, 'low 98.01 > limit 98').toHaveLength(0);
      expect(orders[0].status, 'keeps working').toBe('accepted');
    });

    it('a buy limit fills at the open when the bar gaps below the limit', () => {
      const { fills } = run([FLAT, [96, 97, 95, 96.5], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 98 })),
      });
      expect(fills[0].lastPrice, 'the open 96 is better than the limit 98').toBe(96);
      expect(fills[0].liquiditySide, 'marketable on arrival: it takes liquidity').toBe('taker');
    });

    it('a resting buy limit gapped through on a later bar fills at that open', () => {
      const { fills } = run([FLAT, [100, 101, 99, 100], [95, 96, 94, 95]], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 98 })),
      });
      expect(barOf(fills[0].timestamp), 'untouched on bar 1').toBe(2);
      expect(fills[0].lastPrice).toBe(95);
      expect(fills[0].liquiditySide, 'it was resting in the book').toBe('maker');
    });

    it('a sell limit above the open fills at the limit when the high reaches it, and at the open on a gap up', () => {
      const touched = run([FLAT, [100, 103, 99.5, 102.5], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'sell', quantity: 1, price: 102 })),
      });
      expect(touched.fills[0].lastPrice, 'high 103 crosses 102').toBe(102);
      expect(touched.fills[0].liquiditySide).toBe('maker');
      const gapped = run([FLAT, [104, 105, 103.5, 104], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'sell', quantity: 1, price: 102 })),
      });
      expect(gapped.fills[0].lastPrice, 'the open 104 is better than the limit 102').toBe(104);
      const missed = run([FLAT, [100, 101.99, 99, 100], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'sell', quantity: 1, price: 102 })),
      });
      expect(missed.fills, 'high 101.99 < 102').toHaveLength(0);
    });
  });

  describe('stop orders', () => {
    it('a buy stop-market triggers at the stop and fills there', () => {
      // Path of bar 1: 100 → 99.5 (nearer) → 107 → 106; the stop 105 is crossed on the way up.
      const r = run([FLAT, [100, 107, 99.5, 106], FLAT], {
        0: submit((c) => c.orders.stopMarket({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 105 })),
      });
      expect(r.fills[0].lastPrice, 'fills at the trigger price').toBe(105);
      expect(r.fills[0].liquiditySide).toBe('taker');
      expect(r.eventsOf('S-000001')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderTriggered', 'OrderFilled']);
      expect(r.orders[0].triggered).toBe(true);
    });

    it('a buy stop-market fills at the open when the bar gaps above the stop', () => {
      const { fills } = run([FLAT, [108, 109, 107.5, 108], FLAT], {
        0: submit((c) => c.orders.stopMarket({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 105 })),
      });
      expect(fills[0].lastPrice, 'worse than the stop: the first price at or above it is the open').toBe(108);
    });

    it('a sell stop-market triggers when the price falls to it', () => {
      const { fills } = run([FLAT, [100, 100.5, 94, 95], FLAT], {
        0: submit((c) => c.orders.stopMarket({ instrumentId: ID, side: 'sell', quantity: 1, triggerPrice: 96 })),
      });
      expect(fills[0].lastPrice).toBe(96);
      const untouched = run([FLAT, [100, 100.5, 96.01, 97], FLAT], {
        0: submit((c) => c.orders.stopMarket({ instrumentId: ID, side: 'sell', quantity: 1, triggerPrice: 96 })),
      });
      expect(untouched.fills, 'low 96.01 never reaches the stop 96').toHaveLength(0);
      expect(untouched.orders[0].triggered).toBe(false);
    });

    it('a buy stop-limit with a marketable limit fills at the trigger as a taker', () => {
      const { fills } = run([FLAT, [100, 107, 99.5, 106], FLAT], {
        0: submit((c) =>
          c.orders.stopLimit({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 105, price: 105.5 }),
        ),
      });
      expect(fills[0].lastPrice, 'the price at the trigger is 105, within the limit 105.5').toBe(105);
      expect(fills[0].liquiditySide).toBe('taker');
    });

    it('a buy stop-limit whose limit is below the trigger waits, after triggering, for the price to come back', () => {
      const r = run([FLAT, [100, 107, 99.5, 106], [106, 106.5, 103, 104], FLAT], {
        0: submit((c) =>
          c.orders.stopLimit({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 105, price: 104 }),
        ),
      });
      expect(r.orders[0].triggered, 'bar 1 reached 105').toBe(true);
      expect(r.fills).toHaveLength(1);
      expect(barOf(r.fills[0].timestamp), 'after 105 bar 1 never fell back to 104').toBe(2);
      expect(r.fills[0].lastPrice, 'the resting limit is reached on bar 2').toBe(104);
      expect(r.fills[0].liquiditySide).toBe('maker');
    });

    it('a buy stop-limit triggered by a gap above its limit fills only when the price returns to the limit', () => {
      // Path of bar 1: 108 → 108.5 (nearer) → 105 → 107: triggered at the open, limit 106 touched on the way down.
      const { fills } = run([FLAT, [108, 108.5, 105, 107], FLAT], {
        0: submit((c) =>
          c.orders.stopLimit({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 105, price: 106 }),
        ),
      });
      expect(fills[0].lastPrice, 'never above the limit').toBe(106);
    });

    it('a stop-limit triggered on a later bar with a marketable limit takes liquidity, like one triggered on arrival', () => {
      // Bar 1 stays below the trigger; on bar 2 the path 101 → 100 → 110 → 108 crosses 105, and the
      // limit 106 is marketable the moment the stop triggers.
      const { fills } = run([FLAT, [100, 101, 99.5, 101], [101, 110, 100, 108], FLAT], {
        0: submit((c) =>
          c.orders.stopLimit({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 105, price: 106 }),
        ),
      });
      expect(barOf(fills[0].timestamp)).toBe(2);
      expect(fills[0].lastPrice).toBe(105);
      expect(fills[0].liquiditySide, 'a triggered stop-limit that is marketable takes liquidity').toBe('taker');
    });
  });

  describe('the intrabar path decides which of two orders fills first', () => {
    // Long 1 from bar 1's open; on bar 1 a reduce-only stop-loss at 95 and take-profit at 105 are placed.
    const bracket: Record<number, Action> = {
      0: buy(1),
      1: all(
        submit((c) =>
          c.orders.stopMarket({ instrumentId: ID, side: 'sell', quantity: 1, triggerPrice: 95, reduceOnly: true }),
        ),
        submit((c) => c.orders.limit({ instrumentId: ID, side: 'sell', quantity: 1, price: 105, reduceOnly: true })),
      ),
    };

    it('high nearer the open: the take-profit fills and the stop-loss has nothing left to reduce', () => {
      // open 100, high 106 (6 away), low 93 (7 away): 100 → 106 → 93 → 100.
      const r = run([FLAT, FLAT, [100, 106, 93, 100], FLAT], bracket);
      const exits = r.fills.filter((f) => f.side === 'sell');
      expect(exits, 'exactly one exit').toHaveLength(1);
      expect(exits[0].clientOrderId, 'the take-profit').toBe('S-000003');
      expect(exits[0].lastPrice).toBe(105);
      expect(r.orders[1].status, 'the stop-loss is canceled').toBe('canceled');
      expect(r.orders[1].reason).toContain('REDUCE_ONLY');
      expect(r.result.realizedPnl, 'bought at 100, sold at 105').toBeCloseTo(5, 9);
    });

    it('low nearer the open: the stop-loss fills and the take-profit is canceled', () => {
      // open 100, high 107 (7 away), low 94 (6 away): 100 → 94 → 107 → 100.
      const r = run([FLAT, FLAT, [100, 107, 94, 100], FLAT], bracket);
      const exits = r.fills.filter((f) => f.side === 'sell');
      expect(exits).toHaveLength(1);
      expect(exits[0].clientOrderId, 'the stop-loss').toBe('S-000002');
      expect(exits[0].lastPrice).toBe(95);
      expect(r.orders[2].status).toBe('canceled');
      expect(r.result.realizedPnl, 'bought at 100, stopped at 95').toBeCloseTo(-5, 9);
    });

    it('equal distance: the high comes first', () => {
      const r = run([FLAT, FLAT, [100, 106, 94, 100], FLAT], bracket);
      const exits = r.fills.filter((f) => f.side === 'sell');
      expect(exits.map((f) => f.clientOrderId)).toEqual(['S-000003']);
    });
  });

  describe('time in force', () => {
    it('IOC: cancels an order that did not fill in its first matching pass', () => {
      const r = run([FLAT, [100, 101, 99, 100], [97, 98, 96, 97]], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 98, timeInForce: 'IOC' })),
      });
      expect(r.fills, 'bar 2 would have filled a GTC order, but the IOC is gone').toHaveLength(0);
      expect(r.orders[0].status).toBe('canceled');
      expect(r.orders[0].reason).toContain('IOC');
      const cancel = r.events.find((e) => e.type === 'OrderCanceled');
      expect(barOf(cancel!.timestamp), 'canceled on its arrival bar').toBe(1);
    });

    it('IOC: fills what it can on arrival and cancels the rest', () => {
      // Volume 20, participation 10% → 2 units can trade on bar 1.
      const r = run(
        [FLAT, [100, 101, 99, 100, 20], [100, 101, 99, 100, 20]],
        { 0: buy(5, { timeInForce: 'IOC' }) },
        { exchange: { maxVolumeParticipation: 0.1 } },
      );
      expect(r.fills.map((f) => f.lastQuantity)).toEqual([2]);
      expect(r.orders[0].status).toBe('canceled');
      expect(r.orders[0].filledQuantity).toBe(2);
    });

    it('FOK: fills nothing when the whole quantity cannot trade, and everything when it can', () => {
      const killed = run(
        [FLAT, [100, 101, 99, 100, 20], [100, 101, 99, 100, 1000]],
        { 0: buy(5, { timeInForce: 'FOK' }) },
        { exchange: { maxVolumeParticipation: 0.1 } },
      );
      expect(killed.fills, 'only 2 of 5 available: nothing').toHaveLength(0);
      expect(killed.orders[0].status).toBe('canceled');
      expect(killed.orders[0].reason).toContain('FOK');
      const filled = run(
        [FLAT, [100, 101, 99, 100, 50], FLAT],
        { 0: buy(5, { timeInForce: 'FOK' }) },
        { exchange: { maxVolumeParticipation: 0.1 } },
      );
      expect(
        filled.fills.map((f) => f.lastQuantity),
        '10% of 50 = 5: all of it',
      ).toEqual([5]);
      expect(filled.orders[0].status).toBe('filled');
    });

    it('FOK on a cash account: never partially filled when slippage makes the full quantity unaffordable', () => {
      // Cash 1000 covers 10 at the open 100 (the venue's acceptance check), but a 1% spread makes
      // each unit cost 101: only 9 are affordable. Fill-or-kill must then fill nothing.
      const r = run(
        [FLAT, FLAT, FLAT],
        { 0: buy(10, { timeInForce: 'FOK' }) },
        { accountType: 'cash', startingCash: 1_000, exchange: { slippage: { halfSpreadBps: 100, impactBps: 0 } } },
      );
      expect(r.orders[0].filledQuantity, 'fill or kill: all or nothing').toBe(0);
      expect(r.fills).toHaveLength(0);
      expect(r.orders[0].status).toBe('canceled');
    });

    it('GTD: expires at the first bar opening at or after the expire time, before that bar is matched', () => {
      const r = run([FLAT, [100, 101, 99, 100], [100, 101, 99, 100], [95, 96, 89, 90]], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 90, expireTime: at(3) })),
      });
      expect(r.orders[0].timeInForce).toBe('GTD');
      expect(r.fills, 'bar 3 reaches 89 but the order expired at its open').toHaveLength(0);
      expect(r.orders[0].status).toBe('expired');
      const expiry = r.events.find((e) => e.type === 'OrderExpired');
      expect(barOf(expiry!.timestamp)).toBe(3);
    });

    it('GTD: still fills before the expire time', () => {
      const r = run([FLAT, [100, 101, 99, 100], [95, 96, 89, 90], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 90, expireTime: at(3) })),
      });
      expect(r.fills.map((f) => [barOf(f.timestamp), f.lastPrice])).toEqual([[2, 90]]);
    });

    it('expireAfterBars: a limit with a timeout works that many bars, then expires', () => {
      const rows: Row[] = [FLAT, [100, 101, 99, 100], [100, 101, 99, 100], [95, 96, 89, 90]];
      const timedOut = run(rows, {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 90, expireAfterBars: 2 })),
      });
      expect(timedOut.fills, 'worked bars 1 and 2, gone before bar 3').toHaveLength(0);
      expect(timedOut.orders[0].status).toBe('expired');
      expect(barOf(timedOut.events.find((e) => e.type === 'OrderExpired')!.timestamp)).toBe(3);
      const inTime = run(rows, {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 90, expireAfterBars: 3 })),
      });
      expect(
        inTime.fills.map((f) => barOf(f.timestamp)),
        'a third bar lets it fill on bar 3',
      ).toEqual([3]);
    });
  });

  describe('venue and risk rules', () => {
    it('post-only: denied by the RiskEngine when marketable at the last price', () => {
      const r = run([FLAT, FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 100.5, postOnly: true })),
      });
      expect(r.orders[0].status, 'a buy at 100.5 would take against the close 100').toBe('denied');
      expect(r.orders[0].reason).toContain('POST_ONLY_WOULD_TAKE');
    });

    it('post-only: rejected by the venue when the market gaps through it before arrival', () => {
      const r = run([FLAT, [98.5, 99, 98, 98.5], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 99, postOnly: true })),
      });
      expect(r.eventsOf('S-000001')).toEqual(['OrderSubmitted', 'OrderRejected']);
      expect(r.orders[0].reason).toContain('POST_ONLY_WOULD_TAKE');
      expect(r.fills).toHaveLength(0);
    });

    it('post-only: rests and fills as a maker when not marketable', () => {
      const r = run([FLAT, [100, 100.5, 98, 99], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 99, postOnly: true })),
      });
      expect(r.fills.map((f) => [f.lastPrice, f.liquiditySide])).toEqual([[99, 'maker']]);
    });

    it('reduce-only: denied when it would open or increase a position', () => {
      const flat = run([FLAT, FLAT], { 0: sell(1, { reduceOnly: true }) });
      expect(flat.orders[0].status, 'nothing to reduce').toBe('denied');
      expect(flat.orders[0].reason).toContain('REDUCE_ONLY_WOULD_INCREASE');
      const long = run([FLAT, FLAT, FLAT], { 0: buy(1), 1: buy(1, { reduceOnly: true }) });
      expect(long.orders[1].status, 'a buy on a long adds to it').toBe('denied');
      expect(long.orders[1].reason).toContain('REDUCE_ONLY_WOULD_INCREASE');
    });

    it('reduce-only: never flips the position, the excess is canceled', () => {
      const r = run([FLAT, FLAT, [101, 102, 100, 101], FLAT], { 0: buy(2), 1: sell(5, { reduceOnly: true }) });
      expect(
        r.fills.filter((f) => f.side === 'sell').map((f) => f.lastQuantity),
        'only the 2 held',
      ).toEqual([2]);
      expect(r.orders[1].status).toBe('canceled');
      expect(r.orders[1].reason).toContain('REDUCE_ONLY');
      expect(r.result.unrealizedPnl, 'flat at the end').toBe(0);
    });

    it('insufficient cash: the RiskEngine denies with the numbers at the last price', () => {
      const r = run([FLAT, FLAT], { 0: buy(11) }, { accountType: 'cash', startingCash: 1_000 });
      expect(r.orders[0].status, '11 × 100 > 1000').toBe('denied');
      expect(r.orders[0].reason).toMatch(/^INSUFFICIENT_CASH: needs 1100 USD, free 1000/);
      expect(r.eventsOf('S-000001')).toEqual(['OrderDenied']);
    });

    it('insufficient cash: the venue rejects when the open gapped up since the check', () => {
      const r = run([FLAT, [120, 121, 119, 120], FLAT], { 0: buy(9) }, { accountType: 'cash', startingCash: 1_000 });
      expect(r.eventsOf('S-000001'), '9 × 100 passed the risk check; 9 × 120 does not pass the venue').toEqual([
        'OrderSubmitted',
        'OrderRejected',
      ]);
      expect(r.orders[0].reason).toContain('INSUFFICIENT_CASH');
      expect(r.result.finalEquity, 'nothing traded').toBe(1_000);
    });

    it('a cash account sells no more than it holds when two sells compete, and says why', () => {
      // Long 3 from bar 1. On bar 1 a market sell of 2 and a limit sell of 2 at 101 are both accepted
      // (3 are held at the time); on bar 2 the market sell takes 2, the limit can deliver only 1.
      const r = run(
        [FLAT, FLAT, [100, 102, 99.5, 101], FLAT],
        {
          0: buy(3),
          1: all(
            sell(2),
            submit((c) => c.orders.limit({ instrumentId: ID, side: 'sell', quantity: 2, price: 101 })),
          ),
        },
        { accountType: 'cash', startingCash: 1_000 },
      );
      expect(r.fills.filter((f) => f.side === 'sell').map((f) => [f.clientOrderId, f.lastQuantity])).toEqual([
        ['S-000002', 2],
        ['S-000003', 1],
      ]);
      expect(r.orders[2].status).toBe('canceled');
      expect(r.orders[2].reason, 'a sell is limited by the holding, not by cash').toContain('INSUFFICIENT_POSITION');
      const none = run(
        [FLAT, FLAT, [100, 102, 99.5, 101], FLAT],
        {
          0: buy(2),
          1: all(
            sell(2),
            submit((c) => c.orders.limit({ instrumentId: ID, side: 'sell', quantity: 2, price: 101 })),
          ),
        },
        { accountType: 'cash', startingCash: 1_000 },
      );
      expect(none.orders[2].filledQuantity, 'nothing left to deliver').toBe(0);
      expect(none.orders[2].reason).toContain('INSUFFICIENT_POSITION');
    });

    it('a cash account cannot sell what it does not hold', () => {
      const r = run([FLAT, FLAT], { 0: sell(1) }, { accountType: 'cash', startingCash: 1_000 });
      expect(r.orders[0].status).toBe('denied');
      expect(r.orders[0].reason).toContain('INSUFFICIENT_POSITION');
    });
  });

  describe('volume participation', () => {
    it('fills at most the share of each bar and keeps the rest working on the next bars', () => {
      const rows: Row[] = [FLAT, [100, 101, 99, 100, 10], [102, 103, 101, 102, 10], [104, 105, 103, 104, 10], FLAT];
      const r = run(rows, { 0: buy(5) }, { exchange: { maxVolumeParticipation: 0.2 } });
      expect(
        r.fills.map((f) => [barOf(f.timestamp), f.lastQuantity, f.lastPrice]),
        '20% of 10 = 2 per bar, at each bar open',
      ).toEqual([
        [1, 2, 100],
        [2, 2, 102],
        [3, 1, 104],
      ]);
      expect(r.orders[0].status).toBe('filled');
      expect(r.orders[0].averageFillPrice, '(200 + 204 + 104) / 5').toBeCloseTo(508 / 5, 9);
      expect(r.eventsOf('S-000001')).toEqual([
        'OrderSubmitted',
        'OrderAccepted',
        'OrderFilled',
        'OrderFilled',
        'OrderFilled',
      ]);
    });

    it('shares the budget between orders in time priority; the order left without budget keeps working', () => {
      const rows: Row[] = [FLAT, [100, 101, 99, 100, 20], [102, 103, 101, 102, 20], FLAT];
      for (const accountType of ['margin', 'cash'] as const) {
        const r = run(rows, { 0: all(buy(2), buy(2)) }, { accountType, exchange: { maxVolumeParticipation: 0.1 } });
        expect(
          r.fills.map((f) => [f.clientOrderId, barOf(f.timestamp), f.lastQuantity]),
          `${accountType}: 10% of 20 = 2 per bar; the second order waits for bar 2`,
        ).toEqual([
          ['S-000001', 1, 2],
          ['S-000002', 2, 2],
        ]);
        expect(
          r.orders.map((o) => o.status),
          `${accountType}: no order is canceled for lack of cash`,
        ).toEqual(['filled', 'filled']);
      }
    });

    it('a budget below one lot fills nothing and the order keeps working', () => {
      // 10% of 5 = 0.5 < one lot of 1; bar 2 has volume.
      const rows: Row[] = [FLAT, [100, 101, 99, 100, 5], [102, 103, 101, 102, 100], FLAT];
      const r = run(rows, { 0: buy(1) }, { accountType: 'cash', exchange: { maxVolumeParticipation: 0.1 } });
      expect(r.fills.map((f) => [barOf(f.timestamp), f.lastQuantity])).toEqual([[2, 1]]);
    });

    it('treats zero volume as unknown: no limit', () => {
      const r = run([FLAT, [100, 101, 99, 100, 0], FLAT], { 0: buy(5) }, { exchange: { maxVolumeParticipation: 0.1 } });
      expect(r.fills.map((f) => f.lastQuantity)).toEqual([5]);
    });
  });

  describe('latency', () => {
    const rows: Row[] = [FLAT, [101, 102, 100, 101], [102, 103, 101, 102], [103, 104, 102, 103], FLAT];

    it('a latency longer than one bar delays the fill by a bar', () => {
      const r = run(rows, { 0: buy(1) }, { exchange: { latency: { fixedMs: MINUTE + 1_000, jitterMs: 0 } } });
      expect(barOf(r.fills[0].timestamp), 'arrives 61 s after bar 0 closed: during bar 2').toBe(2);
      expect(r.fills[0].lastPrice).toBe(102);
    });

    it('a latency of exactly one bar arrives at the close of the next bar and meets the bar after it', () => {
      const r = run(rows, { 0: buy(1) }, { exchange: { latency: { fixedMs: MINUTE, jitterMs: 0 } } });
      expect(barOf(r.fills[0].timestamp)).toBe(2);
    });

    it('a latency shorter than a bar still meets the next bar', () => {
      const r = run(rows, { 0: buy(1) }, { exchange: { latency: { fixedMs: 30_000, jitterMs: 0 } } });
      expect(barOf(r.fills[0].timestamp)).toBe(1);
    });

    it('jitter is drawn from the seeded generator: same seed, same fills; the bar follows the drawn delay', () => {
      const latency = { fixedMs: 0, jitterMs: 3 * MINUTE };
      const bars: Row[] = [FLAT, ...Array.from({ length: 6 }, (_, i): Row => [101 + i, 102 + i, 100 + i, 101 + i])];
      const landedOn = new Set<number>();
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const a = run(bars, { 0: buy(1) }, { seed, exchange: { latency } });
        const b = run(bars, { 0: buy(1) }, { seed, exchange: { latency } });
        expect(JSON.stringify(a.fills), `seed ${seed}: identical runs`).toBe(JSON.stringify(b.fills));
        // The engine's generator is fresh, so the first draw is the delay of the one order.
        const delay = Math.floor(new SeededRandom(seed).next() * latency.jitterMs);
        const arrival = at(1) + delay; // sent at bar 0's close
        const expected = Math.floor((arrival - T0) / MINUTE); // the bar whose close is after the arrival
        expect(barOf(a.fills[0].timestamp), `seed ${seed}: delay ${delay} ms`).toBe(expected);
        landedOn.add(expected);
      }
      expect(landedOn.size, 'jitter actually spreads arrivals over several bars').toBeGreaterThan(1);
    });
  });

  describe('fees', () => {
    it('a market order pays the taker rate on its notional; the account books it', () => {
      const r = run([FLAT, FLAT, FLAT], { 0: buy(3) }, { exchange: { fees: { makerRate: 0.001, takerRate: 0.002 } } });
      expect(r.fills[0].fee, '3 × 100 × 0.2%').toBeCloseTo(0.6, 12);
      expect(r.fills[0].feeCurrency).toBe('USD');
      expect(r.result.feesPaid).toBeCloseTo(0.6, 12);
    });

    it('a resting limit pays the maker rate', () => {
      const r = run(
        [FLAT, [100, 100.5, 97, 99], FLAT],
        {
          0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 5, price: 98 })),
        },
        { exchange: { fees: { makerRate: 0.001, takerRate: 0.002 } } },
      );
      expect(r.fills[0].liquiditySide).toBe('maker');
      expect(r.fills[0].fee, '5 × 98 × 0.1%').toBeCloseTo(0.49, 12);
    });

    it('falls back to the instrument rates when the schedule sets none', () => {
      const priced = testInstrument({ takerFee: 0.005 });
      const engine = new BacktestEngine({ startingCash: 10_000, baseCurrency: 'USD', accountType: 'cash', seed: 1 });
      engine.addInstrument(priced);
      engine.addStrategy(new ScriptedStrategy({ 0: buy(2) }), 'S');
      engine.processBars(barSeries([FLAT, FLAT], priced));
      const result = engine.finish();
      expect(result.fills[0].fee, '2 × 100 × 0.5%').toBeCloseTo(1, 12);
    });

    it('fixedPerOrder is charged once per order, on its first fill', () => {
      const rows: Row[] = [FLAT, [100, 101, 99, 100, 10], [100, 101, 99, 100, 10], [100, 101, 99, 100, 10], FLAT];
      const r = run(
        rows,
        { 0: buy(5) },
        {
          exchange: { maxVolumeParticipation: 0.2, fees: { takerRate: 0.001, fixedPerOrder: 1 } },
        },
      );
      expect(
        r.fills.map((f) => f.fee),
        '1 + 0.2; then 0.2; then 0.1',
      ).toEqual([1.2, 0.2, 0.1]);
      expect(r.result.feesPaid).toBeCloseTo(1.5, 12);
    });

    it('minimumPerOrder raises the fee of a small order to the minimum', () => {
      const r = run(
        [FLAT, FLAT, FLAT],
        { 0: buy(1) },
        {
          exchange: { fees: { takerRate: 0.001, minimumPerOrder: 2 } },
        },
      );
      expect(r.fills[0].fee, '0.1 on 100 of notional is below the minimum 2').toBe(2);
      const large = run(
        [FLAT, FLAT, FLAT],
        { 0: buy(50) },
        {
          exchange: { fees: { takerRate: 0.001, minimumPerOrder: 2 } },
        },
      );
      expect(large.fills[0].fee, '5 on 5000 of notional is above the minimum').toBe(5);
    });

    it('a cash account never goes negative because of a minimum fee', () => {
      const fees = { takerRate: 0, minimumPerOrder: 5 };
      const denied = run(
        [FLAT, FLAT],
        { 0: buy(10) },
        { accountType: 'cash', startingCash: 1_000, exchange: { fees } },
      );
      expect(denied.orders[0].reason, '10 × 100 + the minimum fee 5 > 1000').toMatch(
        /^INSUFFICIENT_CASH: needs 1005 USD, free 1000/,
      );
      // 9 × 100 + 5 passes the checks, but an 11% spread makes each unit cost 111 at the fill:
      // 9 × 111 + 5 = 1004 is too much, 8 × 111 + 5 = 893 fits.
      const r = run(
        [FLAT, FLAT, FLAT],
        { 0: buy(9) },
        {
          accountType: 'cash',
          startingCash: 1_000,
          exchange: { fees, slippage: { halfSpreadBps: 1_100, impactBps: 0 } },
        },
      );
      expect(r.fills.map((f) => [f.lastQuantity, f.lastPrice, f.fee])).toEqual([[8, 111, 5]]);
      expect(r.orders[0].reason).toContain('INSUFFICIENT_CASH');
      for (const [i, cash] of r.cash.entries()) {
        expect(cash, `cash after bar ${i}`).toBeGreaterThanOrEqual(0);
      }
      expect(r.cash.at(-1), '1000 − 888 − 5').toBeCloseTo(107, 9);
    });

    it('conserves the order fee across partial fills: Σ fill fees = the order total rounded once', () => {
      // Three fills of 1 unit at 5 with 0.1%: 0.005 each. Rounded per fill (half up) that would be
      // 0.03; the order owes round(0.015) = 0.02, and the fills add up to exactly that.
      const rows: Row[] = [
        [5, 5, 5, 5],
        [5, 5, 5, 5, 10],
        [5, 5, 5, 5, 10],
        [5, 5, 5, 5, 10],
        [5, 5, 5, 5],
      ];
      const r = run(rows, { 0: buy(3) }, { exchange: { maxVolumeParticipation: 0.1, fees: { takerRate: 0.001 } } });
      expect(r.fills.map((f) => f.lastQuantity)).toEqual([1, 1, 1]);
      const cents = r.fills.map((f) => Math.round(f.fee * 100));
      expect(
        cents.reduce((a, b) => a + b, 0),
        'Σ fill fees in cents = round(0.015 USD)',
      ).toBe(2);
      expect(cents, 'cumulative 0.005→1¢, 0.010→1¢, 0.015→2¢').toEqual([1, 0, 1]);
      expect(Math.round(r.result.feesPaid * 100)).toBe(2);
    });
  });

  describe('slippage', () => {
    // half spread 10 bps + impact 100 bps × sqrt(4 / 100) = 30 bps.
    const slippage = { halfSpreadBps: 10, impactBps: 100 };
    const rows: Row[] = [FLAT, [100.01, 101, 99, 100, 100], FLAT];

    it('moves a market buy up, rounded up to the tick', () => {
      const r = run(rows, { 0: buy(4) }, { exchange: { slippage } });
      // 100.01 × 1.003 = 100.31003 → 100.32.
      expect(r.fills[0].lastPrice).toBe(100.32);
      expect(r.fills[0].slippage, 'against the open').toBeCloseTo(0.31, 9);
    });

    it('moves a market sell down, rounded down to the tick', () => {
      const r = run(rows, { 0: sell(4) }, { exchange: { slippage } });
      // 100.01 × 0.997 = 99.70997 → 99.70.
      expect(r.fills[0].lastPrice).toBe(99.7);
    });

    it('never fills a taker limit beyond its limit', () => {
      const r = run(
        rows,
        {
          0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 4, price: 100.2 })),
        },
        { exchange: { slippage } },
      );
      expect(r.fills[0].liquiditySide).toBe('taker');
      expect(r.fills[0].lastPrice, 'capped at the limit 100.20').toBe(100.2);
    });

    it('does not touch maker fills', () => {
      const r = run(
        [FLAT, [100, 100.5, 97, 99, 100], FLAT],
        {
          0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 4, price: 98 })),
        },
        { exchange: { slippage } },
      );
      expect(r.fills[0].lastPrice).toBe(98);
    });

    it('the zero model fills at the open', () => {
      const r = run(rows, { 0: buy(4) }, { exchange: { slippage: { halfSpreadBps: 0, impactBps: 0 } } });
      expect(r.fills[0].lastPrice).toBe(100.01);
      expect(r.fills[0].slippage).toBe(0);
    });
  });

  describe('cancel', () => {
    it('cancels a working order on the next bar; a cancel of a closed order is rejected', () => {
      const r = run([FLAT, [100, 101, 99, 100], [100, 101, 99, 100], [95, 96, 89, 90], FLAT], {
        0: submit((c) => c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 90 })),
        1: (c) => c.cancelOrder('S-000001'),
        3: (c) => c.cancelOrder('S-000001'),
      });
      expect(r.fills, 'canceled before bar 3 reached the limit').toHaveLength(0);
      expect(r.eventsOf('S-000001')).toEqual([
        'OrderSubmitted',
        'OrderAccepted',
        'OrderCanceled',
        'OrderCancelRejected',
      ]);
      expect(r.orders[0].status).toBe('canceled');
    });
  });
});
