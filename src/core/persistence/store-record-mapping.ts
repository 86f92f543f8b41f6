import type { OrderFilled } from '../model/events.ts';
import type { Order } from '../model/order.ts';
import type { StoredFill, StoredOrder } from './store-records.ts';

/** The venue part of `SYMBOL.VENUE` (after the last dot). */
export function venueOfInstrument(instrumentId: string): string {
  const dot = instrumentId.lastIndexOf('.');
  if (dot <= 0 || dot === instrumentId.length - 1)
    throw new Error(`venueOfInstrument: '${instrumentId}' is not SYMBOL.VENUE`);
  return instrumentId.slice(dot + 1);
}

/**
 * An order's current state as a store row; `payload` keeps the fields the columns do not (trade ids
 * as an array), so a row does not carry its columns twice (ADR 0017).
 */
export function toStoredOrder(order: Order): StoredOrder {
  return {
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: order.side,
    orderType: order.type,
    quantity: order.quantity,
    price: order.price,
    triggerPrice: order.triggerPrice,
    status: order.status,
    venueOrderId: order.venueOrderId,
    filledQuantity: order.filledQuantity,
    averageFillPrice: order.averageFillPrice,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    payload: JSON.stringify({
      timeInForce: order.timeInForce,
      expireTime: order.expireTime,
      expireAfterBars: order.expireAfterBars,
      reduceOnly: order.reduceOnly,
      postOnly: order.postOnly,
      triggered: order.triggered,
      reason: order.reason,
      tags: order.tags,
      tradeIds: [...order.tradeIds],
    }),
  };
}

/** A fill event as a store row, keyed by the instrument's venue and the trade id. */
export function toStoredFill(fill: OrderFilled): StoredFill {
  return {
    venue: venueOfInstrument(fill.instrumentId),
    tradeId: fill.tradeId,
    clientOrderId: fill.clientOrderId,
    venueOrderId: fill.venueOrderId,
    strategyId: fill.strategyId,
    instrumentId: fill.instrumentId,
    accountId: fill.accountId,
    side: fill.side,
    quantity: fill.lastQuantity,
    price: fill.lastPrice,
    fee: fill.fee,
    feeCurrency: fill.feeCurrency,
    liquiditySide: fill.liquiditySide,
    timestamp: fill.timestamp,
  };
}
