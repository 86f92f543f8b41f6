import type { LiquiditySide, OrderRequest } from '../model/order.ts';
import { firstTouch, type Touch } from './price-path.ts';

/** Where and how an order becomes executable on a path. Reused: written by `touchOrder`. */
export interface OrderTouch {
  position: number;
  price: number;
  liquidity: LiquiditySide;
  /** A stop's trigger was reached on this path (it may still not fill, e.g. a stop-limit). */
  triggeredNow: boolean;
}

/**
 * The matching rule of every order type on one path (see docs/simulation.md): market orders at
 * the first point; stops trigger where the path first crosses the trigger (a stop-market fills
 * there, a stop-limit rests as a limit from there on); limits fill where the path first reaches
 * the limit, or at the path's price when it is already through (a gap). Liquidity is taker for
 * market and stop-market fills and for a limit marketable when it arrives (`fresh` and touched
 * at the first point) or when its stop triggers; otherwise maker. Returns false when the order
 * does not fill on this path; `out.triggeredNow` is set either way.
 */
export function touchOrder(
  order: OrderRequest,
  triggered: boolean,
  fresh: boolean,
  path: Float64Array,
  count: number,
  out: OrderTouch,
  scratch: Touch,
): boolean {
  const buy = order.side === 'buy';
  out.triggeredNow = false;
  const isStop = order.type === 'stop_market' || order.type === 'stop_limit';
  if (order.type === 'market' || (order.type === 'stop_market' && triggered)) return hit(out, 0, path[0], 'taker');
  let from = 0;
  if (isStop && !triggered) {
    if (!firstTouch(path, count, order.triggerPrice!, !buy, 0, scratch)) return false;
    out.triggeredNow = true;
    if (order.type === 'stop_market') return hit(out, scratch.position, scratch.price, 'taker');
    from = scratch.position;
  }
  if (!firstTouch(path, count, order.price!, buy, from, scratch)) return false;
  const taker = (fresh && scratch.position === 0) || (out.triggeredNow && scratch.position === from);
  return hit(out, scratch.position, scratch.price, taker ? 'taker' : 'maker');
}

function hit(out: OrderTouch, position: number, price: number, liquidity: LiquiditySide): true {
  out.position = position;
  out.price = price;
  out.liquidity = liquidity;
  return true;
}

/** A GTD order whose expiry time the bar reached, or a limit-with-timeout that used its bars. */
export function hasExpired(order: OrderRequest, barsWorked: number, time: number): boolean {
  const byTime = order.timeInForce === 'GTD' && order.expireTime !== undefined && order.expireTime <= time;
  return byTime || (order.expireAfterBars !== undefined && barsWorked >= order.expireAfterBars);
}
