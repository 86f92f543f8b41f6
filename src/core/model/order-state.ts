import type { OrderAmendment } from './commands.ts';
import type { OrderEvent, OrderFilled, OrderUpdated } from './events.ts';
import type { VenueOrderId } from './ids.ts';
import { isOpen, type Order, type OrderRequest, OrderStatus, type OrderType } from './order.ts';
import { TradeIdSet } from './trade-id-set.ts';

/** The ExecutionEngine's own, mutable copy of an order. Everyone else sees `Order` (read-only). */
export interface MutableOrder extends Order {
  /** Amendable (`OrderUpdated`): quantity, limit price and trigger price. */
  quantity: number;
  price: number | undefined;
  triggerPrice: number | undefined;
  status: OrderStatus;
  venueOrderId: VenueOrderId | undefined;
  filledQuantity: number;
  averageFillPrice: number;
  tradeIds: TradeIdSet;
  triggered: boolean;
  reason: string | undefined;
  updatedAt: number;
}

/** Legal transitions of the order state machine: from → the statuses it may move to. */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  initialized: ['submitted', 'denied'],
  submitted: ['accepted', 'rejected', 'canceled', 'partially_filled', 'filled'],
  accepted: ['partially_filled', 'filled', 'canceled', 'expired'],
  partially_filled: ['partially_filled', 'filled', 'canceled', 'expired'],
  denied: [],
  rejected: [],
  filled: [],
  canceled: [],
  expired: [],
};

/** Thrown when an event would move an order along a transition the state machine forbids. */
export class InvalidOrderTransition extends Error {
  constructor(
    readonly order: Order,
    readonly eventType: string,
    readonly target: OrderStatus,
    /** Why, when the status pair alone does not say (an amendment the order cannot take). */
    readonly detail?: string,
  ) {
    super(
      `order ${order.clientOrderId}: ${eventType} cannot move an order from '${order.status}' to '${target}'` +
        (detail === undefined ? '' : ` (${detail})`),
    );
  }
}

/** True when the state machine allows `from → to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * A new order in the `initialized` state. The request's fields are listed one by one (not
 * spread) so every order has the same hidden class, built in one allocation.
 */
export function createOrder(request: OrderRequest): MutableOrder {
  return {
    clientOrderId: request.clientOrderId,
    strategyId: request.strategyId,
    instrumentId: request.instrumentId,
    side: request.side,
    type: request.type,
    quantity: request.quantity,
    price: request.price,
    triggerPrice: request.triggerPrice,
    timeInForce: request.timeInForce,
    expireTime: request.expireTime,
    expireAfterBars: request.expireAfterBars,
    reduceOnly: request.reduceOnly,
    postOnly: request.postOnly,
    tags: request.tags,
    createdAt: request.createdAt,
    status: OrderStatus.Initialized,
    venueOrderId: undefined,
    filledQuantity: 0,
    averageFillPrice: 0,
    tradeIds: new TradeIdSet(),
    triggered: false,
    reason: undefined,
    updatedAt: request.createdAt,
  };
}

/** The order's amendable values: what an `OrderUpdated` carries and an amendment results in. */
export interface AmendedValues {
  readonly quantity: number;
  readonly price: number | undefined;
  readonly triggerPrice: number | undefined;
}

const hasLimitPrice = (type: OrderType): boolean => type === 'limit' || type === 'stop_limit';
const hasTriggerPrice = (type: OrderType): boolean => type === 'stop_market' || type === 'stop_limit';

/** The values an order has after `amendment`: each given field replaces the order's. */
export function amendedValues(order: AmendedValues, amendment: OrderAmendment): AmendedValues {
  return {
    quantity: amendment.quantity ?? order.quantity,
    price: amendment.price ?? order.price,
    triggerPrice: amendment.triggerPrice ?? order.triggerPrice,
  };
}

type AmendableOrder = Pick<Order, 'status' | 'type' | 'quantity' | 'price' | 'triggerPrice'> & {
  readonly filledQuantity: number;
  readonly triggered: boolean;
};

/**
 * Why `order` cannot take the values `next`, as `CODE: detail`; undefined when it can. The rules
 * every venue shares: the order is open (submitted, accepted or partially filled); the quantity
 * is finite and above what has filled (a venue cannot unfill; 1e-9 relative tolerance for
 * decimal sums); a limit price exactly on limit and stop-limit orders, a trigger price exactly on
 * stops, both positive and finite; a stop that has triggered keeps its trigger (a triggered
 * stop-limit rests as a limit: only its price and quantity can change). Price and size grids and
 * funds are the RiskEngine's and the venue's checks.
 */
export function updateProblem(order: AmendableOrder, next: AmendedValues): string | undefined {
  if (!isOpen(order)) return `ORDER_NOT_OPEN: order is ${order.status}`;
  const { quantity, price, triggerPrice } = next;
  if (!(quantity > 0) || !Number.isFinite(quantity))
    return `INVALID_QUANTITY: quantity ${quantity} must be a positive number`;
  if (!(quantity - order.filledQuantity > 1e-9 * quantity))
    return `QUANTITY_NOT_ABOVE_FILLED: quantity ${quantity} must exceed the filled ${order.filledQuantity}`;
  if (hasLimitPrice(order.type) !== (price !== undefined))
    return `PRICE_NOT_APPLICABLE: a ${order.type} order ${price === undefined ? 'needs' : 'has no'} a limit price`;
  if (price !== undefined && (!(price > 0) || !Number.isFinite(price)))
    return `INVALID_PRICE: price ${price} must be a positive number`;
  if (hasTriggerPrice(order.type) !== (triggerPrice !== undefined))
    return `TRIGGER_NOT_APPLICABLE: a ${order.type} order ${triggerPrice === undefined ? 'needs' : 'has no'} a trigger price`;
  if (triggerPrice !== undefined && (!(triggerPrice > 0) || !Number.isFinite(triggerPrice)))
    return `INVALID_PRICE: trigger price ${triggerPrice} must be a positive number`;
  if (order.triggered && triggerPrice !== order.triggerPrice)
    return `ALREADY_TRIGGERED: the stop triggered at ${order.triggerPrice}; its trigger cannot change`;
  return undefined;
}

