import type { OrderFilled } from '../model/events.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { Position } from '../portfolio/position.ts';

/**
 * The positions of strategies that trade as allocated agents, each from its own fills (fees are
 * not booked here: the PnL ledger attributes them). It gives each such strategy a portfolio view
 * in which its own positions replace the account's netting ones, so strategies sharing an
 * instrument do not read (and close) each other's trades.
 */
export class AgentPortfolio {
  /** strategy id → instrument id → its own position. */
  private readonly books = new Map<string, Map<string, Position>>();

  constructor(
    private readonly account: PortfolioView,
    private readonly instrumentOf: (instrumentId: string) => Instrument,
  ) {}

  /** Starts booking a strategy's fills. */
  track(strategyId: string): void {
    if (!this.books.has(strategyId)) this.books.set(strategyId, new Map());
  }

  tracks(strategyId: string): boolean {
    return this.books.has(strategyId);
  }

  onFill(fill: OrderFilled): void {
    const book = this.books.get(fill.strategyId);
    if (book === undefined) return;
    let position = book.get(fill.instrumentId);
    if (position === undefined)
      book.set(fill.instrumentId, (position = new Position(this.instrumentOf(fill.instrumentId))));
    position.apply(fill.side, fill.lastQuantity, fill.lastPrice, 0, fill.timestamp);
  }

  /** The strategy's own signed quantity in an instrument (0 when flat or never traded). */
  quantity(strategyId: string, instrumentId: InstrumentId | string): number {
    return this.books.get(strategyId)?.get(instrumentId)?.quantity ?? 0;
  }

  /**
   * The portfolio a tracked strategy reads: the account's equity, cash and account; its own
   * positions (marked at the account's last price) and exposures.
   */
  viewOf(strategyId: string): PortfolioView {
    const book = this.books.get(strategyId);
    if (book === undefined) throw new Error(`strategy ${strategyId} is not an allocated agent`);
    const account = this.account;
    const marked = (instrumentId: string): Position | undefined => {
      const position = book.get(instrumentId);
      if (position !== undefined) position.lastPrice = account.position(instrumentId)?.lastPrice ?? position.lastPrice;
      return position;
    };
    const exposure = (gross: boolean): number => {
      let sum = 0;
      for (const id of book.keys()) {
        const p = marked(id) as Position;
        sum += gross ? Math.abs(p.quantity * p.lastPrice) : p.quantity * p.lastPrice;
      }
      return sum;
    };
    return {
      equity: () => account.equity(),
      cash: (currency) => account.cash(currency),
      position: (instrumentId) => marked(instrumentId),
      positionQuantity: (instrumentId) => book.get(instrumentId)?.quantity ?? 0,
      grossExposure: () => exposure(true),
      netExposure: () => exposure(false),
      get account() {
        return account.account;
      },
    };
  }

  /**
   * A market order flagged reduce-only is judged on the strategy's own position: when it reduces
   * that (same instrument, opposite side, no more than held), it goes out without the flag, since
   * the venue would judge it on the account's net position, which the other strategies may hold
   * on the other side. Any other order is returned unchanged.
   */
  ownReduceOnly(order: OrderRequest): OrderRequest {
    if (!order.reduceOnly || order.type !== 'market') return order;
    const held = this.quantity(order.strategyId, order.instrumentId);
    const reduces = order.side === 'buy' ? held < 0 : held > 0;
    if (!reduces || order.quantity > Math.abs(held) + 1e-12) return order;
    return Object.freeze({ ...order, reduceOnly: false });
  }
}
