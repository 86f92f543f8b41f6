import type { OrderFilled } from '../model/events.ts';

/**
 * Positions per agent: the signed quantity each agent (a strategy with its own allocation) holds
 * per instrument, from its own fills. The account's netting position is the sum over everyone;
 * an agent's limits are judged on its share alone.
 */
export class AgentBook {
  /** strategy id → instrument id → signed quantity. */
  private readonly books = new Map<string, Map<string, number>>();

  /** Starts tracking an agent (fills of other strategies are ignored). */
  track(strategyId: string): void {
    if (!this.books.has(strategyId)) this.books.set(strategyId, new Map());
  }

  tracks(strategyId: string): boolean {
    return this.books.has(strategyId);
  }

  onFill(fill: OrderFilled): void {
    const book = this.books.get(fill.strategyId);
    if (book === undefined) return;
    const signed = fill.side === 'buy' ? fill.lastQuantity : -fill.lastQuantity;
    const next = (book.get(fill.instrumentId) ?? 0) + signed;
    // Sums of float fills: a closed position is exactly zero, not 1e-17.
    book.set(fill.instrumentId, Math.abs(next) < 1e-12 ? 0 : next);
  }

  position(strategyId: string, instrumentId: string): number {
    return this.books.get(strategyId)?.get(instrumentId) ?? 0;
  }

  /** The agent's positions, instrument id → signed quantity. */
  positions(strategyId: string): ReadonlyMap<string, number> {
    return this.books.get(strategyId) ?? EMPTY;
  }
}

const EMPTY: ReadonlyMap<string, number> = new Map();
