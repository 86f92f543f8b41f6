import type { AccountId, ClientOrderId, CurrencyCode, InstrumentId, StrategyId, TradeId, VenueOrderId } from './ids.ts';
import type { LiquiditySide, OrderRequest, OrderSide } from './order.ts';
import type { UnixMillis } from './time.ts';

/** Fields every order event carries. */
interface OrderEventBase {
  readonly clientOrderId: ClientOrderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly timestamp: UnixMillis;
}

export interface OrderInitialized extends OrderEventBase {
  readonly type: 'OrderInitialized';
  readonly order: OrderRequest;
}
/** Refused before leaving the process (by the RiskEngine). `reason` is a code, `detail` the numbers. */
export interface OrderDenied extends OrderEventBase {
  readonly type: 'OrderDenied';
  readonly reason: string;
  readonly detail: string;
}
export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'OrderSubmitted';
}
export interface OrderAccepted extends OrderEventBase {
  readonly type: 'OrderAccepted';
  readonly venueOrderId: VenueOrderId;
}
/** Refused by the venue. */
export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly reason: string;
}
export interface OrderTriggered extends OrderEventBase {
  readonly type: 'OrderTriggered';
  readonly venueOrderId: VenueOrderId;
}
export interface OrderCanceled extends OrderEventBase {
  readonly type: 'OrderCanceled';
  readonly reason: string;
}
export interface OrderExpired extends OrderEventBase {
  readonly type: 'OrderExpired';
}
export interface OrderCancelRejected extends OrderEventBase {
  readonly type: 'OrderCancelRejected';
  readonly reason: string;
}
/**
 * The venue applied an amendment (`ModifyOrder`). The fields are the order's values after it:
 * the total quantity (filled part included), the limit price and the trigger price. Status,
 * fills and client id are unchanged; `venueOrderId` is the id the venue now uses (a
 * cancel/replace venue may assign a new one).
 */
export interface OrderUpdated extends OrderEventBase {
  readonly type: 'OrderUpdated';
  readonly venueOrderId: VenueOrderId | undefined;
  readonly quantity: number;
  readonly price: number | undefined;
  readonly triggerPrice: number | undefined;
}
/** An amendment refused (by the trading state, the RiskEngine or the venue): the order keeps working unchanged. */
export interface OrderModifyRejected extends OrderEventBase {
  readonly type: 'OrderModifyRejected';
  /** `CODE: detail`, e.g. `TRADING_HALTED: ...` or `QUANTITY_NOT_ABOVE_FILLED: ...`. */
  readonly reason: string;
}
/** One execution. `fee` is in `feeCurrency`; positive is a cost, negative a rebate. */
export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly venueOrderId: VenueOrderId;
  readonly tradeId: TradeId;
  readonly accountId: AccountId;
  readonly side: OrderSide;
  readonly lastQuantity: number;
  readonly lastPrice: number;
  readonly fee: number;
  readonly feeCurrency: CurrencyCode;
  readonly liquiditySide: LiquiditySide;
  /** Slippage paid versus the reference price (open, trigger or quote), in quote currency per unit. */
  readonly slippage: number;
}
/** A fill that was not applied: a repeated trade id, or one that would exceed the order quantity. */
export interface FillRejected extends OrderEventBase {
  readonly type: 'FillRejected';
  readonly tradeId: TradeId;
  readonly reason: 'duplicate_trade_id' | 'overfill';
  readonly detail: string;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderTriggered
  | OrderCanceled
  | OrderExpired
  | OrderCancelRejected
  | OrderUpdated
  | OrderModifyRejected
  | OrderFilled
  | FillRejected;

/** A position changed by a fill. `realizedPnl` is this fill's realized PnL (gross of fees). */
export interface PositionChanged {
  readonly type: 'PositionOpened' | 'PositionChanged' | 'PositionClosed';
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;
  readonly timestamp: UnixMillis;
  readonly quantity: number;
  readonly averageEntryPrice: number;
  readonly realizedPnl: number;
  readonly totalRealizedPnl: number;
}

/** Cash moved in or out of an account. */
export interface CashMoved {
  readonly type: 'CashDeposited' | 'CashWithdrawn';
  readonly accountId: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: number;
  readonly timestamp: UnixMillis;
}

/** A timer or time alert fired. */
export interface TimeEvent {
  readonly type: 'TimeEvent';
  readonly name: string;
  readonly timestamp: UnixMillis;
}

/**
 * Something that happened outside the market data: a listing announcement, a news headline's
 * sentiment, a signal from another system. Delivered to strategies through the bus at
 * `timestamp` (never before: in a backtest the engine releases it when the clock reaches it).
 * `kind` routes it (`listing`, `sentiment`, …); `payload` is the event's own data, read-only.
 */
export interface ExternalEvent {
  readonly type: 'ExternalEvent';
  readonly kind: string;
  /** Who reported it (`binance-announcements`, `news-sentiment`, a webhook name). */
  readonly source: string;
  readonly timestamp: UnixMillis;
  readonly instrumentId?: InstrumentId;
  readonly payload: Readonly<Record<string, unknown>>;
}

export type TradingEvent = OrderEvent | PositionChanged | CashMoved | TimeEvent | ExternalEvent;
