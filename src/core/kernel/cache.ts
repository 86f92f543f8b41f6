import type { QuoteTick } from '../model/data.ts';
import type { ClientOrderId, InstrumentId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import { isClosed, isOpen, type Order } from '../model/order.ts';
import type { MutableOrder } from '../model/order-state.ts';
import type { CacheView } from '../strategy/strategy-context.ts';

/** The kernel's in-memory state of instruments and orders. Strategies read it through `CacheView`. */
export class Cache implements CacheView {
  private readonly instrumentsById = new Map<InstrumentId, Instrument>();
  private readonly ordersById = new Map<ClientOrderId, MutableOrder>();
  /** Every order in creation order (reports). */
  readonly orderList: MutableOrder[] = [];
  /**
   * Orders that are submitted, accepted or partially filled, in the order they opened. An array,
   * not a Set: a Set re-allocates its table as it empties and fills again, once per order, while
   * the open list is short and is walked in full by the risk checks anyway.
   */
  private readonly open: MutableOrder[] = [];
  /**
   * The order last added or looked up. An order's events and the strategy's reads of it come one
   * after another, so this spares most lookups in a map of every order of the run, whose buckets
   * are rarely in the CPU cache. Cleared when its order is released; ids never change.
   */
  private recent: MutableOrder | undefined;

  /** The latest quote of each instrument that has quotes: one record per instrument, overwritten. */
  private readonly quotes = new Map<string, { -readonly [K in keyof QuoteTick]: QuoteTick[K] }>();

  addInstrument(instrument: Instrument): void {
    this.instrumentsById.set(instrument.id, instrument);
  }

  instrument(id: InstrumentId | string): Instrument {
    const instrument = this.instrumentsById.get(id as InstrumentId);
    if (instrument === undefined) {
      throw new Error(`unknown instrument '${id}'; known: ${[...this.instrumentsById.keys()].join(', ') || 'none'}`);
    }
    return instrument;
  }

  hasInstrument(id: InstrumentId | string): boolean {
    return this.instrumentsById.has(id as InstrumentId);
  }

  instruments(): readonly Instrument[] {
    return [...this.instrumentsById.values()];
  }

  /** Keeps `quote` (copied) as its instrument's latest quote (called by the engine before publishing it). */
  updateQuote(quote: QuoteTick): void {
    const kept = this.quotes.get(quote.instrumentId);
    if (kept === undefined) {
      this.quotes.set(quote.instrumentId, { ...quote });
      return;
    }
    kept.timestamp = quote.timestamp;
    kept.bid = quote.bid;
    kept.ask = quote.ask;
    kept.bidSize = quote.bidSize;
    kept.askSize = quote.askSize;
  }

  quote(id: InstrumentId | string): QuoteTick | undefined {
    return this.quotes.get(id);
  }

  /** Adds an order; a client order id already used throws. */
  addOrder(order: MutableOrder): void {
    if (this.ordersById.has(order.clientOrderId)) throw new Error(`duplicate client order id ${order.clientOrderId}`);
    this.ordersById.set(order.clientOrderId, order);
    this.orderList.push(order);
    this.recent = order;
    this.indexOrder(order);
  }

  /** Re-files an order after its status changed (called by the ExecutionEngine). */
  indexOrder(order: MutableOrder): void {
    const open = this.open;
    const index = open.indexOf(order);
    if (isOpen(order)) {
      if (index < 0) open.push(order);
    } else if (index >= 0) {
      for (let i = index + 1; i < open.length; i++) open[i - 1] = open[i];
      open.pop();
    }
  }

  order(id: ClientOrderId | string): Order | undefined {
    return this.mutableOrder(id);
  }

  mutableOrder(id: ClientOrderId | string): MutableOrder | undefined {
    const recent = this.recent;
    if (recent !== undefined && recent.clientOrderId === id) return recent;
    const order = this.ordersById.get(id as ClientOrderId);
    if (order !== undefined) this.recent = order;
    return order;
  }

  /**
   * Removes every closed order from the cache and returns them in creation order (a streaming
   * backtest hands them to its result store). The orders still open or not yet submitted stay.
   */
  releaseClosedOrders(): MutableOrder[] {
    const released: MutableOrder[] = [];
    const list = this.orderList;
    let kept = 0;
    for (const order of list) {
      if (isClosed(order)) {
        released.push(order);
        this.ordersById.delete(order.clientOrderId);
      } else {
        list[kept++] = order;
      }
    }
    list.length = kept;
    if (this.recent !== undefined && isClosed(this.recent)) this.recent = undefined;
    return released;
  }

  /** Number of open orders (lets hot paths skip `openOrders`, which allocates its result). */
  get openOrderCount(): number {
    return this.open.length;
  }

  /** The open orders themselves, not a copy (walk it at once; it changes as orders open and close). */
  get openOrderList(): readonly Order[] {
    return this.open;
  }

  openOrders(instrumentId?: InstrumentId | string): readonly Order[] {
    const out: Order[] = [];
    for (const o of this.open) if (instrumentId === undefined || o.instrumentId === instrumentId) out.push(o);
    return out;
  }
}
