import { floorToIncrement, roundTo } from '../model/decimal.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';

/**
 * How much of an order may fill on this touch, before cash: what is left of it, no more than a
 * reduce-only order can close of `position` (signed, base units), and within the bar's
 * participation `budget` (floored to the size grid). NaN when the budget leaves nothing: the order
 * keeps working; 0 when a reduce-only order has nothing left to reduce.
 */
export function fillableQuantity(
  order: OrderRequest,
  instrument: Instrument,
  filled: number,
  position: number,
  budget: number,
): number {
  let quantity = roundTo(order.quantity - filled, instrument.sizePrecision);
  if (order.reduceOnly) {
    const reducible =
      (order.side === 'buy' && position < 0) || (order.side === 'sell' && position > 0) ? Math.abs(position) : 0;
    quantity = Math.min(quantity, reducible);
  }
  if (budget < quantity) {
    quantity = floorToIncrement(budget, instrument.sizeIncrement, instrument.sizePrecision);
    if (quantity <= 0) return Number.NaN;
  }
  return quantity;
}

/** Why an order that can fill nothing now is canceled (reduce-only, or a cash account's limits). */
export function nothingFillableReason(order: OrderRequest): string {
  if (order.reduceOnly) return 'REDUCE_ONLY: no position left to reduce';
  return order.side === 'sell'
    ? 'INSUFFICIENT_POSITION: nothing left to deliver'
    : 'INSUFFICIENT_CASH: cannot pay for any quantity at the fill price';
}
