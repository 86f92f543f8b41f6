import type { LiquiditySide } from '../model/order.ts';

/** Where a working order meets the path of the bar being matched. */
export interface FillCandidate<W> {
  working: W;
  /** Position along the bar's path (see price-path.ts). */
  position: number;
  /** The path's price there: the fill price before slippage, and what slippage is measured against. */
  price: number;
  liquidity: LiquiditySide;
}

/**
 * The orders a bar makes executable, kept in fill order: earlier on the path first, then earlier
 * at the venue (lower `sequence`). Records are pooled and rewritten for every bar, so matching
 * allocates nothing; the list is short and nearly always added in order, so insertion is cheap.
 */
export class FillCandidates<W extends { readonly sequence: number }> {
  private readonly pool: FillCandidate<W>[] = [];
  /** Candidates of the current bar: `at(0)` to `at(length - 1)`. */
  length = 0;

  clear(): void {
    this.length = 0;
  }

  at(index: number): FillCandidate<W> {
    return this.pool[index];
  }

  add(working: W, position: number, price: number, liquidity: LiquiditySide): void {
    const pool = this.pool;
    if (this.length === pool.length) pool.push({ working, position: 0, price: 0, liquidity });
    const record = pool[this.length];
    let i = this.length++;
    while (i > 0) {
      const before = pool[i - 1];
      if (before.position < position || (before.position === position && before.working.sequence < working.sequence))
        break;
      pool[i] = before;
      i--;
    }
    pool[i] = record;
    record.working = working;
    record.position = position;
    record.price = price;
    record.liquidity = liquidity;
  }
}
