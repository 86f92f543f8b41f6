import type { OrderFilled } from '../model/events.ts';
import type { Order } from '../model/order.ts';
import type { RoundTrip } from '../portfolio/position.ts';

/**
 * Where a streaming backtest hands its results as they are produced instead of keeping them, so a
 * run over tens of millions of bars holds only the current chunk: an adapter writes them to files
 * or a database, a benchmark just counts. With a store, `BacktestEngine.finish()` returns the
 * totals and empty lists.
 */
export interface BacktestResultStore {
  /**
   * Equity at the close of every bar of one `processBars` call, in time order. The arrays are the
   * engine's and are overwritten by the next call: copy what you keep.
   */
  appendEquity(timestamps: Float64Array, equity: Float64Array, length: number): void;
  /** Each fill, as it is booked. */
  appendFill(fill: OrderFilled): void;
  /**
   * Orders that closed (filled, canceled, expired, rejected, denied) during one `processBars`
   * call, in creation order, after the call; at `finish()`, every order still open. A released
   * order is gone from the cache: `cache.order(id)` no longer finds it.
   */
  appendOrders(orders: readonly Order[]): void;
  /** Round trips (flat to flat) completed during one `processBars` call, in completion order. */
  appendRoundTrips(roundTrips: readonly RoundTrip[]): void;
}
