import type { DuckDBVector } from '@duckdb/node-api';
import { copyNumbers } from './duckdb-columns.ts';

/**
 * Gathers numeric columns of a streamed DuckDB result into exact-length Float64Arrays without
 * knowing the row count in advance: each data chunk (≤ 2,048 rows) is copied once into a small
 * block, and the blocks once into the final arrays — cheaper than a count query first.
 */
export class ColumnCollector {
  private readonly blocks: Float64Array[][] = [];
  private rows = 0;

  constructor(private readonly columnCount: number) {}

  /** Copies the first `columnCount` vectors of a chunk of `rows` rows. */
  add(vectors: readonly DuckDBVector[], rows: number): void {
    const block: Float64Array[] = [];
    for (let c = 0; c < this.columnCount; c++) {
      const values = new Float64Array(rows);
      copyNumbers(vectors[c], 0, rows, values, 0, `#${c}`);
      block.push(values);
    }
    this.blocks.push(block);
    this.rows += rows;
  }

  /** The columns, each exactly as long as the rows added. */
  finish(): Float64Array[] {
    const columns = Array.from({ length: this.columnCount }, () => new Float64Array(this.rows));
    let at = 0;
    for (const block of this.blocks) {
      for (let c = 0; c < this.columnCount; c++) columns[c].set(block[c], at);
      at += block[0].length;
    }
    return columns;
  }
}

/** True when every value is greater than the one before it. */
export function strictlyIncreasing(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i] > values[i - 1])) return false;
  return true;
}
