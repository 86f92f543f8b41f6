import type { ClientOrderId, InstrumentId, StrategyId, TradeId, VenueOrderId } from './ids.ts';
import type { UnixMillis } from './time.ts';

export const OrderSide = { Buy: 'buy', Sell: 'sell' } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

export const OrderType = {
  Market: 'market',
  Limit: 'limit',
  StopMarket: 'stop_market',
  StopLimit: 'stop_limit',
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

/** GTC good till canceled; IOC immediate or cancel; FOK fill or kill; GTD good till `expireTime`. */
export const TimeInForce = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', GTD: 'GTD' } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

export const OrderStatus = {
  Initialized: 'initialized',
  Denied: 'denied',
  Submitted: 'submitted',
  Accepted: 'accepted',
  Rejected: 'rejected',
  PartiallyFilled: 'partially_filled',
  Filled: 'filled',
  Canceled: 'canceled',
  Expired: 'expired',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const LiquiditySide = { Maker: 'maker', Taker: 'taker' } as const;
export type LiquiditySide = (typeof LiquiditySide)[keyof typeof LiquiditySide];

/** What a strategy asks for. Created by the order factory; immutable once submitted. */
export interface OrderRequest {
  readonly clientOrderId: ClientOrderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Base units, a multiple of the instrument's size increment. */
  readonly quantity: number;
  /** Limit price, for limit and stop-limit orders. */
  readonly price: number | undefined;
  /** Trigger price, for stop-market and stop-limit orders. */
  readonly triggerPrice: number | undefined;
  readonly timeInForce: TimeInForce;
  /** For GTD: the order expires when the venue's time reaches this instant. */
  readonly expireTime: UnixMillis | undefined;
  /** Limit-with-timeout in bars: expire after this many bars once accepted (simulated venues). */
  readonly expireAfterBars: number | undefined;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  /** Free-form labels carried to reports (e.g. 'entry', 'stop'). */
  readonly tags: readonly string[];
  readonly createdAt: UnixMillis;
}

/** An order as it stands: the request plus its execution state. Read-only outside the ExecutionEngine. */
export interface Order extends OrderRequest {
  readonly status: OrderStatus;
  readonly venueOrderId: VenueOrderId | undefined;
  readonly filledQuantity: number;
  readonly averageFillPrice: number;
  /** Trade ids applied so far (a repeated trade id is applied once). */
  readonly tradeIds: ReadonlySet<TradeId>;
  /** Stop orders: true once the trigger price was reached. */
  readonly triggered: boolean;
  /** The reason of the last denial, rejection, cancel or expiry. */
  readonly reason: string | undefined;
  readonly updatedAt: UnixMillis;
}

/** Statuses from which no further transition is legal. */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
  OrderStatus.Denied,
  OrderStatus.Rejected,
  OrderStatus.Filled,
  OrderStatus.Canceled,
  OrderStatus.Expired,
]);

/** True when the order can no longer change. */
export function isClosed(order: Pick<Order, 'status'>): boolean {
  return TERMINAL_STATUSES.has(order.status);
}

/** True when the order rests (or may rest) at the venue: submitted, accepted or partially filled. */
export function isOpen(order: Pick<Order, 'status'>): boolean {
  return (
    order.status === OrderStatus.Submitted ||
    order.status === OrderStatus.Accepted ||
    order.status === OrderStatus.PartiallyFilled
  );
}

/** Quantity still to fill. */
export function leavesQuantity(order: Pick<Order, 'quantity' | 'filledQuantity'>): number {
  return order.quantity - order.filledQuantity;
}

/** +1 for buys, -1 for sells. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === OrderSide.Buy ? 1 : -1;
}
