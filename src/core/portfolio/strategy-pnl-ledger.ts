import { toMinor } from '../model/decimal.ts';
import type { OrderFilled } from '../model/events.ts';
import type { Instrument } from '../model/instrument.ts';
import { Position } from './position.ts';

/** One strategy's share of the account's results, account currency. */
export interface StrategyPnl {
  readonly strategyId: string;
  /** Realized PnL gross of fees, from the strategy's own fills at its own average cost. */
  readonly realizedPnl: number;
  /** Open quantity × (mark − its own average cost). */
  readonly unrealizedPnl: number;
  readonly fees: number;
  /** realized + unrealized − fees. */
  readonly netPnl: number;
  readonly fills: number;
  /** Σ |fill notional|. */
  readonly tradedNotional: number;
}

/**
 * PnL attribution when several strategies share one account: each strategy's fills are booked
 * into its own positions (average cost, per instrument), apart from the account's netting
 * positions. Marks come from the account's positions. When no other party trades (the risk
 * engine's flattens are a strategy of their own, `RISK`), the strategies' net PnL sums to the
 * account's equity change, since every fill is booked exactly once on each side.
 */
export class StrategyPnlLedger {
  /** strategy id → instrument id → position. */
  private readonly books = new Map<string, Map<string, Position>>();
  private readonly counts = new Map<string, { fills: number; notional: number }>();

  constructor(
    private readonly instrumentOf: (instrumentId: string) => Instrument,
    private readonly markOf: (instrumentId: string) => number,
  ) {}

  onFill(fill: OrderFilled): void {
    let book = this.books.get(fill.strategyId);
    if (book === undefined) this.books.set(fill.strategyId, (book = new Map()));
    let position = book.get(fill.instrumentId);
    if (position === undefined)
      book.set(fill.instrumentId, (position = new Position(this.instrumentOf(fill.instrumentId))));
    const feeMinor = toMinor(fill.fee, position.instrument.quoteCurrency.precision);
    position.apply(fill.side, fill.lastQuantity, fill.lastPrice, feeMinor, fill.timestamp);
    const count = this.counts.get(fill.strategyId) ?? { fills: 0, notional: 0 };
    count.fills++;
    count.notional += Math.abs(fill.lastQuantity * fill.lastPrice);
    this.counts.set(fill.strategyId, count);
  }

  /** Every strategy that has filled, in the order of its first fill. */
  results(): StrategyPnl[] {
    const out: StrategyPnl[] = [];
    for (const [strategyId, book] of this.books) {
      let realized = 0;
      let unrealized = 0;
      let fees = 0;
      for (const position of book.values()) {
        position.lastPrice = this.markOf(position.instrument.id);
        realized += position.realizedPnl;
        unrealized += position.unrealizedPnl;
        fees += position.feesMinor / 10 ** position.instrument.quoteCurrency.precision;
      }
      const count = this.counts.get(strategyId) ?? { fills: 0, notional: 0 };
      out.push({
        strategyId,
        realizedPnl: realized,
        unrealizedPnl: unrealized,
        fees,
        netPnl: realized + unrealized - fees,
        fills: count.fills,
        tradedNotional: count.notional,
      });
    }
    return out;
  }
}
