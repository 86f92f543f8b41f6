import type { ClientOrderId, InstrumentId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import { isOpen, type Order } from '../model/order.ts';
import type { MutableOrder } from '../model/order-state.ts';
import type { CacheView } from '../strategy/strategy-context.ts';

/** The kernel's in-memory state of instruments and orders. Strategies read it through `CacheView`. */
export class Cache implements CacheView {
  private readonly instrumentsById = new Map<InstrumentId, Instrument>();
  private readonly ordersById = new Map<ClientOrderId, MutableOrder>();
  /** Every order in creation order (reports). */
  readonly orderList: MutableOrder[] = [];
  /** Orders that are submitted, accepted or partially filled, in creation order. */
  private readonly open = new Set<MutableOrder>();

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

  addOrder(order: MutableOrder): void {
    if (this.ordersById.has(order.clientOrderId)) throw new Error(`duplicate client order id ${order.clientOrderId}`);
    this.ordersById.set(order.clientOrderId, order);
    this.orderList.push(order);
    this.indexOrder(order);
  }

  /** Re-files an order after its status changed (called by the ExecutionEngine). */
  indexOrder(order: MutableOrder): void {
    if (isOpen(order)) this.open.add(order);
    else this.open.delete(order);
  }

  order(id: ClientOrderId | string): Order | undefined {
    return this.ordersById.get(id as ClientOrderId);
  }

  mutableOrder(id: ClientOrderId | string): MutableOrder | undefined {
    return this.ordersById.get(id as ClientOrderId);
  }

  openOrders(instrumentId?: InstrumentId | string): readonly Order[] {
    const out: Order[] = [];
    for (const o of this.open) if (instrumentId === undefined || o.instrumentId === instrumentId) out.push(o);
    return out;
  }
}
