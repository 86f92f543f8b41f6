import type { TradeId } from './ids.ts';

/**
 * The trade ids applied to one order. Nearly every order fills in one trade, so the first id is
 * held in a field and a real `Set` is made only for a second one: one small object per order
 * instead of a hash table (orders are kept for the whole run, so their size is GC work).
 * Read-only users see a `ReadonlySet<TradeId>`.
 */
export class TradeIdSet implements ReadonlySet<TradeId> {
  private first: TradeId | undefined = undefined;
  private others: Set<TradeId> | undefined = undefined;

  get size(): number {
    if (this.first === undefined) return 0;
    return this.others === undefined ? 1 : 1 + this.others.size;
  }

  has(id: TradeId): boolean {
    return id === this.first || this.others?.has(id) === true;
  }

  add(id: TradeId): this {
    if (this.first === undefined) this.first = id;
    else if (id !== this.first) (this.others ??= new Set()).add(id);
    return this;
  }

  forEach(callback: (value: TradeId, key: TradeId, set: ReadonlySet<TradeId>) => void, thisArg?: unknown): void {
    for (const id of this.toSet()) callback.call(thisArg, id, id, this);
  }

  entries(): SetIterator<[TradeId, TradeId]> {
    return this.toSet().entries();
  }

  keys(): SetIterator<TradeId> {
    return this.toSet().keys();
  }

  values(): SetIterator<TradeId> {
    return this.toSet().values();
  }

  [Symbol.iterator](): SetIterator<TradeId> {
    return this.toSet().values();
  }

  /** The ids in the order they were added, as a new Set (iteration is rare: reports and tests). */
  private toSet(): Set<TradeId> {
    const set = new Set<TradeId>();
    if (this.first !== undefined) set.add(this.first);
    if (this.others !== undefined) for (const id of this.others) set.add(id);
    return set;
  }
}
