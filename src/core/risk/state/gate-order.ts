import type { AccountId, StrategyId } from '../../model/ids.ts';
import type { OrderSide } from '../../model/order.ts';
import { type TradingScope, TradingState } from './trading-state.ts';

/**
 * What is being asked of the order path. `flatten` is reserved for the orders the risk engine
 * itself creates after a kill (never a strategy's); it may only shrink a position, even when HALTED.
 */
export const OrderAction = { Submit: 'submit', Modify: 'modify', Cancel: 'cancel', Flatten: 'flatten' } as const;
export type OrderAction = (typeof OrderAction)[keyof typeof OrderAction];

/** The parts of an order the trading state looks at. */
export interface GateOrder {
  readonly action: OrderAction;
  readonly side: OrderSide;
  /** Base units: the order's quantity; for a modify, the quantity it will leave working. */
  readonly quantity: number;
  readonly strategyId?: StrategyId;
  readonly accountId?: AccountId;
  /**
   * Leaves quantity of the other open orders of the same account, instrument and side (base units,
   * ≥ 0, default 0). In REDUCING they count against the position, so that two sells that each
   * close a long cannot together flip it.
   */
  readonly workingQuantity?: number;
}

/** A trading-state denial: a reason code, the numbers, and the scope whose state denied. */
export interface TradingStateDenial {
  readonly reason: 'TRADING_HALTED' | 'TRADING_REDUCING';
  readonly detail: string;
  readonly scope: TradingScope;
}

/**
 * Relative tolerance on "does not exceed the position": positions are sums of float fills, so a
 * sell of 0.3 must still close a long of 0.29999999999999993.
 */
const QUANTITY_TOLERANCE = 1e-9;

/**
 * Decides an order under a state. `position` is the signed position in the order's instrument and
 * account (base units, long > 0). ACTIVE allows everything; REDUCING allows cancels and orders that
 * shrink |position| without flipping it; HALTED allows cancels and flatten orders that shrink
 * without flipping. Returns undefined when allowed.
 */
export function gateOrder(
  state: TradingState,
  scope: TradingScope,
  order: GateOrder,
  position: number,
): TradingStateDenial | undefined {
  if (state === TradingState.Active || order.action === OrderAction.Cancel) return undefined;
  if (state === TradingState.Halted && order.action !== OrderAction.Flatten) {
    return {
      reason: 'TRADING_HALTED',
      detail: `state HALTED allows only cancels; ${order.action} ${order.side} ${order.quantity} denied (position ${position})`,
      scope,
    };
  }
  const reducible = order.side === 'sell' ? position : -position;
  const working = order.workingQuantity ?? 0;
  const total = order.quantity + working;
  const shrinks = reducible > 0 && total <= reducible + QUANTITY_TOLERANCE * Math.max(reducible, total);
  if (shrinks) return undefined;
  const what =
    reducible <= 0
      ? `would grow |position| ${Math.abs(position)}`
      : `would flip the position: ${order.quantity}${working > 0 ? ` + ${working} working` : ''} > ${reducible}`;
  return {
    reason: state === TradingState.Halted ? 'TRADING_HALTED' : 'TRADING_REDUCING',
    detail: `state ${state} allows only orders that shrink |position|; ${order.action} ${order.side} ${order.quantity} at position ${position} ${what}`,
    scope,
  };
}
