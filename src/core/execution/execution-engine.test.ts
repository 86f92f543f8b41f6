import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/simulated-clock.ts';
import { TradingKernel } from '../kernel/trading-kernel.ts';
import type { CancelOrder, ModifyOrder, SubmitOrder } from '../model/commands.ts';
import { currency } from '../model/currency.ts';
import type { OrderEvent, OrderFilled, PositionChanged } from '../model/events.ts';
import { accountId, currencyCode, tradeId, type Venue, venue, venueOrderId } from '../model/ids.ts';
import { createInstrument } from '../model/instrument.ts';
import { Account } from '../portfolio/account.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import type { ExecutionClient, ExecutionEventSink } from './execution-client.ts';

const INSTRUMENT = createInstrument({
  symbol: 'TEST',
  venue: 'LIVE',
  kind: 'spot',
  baseCurrency: 'TST',
  quoteCurrency: 'USD',
  priceIncrement: 0.01,
  sizeIncrement: 1,
});

/** A venue driven by the test: it records commands and reports whatever the test tells it to. */
class ScriptedVenue implements ExecutionClient {
  readonly venue: Venue = venue('LIVE');
  readonly commands: (SubmitOrder | CancelOrder | ModifyOrder)[] = [];
  sink: ExecutionEventSink = () => {};
  connect(sink: ExecutionEventSink): void {
    this.sink = sink;
  }
  submitOrder(command: SubmitOrder): void {
    this.commands.push(command);
  }
  cancelOrder(command: CancelOrder): void {
    this.commands.push(command);
  }
  modifyOrder(command: ModifyOrder): void {
    this.commands.push(command);
  }
}

function setup() {
  const clock = new SimulatedClock(1_000);
  const account = new Account(accountId('A'), 'cash', currency('USD'));
  account.deposit(10_000, 'USD', 0);
  const kernel = new TradingKernel({ clock, account });
  kernel.addInstrument(INSTRUMENT);
  kernel.portfolio.mark(0, 100);
  const client = new ScriptedVenue();
  kernel.addExecutionClient(client);
  const events: OrderEvent[] = [];
  const positions: PositionChanged[] = [];
  let context: StrategyContext | undefined;
  const strategy: Strategy = {
    onStart(c) {
      context = c;
    },
    onOrderEvent: (e) => events.push(e),
    onPositionChanged: (e) => positions.push(e),
  };
  kernel.addStrategy(strategy, 'S');
  kernel.start();
  const ctx = context!;
  const order = ctx.orders.limit({ instrumentId: INSTRUMENT.id, side: 'buy', quantity: 3, price: 100 });
  ctx.submitOrder(order);
  const base = {
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    timestamp: 2_000,
  };
  client.sink({ ...base, type: 'OrderAccepted', venueOrderId: venueOrderId('V1') });
  const fill = (id: string, quantity: number, price = 100): OrderFilled => ({
    ...base,
    type: 'OrderFilled',
    venueOrderId: venueOrderId('V1'),
    tradeId: tradeId(id),
    accountId: accountId('A'),
    side: 'buy',
    lastQuantity: quantity,
    lastPrice: price,
    fee: 0.1,
    feeCurrency: currencyCode('USD'),
    liquiditySide: 'maker',
    slippage: 0,
  });
  return { kernel, client, events, positions, order, fill, ctx, base };
}

