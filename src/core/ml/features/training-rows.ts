import type { FeatureMatrix } from './compute-features.ts';
import { requireFeatureInteger } from './feature-spec.ts';

/**
 * Rows usable for training: those where every feature column and every label is a number (not
 * NaN), in increasing order. Drops the features' warm-up at the start and the labels' unknown
 * future at the end, and any gap in an external column.
 */
export function trainingRows(features: FeatureMatrix, labels: Float64Array | readonly Float64Array[]): Uint32Array {
  const rows = features.rows;
  const labelColumns = labels instanceof Float64Array ? [labels] : labels;
  for (const label of labelColumns)
    if (label.length < rows) throw new RangeError(`a label column has ${label.length} rows, the features ${rows}`);
  // 1 where the row has a NaN anywhere: one pass per column, contiguous reads.
  const excluded = new Uint8Array(rows);
  const values = features.values;
  for (let c = 0; c < features.columns.length; c++) {
    const base = c * rows;
    for (let r = 0; r < rows; r++) if (Number.isNaN(values[base + r]!)) excluded[r] = 1;
  }
  for (const label of labelColumns) for (let r = 0; r < rows; r++) if (Number.isNaN(label[r]!)) excluded[r] = 1;
  let count = 0;
  for (let r = 0; r < rows; r++) count += 1 - excluded[r]!;
  const result = new Uint32Array(count);
  let next = 0;
  for (let r = 0; r < rows; r++) if (excluded[r] === 0) result[next++] = r;
  return result;
}

export interface PurgeOptions {
  /** First row of the test fold. */
  readonly testStart: number;
  /** One past the last row of the test fold. */
  readonly testEnd: number;
  /** Label horizon in bars: the label of row r reads bars r … r + horizon. Give this or `labelEnd`. */
  readonly horizon?: number;
  /** Per row, the last bar its label reads (`tripleBarrierLabel`'s `end`); NaN rows read only themselves. */
  readonly labelEnd?: ArrayLike<number>;
  /** Rows right after the test fold also dropped (their features look back into it); default 0. */
  readonly embargo?: number;
}

/**
 * Purge and embargo for a time-series split: the training rows left once the test fold's rows are
 * removed, then every row whose label window shares a bar with the test fold's label span (purge:
 * before the fold, rows whose label reaches the fold's first bar; after it, rows starting within
 * the span of the fold's labels), then the `embargo` rows after the fold. `rows` ascending; returns
 * the kept ones in order.
 */
export function purgeTrainingRows(rows: ArrayLike<number>, options: PurgeOptions): Uint32Array {
  const { testStart, testEnd, labelEnd } = options;
  if (!Number.isInteger(testStart) || !Number.isInteger(testEnd) || testStart < 0 || testEnd < testStart)
    throw new RangeError(`test fold [${testStart}, ${testEnd}) is not a range of rows`);
  if ((options.horizon === undefined) === (labelEnd === undefined))
    throw new RangeError('purge needs exactly one of horizon and labelEnd');
  const embargo = requireFeatureInteger('embargo', options.embargo ?? 0, 0);
  const horizon = options.horizon === undefined ? 0 : requireFeatureInteger('purge horizon', options.horizon, 0);
  const endOf = (row: number): number => {
    if (labelEnd === undefined) return row + horizon;
    const end = labelEnd[row];
    return end === undefined || Number.isNaN(end) ? row : end;
  };
  // Last bar any test label reads.
  let testSpanEnd = testEnd - 1;
  for (let row = testStart; row < testEnd; row++) testSpanEnd = Math.max(testSpanEnd, endOf(row));
  const kept: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (row < testStart) {
      if (endOf(row) < testStart) kept.push(row);
    } else if (row >= testEnd && row > testSpanEnd && row >= testEnd + embargo) {
      kept.push(row);
    }
  }
  return Uint32Array.from(kept);
}
