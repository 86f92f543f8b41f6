import type { OrderEvent, OrderFilled } from './events.ts';
import type { VenueOrderId } from './ids.ts';
import { type Order, type OrderRequest, OrderStatus } from './order.ts';
import { TradeIdSet } from './trade-id-set.ts';

/** The ExecutionEngine's own, mutable copy of an order. Everyone else sees `Order` (read-only). */
export interface MutableOrder extends Order {
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
  ) {
    super(`order ${order.clientOrderId}: ${eventType} cannot move an order from '${order.status}' to '${target}'`);
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
  order.averageFillPrice =
    (order.averageFillPrice * order.filledQuantity + fill.lastPrice * fill.lastQuantity) / filled;
  order.filledQuantity = filled;
  order.venueOrderId = fill.venueOrderId;
  order.tradeIds.add(fill.tradeId);
  return APPLIED;
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
    case 'OrderFilled':
      return applyFill(order, event);
  }
}
