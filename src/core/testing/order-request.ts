import { clientOrderId, instrumentId, strategyId } from '../model/ids.ts';
import type { OrderRequest } from '../model/order.ts';

/**
 * An order request for tests: a GTC market buy of 1 TEST.SIM by strategy `S`, client order id
 * `S-000001`, created at 0, with `overrides` on top. Test support only.
 */
export function orderRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: clientOrderId('S-000001'),
    strategyId: strategyId('S'),
    instrumentId: instrumentId('TEST', 'SIM'),
    side: 'buy',
    type: 'market',
    quantity: 1,
    price: undefined,
    triggerPrice: undefined,
    timeInForce: 'GTC',
    expireTime: undefined,
    expireAfterBars: undefined,
    reduceOnly: false,
    postOnly: false,
    tags: [],
    createdAt: 0,
    ...overrides,
  };
}
