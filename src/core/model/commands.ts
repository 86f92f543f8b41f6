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
export interface CancelAllOrders {
  readonly type: 'CancelAllOrders';
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;
  readonly timestamp: UnixMillis;
}

export type TradingCommand = SubmitOrder | CancelOrder | CancelAllOrders;
