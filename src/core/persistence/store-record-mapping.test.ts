import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId, strategyId, tradeId } from '../model/ids.ts';
import { createOrder } from '../model/order-state.ts';
import { toStoredOrder } from './store-record-mapping.ts';

describe('toStoredOrder', () => {
  it('stores each field of the order once: in its column or in the payload, and together they are the whole order', () => {
    const order = createOrder({
      clientOrderId: clientOrderId('ema_cross-000007'),
      strategyId: strategyId('ema_cross'),
      instrumentId: instrumentId('BTC-PERP', 'SIM'),
      side: 'buy',
      type: 'stop_limit',
      quantity: 2,
      price: 101.5,
      triggerPrice: 100,
      timeInForce: 'GTD',
      expireTime: 1_700_000_600_000,
      expireAfterBars: 5,
      reduceOnly: true,
      postOnly: false,
      tags: ['breakout', 'stop'],
      createdAt: 1_700_000_000_000,
    });
    order.tradeIds.add(tradeId('SIM-T1'));
    order.triggered = true;
    order.reason = 'partially filled';
    const { payload, orderType, ...columns } = toStoredOrder(order);
    const extra = JSON.parse(payload) as Record<string, unknown>;
    const inColumns = Object.keys(columns).concat('type');
    expect(
      Object.keys(extra).filter((k) => inColumns.includes(k)),
      'no column is repeated in the payload',
    ).toEqual([]);
    const rebuilt = { ...columns, type: orderType, ...extra };
    const whole = { ...order, tradeIds: [...order.tradeIds] };
    expect(rebuilt).toEqual(whole);
  });
});