/**
 * Why `amendment` cannot apply to `order` (`CODE: detail`), or undefined: it must change at least
 * one field, and the values it leaves must pass `updateProblem`.
 */
export function amendmentProblem(order: AmendableOrder, amendment: OrderAmendment): string | undefined {
  if (amendment.quantity === undefined && amendment.price === undefined && amendment.triggerPrice === undefined)
    return 'NOTHING_TO_MODIFY: give a quantity, a price or a trigger price';
  return updateProblem(order, amendedValues(order, amendment));
}

/** The outcome of applying an event: applied, or a fill that was refused (and why). */
export type ApplyResult =
  | { readonly applied: true }
  | { readonly applied: false; readonly reason: 'duplicate_trade_id' | 'overfill'; readonly detail: string };

const APPLIED: ApplyResult = { applied: true };

function moveTo(order: MutableOrder, event: OrderEvent, target: OrderStatus): void {
  if (!canTransition(order.status, target)) throw new InvalidOrderTransition(order, event.type, target);
  order.status = target;
  order.updatedAt = event.timestamp;
}

/**
 * Sums two quantities that sit on the same decimal grid. Doubles add with a relative error of
 * about 1e-16; anything within 1e-9 relative of the order quantity is that quantity.
 */
function addQuantity(filled: number, last: number, total: number): number {
  const sum = filled + last;
  return Math.abs(sum - total) <= 1e-9 * total ? total : sum;
}

function applyFill(order: MutableOrder, fill: OrderFilled): ApplyResult {
  if (order.tradeIds.has(fill.tradeId)) {
    return { applied: false, reason: 'duplicate_trade_id', detail: `trade ${fill.tradeId} was already applied` };
  }
  const filled = addQuantity(order.filledQuantity, fill.lastQuantity, order.quantity);
  if (!(fill.lastQuantity > 0) || filled > order.quantity) {
    return {
      applied: false,
      reason: 'overfill',
      detail: `fill of ${fill.lastQuantity} on top of ${order.filledQuantity} exceeds the order quantity ${order.quantity}`,
    };
  }
  moveTo(order, fill, filled === order.quantity ? OrderStatus.Filled : OrderStatus.PartiallyFilled);
  // Fills at one price average to that price exactly: (p·q)/q is not always p in binary (100.1 × 3 / 3).
  if (order.filledQuantity === 0 || fill.lastPrice === order.averageFillPrice) order.averageFillPrice = fill.lastPrice;
  else
    order.averageFillPrice =
      (order.averageFillPrice * order.filledQuantity + fill.lastPrice * fill.lastQuantity) / filled;
  order.filledQuantity = filled;
  order.venueOrderId = fill.venueOrderId;
  order.tradeIds.add(fill.tradeId);
  return APPLIED;
}

/** An amendment the venue applied: new values, same status. One it could not have applied throws. */
function applyUpdate(order: MutableOrder, event: OrderUpdated): void {
  const problem = updateProblem(order, event);
  if (problem !== undefined) throw new InvalidOrderTransition(order, event.type, order.status, problem);
  order.quantity = event.quantity;
  order.price = event.price;
  order.triggerPrice = event.triggerPrice;
  if (event.venueOrderId !== undefined) order.venueOrderId = event.venueOrderId;
  order.updatedAt = event.timestamp;
}

/**
 * Applies an event to an order through the state machine. Illegal transitions throw
 * `InvalidOrderTransition` (a broken invariant); a repeated trade id or an overfill is returned
 * as data and leaves the order unchanged.
 */
export function applyOrderEvent(order: MutableOrder, event: OrderEvent): ApplyResult {
  switch (event.type) {
    case 'OrderInitialized':
    case 'FillRejected':
    case 'OrderCancelRejected':
    case 'OrderModifyRejected':
      return APPLIED;
    case 'OrderDenied':
      moveTo(order, event, OrderStatus.Denied);
      order.reason = `${event.reason}: ${event.detail}`;
      return APPLIED;
    case 'OrderSubmitted':
      moveTo(order, event, OrderStatus.Submitted);
      return APPLIED;
    case 'OrderAccepted':
      moveTo(order, event, OrderStatus.Accepted);
      order.venueOrderId = event.venueOrderId;
      return APPLIED;
    case 'OrderRejected':
      moveTo(order, event, OrderStatus.Rejected);
      order.reason = event.reason;
      return APPLIED;
    case 'OrderTriggered':
      if (order.status !== OrderStatus.Accepted && order.status !== OrderStatus.PartiallyFilled) {
        throw new InvalidOrderTransition(order, event.type, order.status);
      }
      order.triggered = true;
      order.updatedAt = event.timestamp;
      return APPLIED;
    case 'OrderCanceled':
      moveTo(order, event, OrderStatus.Canceled);
      order.reason = event.reason;
      return APPLIED;
    case 'OrderExpired':
      moveTo(order, event, OrderStatus.Expired);
      return APPLIED;
    case 'OrderUpdated':
      applyUpdate(order, event);
      return APPLIED;
    case 'OrderFilled':
      return applyFill(order, event);
  }
}
