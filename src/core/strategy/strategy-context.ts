import type { OrderAmendment } from '../model/commands.ts';
import type { QuoteTick } from '../model/data.ts';
import type { ClientOrderId, InstrumentId, StrategyId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { Order, OrderRequest } from '../model/order.ts';
import type { Timeframe, UnixMillis } from '../model/time.ts';
import type { StrategyAllocation } from '../portfolio/allocation/strategy-allocation.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import type { Logger } from './logger.ts';
import type { OrderFactory } from './order-factory.ts';

/** Read access to instruments and orders. */
export interface CacheView {
  instrument(id: InstrumentId | string): Instrument;
  instruments(): readonly Instrument[];
  order(id: ClientOrderId | string): Order | undefined;
  /** The instrument's latest top-of-book quote, when the data has quotes (a copy kept by the engine). */
  quote(id: InstrumentId | string): QuoteTick | undefined;
  /** Open (submitted, accepted, partially filled) orders, optionally of one instrument. */
  openOrders(instrumentId?: InstrumentId | string): readonly Order[];
}

/**
 * What a strategy may do. Deliberately narrow: it never sees the kernel, the bus or a venue.
 */
export interface StrategyContext {
  readonly strategyId: StrategyId;
  /** Current time (simulated in backtests). */
  now(): UnixMillis;
  /** Receive bars of an instrument (the timeframe defaults to the data's). */
  subscribeBars(instrumentId: InstrumentId | string, timeframe?: Timeframe): void;
  /** Receive top-of-book quotes of an instrument in `onQuote` (when the data has quotes). */
  subscribeQuotes(instrumentId: InstrumentId | string): void;
  /** Receive trade prints of an instrument in `onTrade` (when the data has trades). */
  subscribeTrades(instrumentId: InstrumentId | string): void;
  /** Receive external events of a kind (`listing`, `sentiment`, …; `*` for every kind) in `onEvent`. */
  subscribeEvents(kind: string): void;
  readonly orders: OrderFactory;
  /** Sends an order through the RiskEngine to its venue. Outcomes arrive as order events. */
  submitOrder(order: OrderRequest): void;
  cancelOrder(clientOrderId: ClientOrderId | string): void;
  /**
   * Amends one of this strategy's working orders: each given field (new total quantity, limit
   * price, trigger price) replaces the order's. It passes the trading state and the RiskEngine
   * like a submit; the outcome arrives as `OrderUpdated` or `OrderModifyRejected` (the order then
   * keeps working unchanged). Throws on an unknown client order id, as `cancelOrder` does.
   */
  modifyOrder(clientOrderId: ClientOrderId | string, changes: OrderAmendment): void;
  cancelAllOrders(instrumentId: InstrumentId | string): void;
  readonly portfolio: PortfolioView;
  readonly cache: CacheView;
  /**
   * This strategy's capital share when several strategies share the account under an allocator
   * (then `portfolio` shows its own positions); undefined otherwise. Read it when sizing: the
   * built-in strategies multiply their order quantity by `scale`.
   */
  allocation?(): StrategyAllocation | undefined;
  /** A repeating timer delivered to `onTimer`. */
  setTimer(name: string, intervalMs: number, options?: { startTime?: UnixMillis; stopTime?: UnixMillis }): void;
  /** A one-shot alert delivered to `onTimer`. */
  setTimeAlert(name: string, time: UnixMillis): void;
  cancelTimer(name: string): void;
  readonly log: Logger;
}
