import type { ClientOrderId, InstrumentId, StrategyId } from './ids.ts';
import type { OrderRequest } from './order.ts';
import type { UnixMillis } from './time.ts';

export interface SubmitOrder {
  readonly type: 'SubmitOrder';
  readonly order: OrderRequest;
  readonly timestamp: UnixMillis;
}
export interface CancelOrder {
  readonly type: 'CancelOrder';
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;
  readonly timestamp: UnixMillis;
}
/**
 * What an amendment changes: each given field replaces the order's value, the others stay.
 * `quantity` is the new total quantity (base units, filled part included), so it must exceed
 * what has filled; `price` is the limit price (limit and stop-limit orders); `triggerPrice` the
 * trigger of a stop that has not triggered yet.
 */
export interface OrderAmendment {
  readonly quantity?: number;
  readonly price?: number;
  readonly triggerPrice?: number;
}

/**
 * Amends a working order in place (NautilusTrader's ModifyOrder, FIX's Order Cancel/Replace
 * Request). At least one field of the amendment is given. The outcome arrives as `OrderUpdated`
 * or `OrderModifyRejected`; the order keeps its client order id either way.
 */
export interface ModifyOrder extends OrderAmendment {
  readonly type: 'ModifyOrder';
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;
  readonly timestamp: UnixMillis;
}
export interface CancelAllOrders {
  readonly type: 'CancelAllOrders';
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;
  readonly timestamp: UnixMillis;
}

export type TradingCommand = SubmitOrder | CancelOrder | ModifyOrder | CancelAllOrders;
