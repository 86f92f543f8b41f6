import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../model/events.ts';
import {
  accountId,
  clientOrderId,
  currencyCode,
  instrumentId,
  strategyId,
  tradeId,
  venueOrderId,
} from '../model/ids.ts';
import { applyOrderEvent, createOrder, type MutableOrder } from '../model/order-state.ts';
import { orderRequest } from '../testing/order-request.ts';
import { Cache } from './cache.ts';

const BTC = instrumentId('BTC-PERP', 'SIM');

function order(id: string, strategy = 'ema_cross'): MutableOrder {
  return createOrder(
    orderRequest({ clientOrderId: clientOrderId(id), strategyId: strategyId(strategy), instrumentId: BTC }),
  );
}

/** Moves `o` through submitted and accepted to filled, re-filing it in the cache after each event as the ExecutionEngine does. */
function fill(cache: Cache, o: MutableOrder): void {
  const base = { clientOrderId: o.clientOrderId, strategyId: o.strategyId, instrumentId: o.instrumentId, timestamp: 1 };
  const events: OrderEvent[] = [
    { ...base, type: 'OrderSubmitted' },
    { ...base, type: 'OrderAccepted', venueOrderId: venueOrderId(`V-${o.clientOrderId}`) },
    {
      ...base,
      type: 'OrderFilled',
      venueOrderId: venueOrderId(`V-${o.clientOrderId}`),
      tradeId: tradeId(`T-${o.clientOrderId}`),
      accountId: accountId('SIM-001'),
      side: 'buy',
      lastQuantity: 1,
      lastPrice: 100,
      fee: 0,
      feeCurrency: currencyCode('USD'),
      liquiditySide: 'taker',
      slippage: 0,
    },
  ];
  for (const event of events) {
    applyOrderEvent(o, event);
    cache.indexOrder(o);
  }
}

describe('Cache orders', () => {
  it('finds every order by client order id, the closed ones too, as the very objects added', () => {
    const cache = new Cache();
    const orders = ['ema_cross-000001', 'ema_cross-000002', 'manual-A', 'ema_cross-000003'].map((id) => order(id));
    for (const o of orders) cache.addOrder(o);
    fill(cache, orders[0]!);
    fill(cache, orders[2]!);
    expect(cache.openOrderCount).toBe(0);
    for (const o of orders) expect(cache.order(o.clientOrderId), o.clientOrderId).toBe(o);
    fill(cache, orders[1]!);
    expect(cache.order('ema_cross-000002'), 'closed after the other lookups').toBe(orders[1]);
    expect(cache.order('ema_cross-000009')).toBeUndefined();
    expect(cache.orderList).toEqual(orders);
  });

  it('refuses a client order id used before, whether its order is working or closed, in any id form', () => {
    const cache = new Cache();
    for (const id of ['ema_cross-000001', 'ema_cross-000002', 'manual-A']) cache.addOrder(order(id));
    fill(cache, cache.mutableOrder('ema_cross-000001')!);
    fill(cache, cache.mutableOrder('manual-A')!);
    for (const id of ['ema_cross-000001', 'ema_cross-000002', 'manual-A'])
      expect(() => cache.addOrder(order(id)), id).toThrow(`duplicate client order id ${id}`);
    expect(() => cache.addOrder(order('ema_cross-000001', 'other')), 'the same id under another strategy').toThrow(
      'duplicate client order id ema_cross-000001',
    );
    expect(cache.orderList).toHaveLength(3);
  });

  it('accepts any new id, in the factory form or not and in any order of numbers, once', () => {
    const cache = new Cache();
    for (const id of ['s-000010', 's-5', 's-000005', 's-10x', 's-', 's', 'RISK-000001']) cache.addOrder(order(id, 's'));
    expect(() => cache.addOrder(order('s-5', 's')), 'the same id, not only the same number').toThrow('s-5');
    expect(() => cache.addOrder(order('s-10x', 's'))).toThrow('s-10x');
    cache.addOrder(order('s-000011', 's'));
    expect(cache.orderList.map((o) => o.clientOrderId)).toEqual([
      's-000010',
      's-5',
      's-000005',
      's-10x',
      's-',
      's',
      'RISK-000001',
      's-000011',
    ]);
  });

  it('releases the closed orders in creation order; they are not found afterwards, the others still are', () => {
    const cache = new Cache();
    const orders = ['ema_cross-000001', 'ema_cross-000002', 'ema_cross-000003'].map((id) => order(id));
    for (const o of orders) cache.addOrder(o);
    fill(cache, orders[2]!);
    fill(cache, orders[0]!);
    expect(cache.releaseClosedOrders()).toEqual([orders[0], orders[2]]);
    expect(cache.orderList).toEqual([orders[1]]);
    expect(cache.order('ema_cross-000001')).toBeUndefined();
    expect(cache.order('ema_cross-000002')).toBe(orders[1]);
    fill(cache, orders[1]!);
    expect(cache.order('ema_cross-000002'), 'closed after the release').toBe(orders[1]);
  });
});
