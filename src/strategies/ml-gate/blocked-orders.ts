import type { OrderEvent } from '../../core/model/events.ts';
import type { Order, OrderRequest } from '../../core/model/order.ts';
import { applyOrderEvent, createOrder } from '../../core/model/order-state.ts';

/** The denial code a blocked entry carries (as a RiskEngine code would). */
export const ML_GATE_DENIAL = 'ML_GATE';

/**
 * The orders the gate held back, closed as the kernel closes a denied order, and the events the
 * kernel would send the strategy about them. The kernel's cache never sees them.
 */
export class BlockedOrders {
  private readonly orders = new Map<string, Order>();

  get(clientOrderId: string): Order | undefined {
    return this.orders.get(clientOrderId);
  }

  /** Records `request` as denied (`ML_GATE: detail`) at `time`; returns the `OrderDenied` to deliver. */
  deny(request: OrderRequest, detail: string, time: number): OrderEvent {
    const order = createOrder(request);
    const event: OrderEvent = {
      type: 'OrderDenied',
      clientOrderId: request.clientOrderId,
      strategyId: request.strategyId,
      instrumentId: request.instrumentId,
      timestamp: time,
      reason: ML_GATE_DENIAL,
      detail,
    };
    applyOrderEvent(order, event);
    this.orders.set(request.clientOrderId, order);
    return event;
  }

  /** The refusal of a cancel or modify of a blocked order, as the execution engine refuses one of a closed order. */
  refusal(order: Order, type: 'OrderCancelRejected' | 'OrderModifyRejected', time: number): OrderEvent {
    return {
      type,
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      timestamp: time,
      reason: `ORDER_NOT_OPEN: order is ${order.status}`,
    };
  }
}