describe('ExecutionEngine', () => {
  it('sends an approved order to its venue and publishes every venue event to the strategy', () => {
    const { client, events, kernel, order } = setup();
    expect(client.commands.map((c) => c.type)).toEqual(['SubmitOrder']);
    expect(events.map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted']);
    expect(kernel.cache.order(order.clientOrderId)?.status).toBe('accepted');
    expect(kernel.cache.openOrders().length).toBe(1);
  });

  it('applies a repeated trade id once and publishes FillRejected for the repeat', () => {
    const { client, events, kernel, fill, positions } = setup();
    client.sink(fill('T1', 1));
    client.sink(fill('T1', 1));
    expect(kernel.portfolio.positionQuantity(INSTRUMENT.id), 'booked once').toBe(1);
    expect(kernel.portfolio.cash(), '10 000 − 100 − 0.10 fee, once').toBeCloseTo(9_899.9, 9);
    expect(positions, 'one position change').toHaveLength(1);
    const rejected = events.find((e) => e.type === 'FillRejected');
    expect(rejected).toMatchObject({ tradeId: 'T1', reason: 'duplicate_trade_id' });
  });

  it('refuses a fill beyond the order quantity and flags it', () => {
    const { client, events, kernel, fill, order } = setup();
    client.sink(fill('T1', 2));
    client.sink(fill('T2', 2));
    expect(kernel.portfolio.positionQuantity(INSTRUMENT.id)).toBe(2);
    expect(kernel.cache.order(order.clientOrderId)?.filledQuantity).toBe(2);
    expect(events.at(-1)).toMatchObject({ type: 'FillRejected', tradeId: 'T2', reason: 'overfill' });
    client.sink(fill('T3', 1));
    expect(kernel.cache.order(order.clientOrderId)?.status).toBe('filled');
    expect(kernel.cache.openOrders(), 'a filled order is no longer open').toEqual([]);
  });

  it('books the fill before the strategy hears of it', () => {
    const { kernel, client, fill } = setup();
    const seen: number[] = [];
    kernel.bus.subscribe<OrderEvent>('events.order.S', (e) => {
      if (e.type === 'OrderFilled') seen.push(kernel.portfolio.positionQuantity(INSTRUMENT.id));
    });
    client.sink(fill('T1', 1));
    expect(seen, 'the position already includes the fill').toEqual([1]);
  });

  it('rejects a cancel of an order that is not open, without asking the venue', () => {
    const { client, events, ctx, fill } = setup();
    client.sink(fill('T1', 3));
    ctx.cancelOrder('S-000001');
    expect(
      client.commands.map((c) => c.type),
      'no CancelOrder sent',
    ).toEqual(['SubmitOrder']);
    expect(events.at(-1)).toMatchObject({ type: 'OrderCancelRejected' });
    expect((events.at(-1) as { reason: string }).reason).toContain('filled');
  });

  it('forwards a cancel of an open order to the venue', () => {
    const { client, ctx } = setup();
    ctx.cancelOrder('S-000001');
    expect(client.commands.map((c) => c.type)).toEqual(['SubmitOrder', 'CancelOrder']);
  });

  it('throws on a venue event for an order it does not know (a wiring error, never swallowed)', () => {
    const { client, base } = setup();
    expect(() => client.sink({ ...base, clientOrderId: 'S-999' as never, type: 'OrderExpired' })).toThrow(
      /unknown order/,
    );
  });

  describe('modify', () => {
    it('forwards an amendment of an open order to its venue and applies the OrderUpdated it reports', () => {
      const { client, events, kernel, ctx, base, order } = setup();
      ctx.modifyOrder(order.clientOrderId, { price: 99, quantity: 4 });
      const sent = client.commands.at(-1);
      expect(sent, 'the venue got the amendment, only the fields asked').toMatchObject({
        type: 'ModifyOrder',
        clientOrderId: 'S-000001',
        price: 99,
        quantity: 4,
        triggerPrice: undefined,
      });
      expect(kernel.cache.order(order.clientOrderId)?.price, 'nothing changes before the venue says so').toBe(100);
      client.sink({
        ...base,
        type: 'OrderUpdated',
        venueOrderId: venueOrderId('V1'),
        quantity: 4,
        price: 99,
        triggerPrice: undefined,
      });
      const amended = kernel.cache.order(order.clientOrderId)!;
      expect([amended.quantity, amended.price, amended.status]).toEqual([4, 99, 'accepted']);
      expect(events.at(-1)?.type, 'the strategy hears of it').toBe('OrderUpdated');
    });

    it('publishes a venue OrderModifyRejected and leaves the order working unchanged', () => {
      const { client, events, kernel, ctx, base, order } = setup();
      ctx.modifyOrder(order.clientOrderId, { price: 101 });
      client.sink({ ...base, type: 'OrderModifyRejected', reason: 'POST_ONLY_WOULD_TAKE: x' });
      const unchanged = kernel.cache.order(order.clientOrderId)!;
      expect([unchanged.price, unchanged.status]).toEqual([100, 'accepted']);
      expect(events.at(-1)).toMatchObject({ type: 'OrderModifyRejected', reason: 'POST_ONLY_WOULD_TAKE: x' });
    });

    it('rejects a modify of a closed order without asking the venue', () => {
      const { client, events, ctx, fill, order } = setup();
      client.sink(fill('T1', 3));
      ctx.modifyOrder(order.clientOrderId, { price: 99 });
      expect(
        client.commands.map((c) => c.type),
        'no ModifyOrder sent',
      ).toEqual(['SubmitOrder']);
      expect(events.at(-1)).toMatchObject({ type: 'OrderModifyRejected', reason: 'ORDER_NOT_OPEN: order is filled' });
    });

    it('rejects a modify of an unknown order (engine) and throws on one from a strategy (a bug)', () => {
      const { client, kernel, ctx } = setup();
      const rejected: OrderEvent[] = [];
      kernel.bus.subscribe<OrderEvent>('events.order.S', (e) => rejected.push(e));
      kernel.execution.modify({
        type: 'ModifyOrder',
        clientOrderId: 'S-999' as never,
        instrumentId: INSTRUMENT.id,
        strategyId: 'S' as never,
        price: 99,
        timestamp: 3_000,
      });
      expect(rejected).toMatchObject([{ type: 'OrderModifyRejected', reason: 'ORDER_NOT_OPEN: unknown order' }]);
      expect(() => ctx.modifyOrder('S-999', { price: 99 })).toThrow(/unknown order S-999/);
      expect(client.commands.map((c) => c.type)).toEqual(['SubmitOrder']);
    });

    it('refuses an amendment the order cannot take (quantity not above the filled, nothing to change) locally', () => {
      const { client, events, ctx, fill, order } = setup();
      client.sink(fill('T1', 2));
      ctx.modifyOrder(order.clientOrderId, { quantity: 2 });
      expect((events.at(-1) as { reason: string }).reason).toMatch(/^QUANTITY_NOT_ABOVE_FILLED/);
      ctx.modifyOrder(order.clientOrderId, {});
      expect((events.at(-1) as { reason: string }).reason).toMatch(/^NOTHING_TO_MODIFY/);
      expect(client.commands.map((c) => c.type)).toEqual(['SubmitOrder']);
    });

    it('publishes a late venue refusal for an order already released, instead of throwing', () => {
      const { client, kernel, base } = setup();
      const seen: OrderEvent[] = [];
      kernel.bus.subscribe<OrderEvent>('events.order.S', (e) => seen.push(e));
      client.sink({ ...base, clientOrderId: 'S-777' as never, type: 'OrderModifyRejected', reason: 'ORDER_CLOSED: x' });
      expect(seen.map((e) => e.type)).toEqual(['OrderModifyRejected']);
    });
  });
});
