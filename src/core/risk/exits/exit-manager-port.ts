import type { Clock } from '../../clock/clock.ts';
import type { OrderRequest } from '../../model/order.ts';
import type { PortfolioView } from '../../portfolio/portfolio.ts';
import type { Logger } from '../../strategy/logger.ts';
import type { OrderFactory } from '../../strategy/order-factory.ts';
import type { CacheView } from '../../strategy/strategy-context.ts';

/**
 * What the `ExitManager` needs from the node that hosts it (the trading kernel), and nothing more:
 * it never imports the kernel (the kernel imports the risk package).
 */
export interface ExitManagerPort {
  /** Time of the minute-based time stops (`setTimeAlert`, `cancelTimer`). */
  readonly clock: Clock;
  /** Instruments (grids) and orders (is a cancel-refused order still open?). */
  readonly cache: Pick<CacheView, 'instrument' | 'order'>;
  /** The account's netting positions: signed quantity, average entry price, opening time. */
  readonly portfolio: Pick<PortfolioView, 'position'>;
  /** Builds the exit orders; the kernel gives the risk engine's own (strategy id `RISK`). */
  readonly orders: OrderFactory;
  /**
   * Sends an exit order down the one order path as a risk flatten order (allowed while HALTED:
   * exits only shrink). Outcomes come back through `ExitManager.onOrderEvent`, possibly before
   * this returns (a denial).
   */
  submit(request: OrderRequest): void;
  /** Asks to cancel an exit order; a cancel of an order that just closed is refused as an event, never thrown. */
  cancel(order: Pick<OrderRequest, 'clientOrderId' | 'instrumentId' | 'strategyId'>): void;
  /** Warnings (an exit order denied or rejected). */
  readonly log?: Logger;
}
