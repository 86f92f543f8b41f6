import type { ModifyOrder } from '../model/commands.ts';
import { isOnIncrement } from '../model/decimal.ts';
import type { OrderModifyRejected, OrderUpdated } from '../model/events.ts';
import type { OrderRequest } from '../model/order.ts';
import { amendedValues, amendmentProblem } from '../model/order-state.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { acceptanceCheck, reservedCashOf } from './acceptance-check.ts';
import type { FeeSchedule } from './fee-model.ts';
import type { WorkingOrder } from './working-order.ts';

/** What the venue knows when a modify arrives. */
export interface AmendmentContext {
  /** The venue sequence number of the modify command (the priority an amended order takes). */
  readonly sequence: number;
  /** The venue's current price (the open of the bar at which the command is handled). */
  readonly price: number;
  /** The event time (the open time of that bar). */
  readonly time: number;
  readonly portfolio: PortfolioView;
  readonly fees: FeeSchedule;
  /** Cash spoken for by the venue's other open buy orders (not the amended one). */
  readonly reservedCash: number;
}

/** Reason of a modify for an order the venue no longer (or never) works. */
export const ORDER_CLOSED_REASON =
  'ORDER_CLOSED: order is closed (filled, canceled, expired) or unknown to the venue; nothing was changed';

const fmt = (value: number): string => String(Math.round(value * 1e8) / 1e8);

/**
 * Why the venue refuses `amendment` of `w` (`CODE: detail`), or undefined. The shared rules
 * (`amendmentProblem`: something changes, quantity above the filled, prices only where the
 * type has them, a triggered stop keeps its trigger), the grid (size and price increments,
 * minimum quantity), then the new-order checks on what is left to fill — but only for an
 * amendment that can take more risk: a new limit price is checked against the market
 * (post-only must not cross) and, like a quantity increase or a dearer buy, against cash,
 * margin and reduce-only. A pure reduction always passes those.
 */
function amendmentRefusal(
  w: WorkingOrder,
  command: ModifyOrder,
  next: OrderRequest,
  context: AmendmentContext,
): string | undefined {
  const o = w.order;
  const instrument = w.instrument;
  const shared = amendmentProblem(
    { ...o, status: w.filled > 0 ? 'partially_filled' : 'accepted', filledQuantity: w.filled, triggered: w.triggered },
    command,
  );
  if (shared !== undefined) return shared;
  if (!isOnIncrement(next.quantity, instrument.sizeIncrement))
    return `QUANTITY_PRECISION: quantity ${fmt(next.quantity)} is not a multiple of the size increment ${instrument.sizeIncrement}`;
  if (next.quantity < instrument.minQuantity)
    return `BELOW_MIN_QUANTITY: quantity ${fmt(next.quantity)} < minimum ${instrument.minQuantity}`;
  for (const value of [next.price, next.triggerPrice]) {
    if (value !== undefined && !isOnIncrement(value, instrument.priceIncrement))
      return `PRICE_PRECISION: ${fmt(value)} is not a multiple of the price increment ${instrument.priceIncrement}`;
  }
  const repriced = next.price !== o.price;
  const grows =
    next.quantity > o.quantity ||
    reservedCashOf(next, w.filled, context.price) > reservedCashOf(o, w.filled, context.price);
  if (!repriced && !grows) return undefined;
  return acceptanceCheck({
    // Post-only only matters where the limit moved: an unchanged limit already rests on the book.
    order: { ...next, quantity: next.quantity - w.filled, postOnly: next.postOnly && repriced },
    instrument,
    price: context.price,
    portfolio: context.portfolio,
    fees: context.fees,
    reservedCash: context.reservedCash,
  });
}

/**
 * A modify at a simulated venue: validates it (see `amendmentRefusal`) and, when it passes,
 * amends `w` in place and returns `OrderUpdated`; otherwise returns `OrderModifyRejected` and
 * leaves `w` untouched. `w` undefined (the order filled, was canceled or expired while the
 * modify travelled, or never reached the venue) is refused as closed, never a throw.
 *
 * Queue priority, kept simple: an amendment that changes the limit or trigger price or raises the
 * quantity loses time priority (the order ranks as if sent with the modify); a pure quantity
 * reduction keeps it. A new limit price makes the order fresh for its next matching pass, so a
 * limit moved through the market fills there as a taker, like a new marketable order. Fills,
 * fees accrued, bars worked (limit-with-timeout) and the venue order id are kept.
 */
export function amendWorkingOrder(
  w: WorkingOrder | undefined,
  command: ModifyOrder,
  context: AmendmentContext,
): OrderUpdated | OrderModifyRejected {
  if (w === undefined) return modifyRejected(command, context.time, ORDER_CLOSED_REASON);
  const o = w.order;
  const next: OrderRequest = { ...o, ...amendedValues(o, command) };
  const refusal = amendmentRefusal(w, command, next, context);
  if (refusal !== undefined) return modifyRejected(command, context.time, refusal);
  const repriced = next.price !== o.price;
  if (repriced || next.triggerPrice !== o.triggerPrice || next.quantity > o.quantity) w.sequence = context.sequence;
  if (repriced) w.fresh = true;
  w.order = next;
  return {
    clientOrderId: next.clientOrderId,
    strategyId: next.strategyId,
    instrumentId: next.instrumentId,
    timestamp: context.time,
    type: 'OrderUpdated',
    venueOrderId: w.venueOrderId,
    quantity: next.quantity,
    price: next.price,
    triggerPrice: next.triggerPrice,
  };
}

function modifyRejected(command: ModifyOrder, time: number, reason: string): OrderModifyRejected {
  return {
    clientOrderId: command.clientOrderId,
    strategyId: command.strategyId,
    instrumentId: command.instrumentId,
    timestamp: time,
    type: 'OrderModifyRejected',
    reason,
  };
}
