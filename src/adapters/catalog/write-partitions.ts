import { rm, stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { removeStaleTempFiles, sqlString, writeParquetAtomically } from './atomic-parquet-write.ts';
import { type DataKind, partitionAt } from './catalog-layout.ts';
import { DATASET_SCHEMAS } from './dataset-schema.ts';
import { type LoadColumn, loadTempTable } from './duckdb-columns.ts';

/** What a write did, over all the partitions it touched. */
export interface WriteSummary {
  /** Rows written (new or replacing). */
  readonly written: number;
  /** Stored rows that the write replaced. */
  readonly replaced: number;
  /** Timestamp of the first and last row written, Unix ms (NaN when nothing was written). */
  readonly first: number;
  readonly last: number;
  /** Month partitions rewritten. */
  readonly partitions: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes rows sorted by timestamp (ms, integers) into the dataset folder `dir`, one month
 * partition at a time: each partition is rewritten as (stored rows not replaced) ∪ (new rows),
 * ordered by timestamp (ties: see `DatasetSchema.order`), and swapped in atomically. A crash between partitions
 * leaves the earlier months new and the later ones old, each whole.
 */
export async function writePartitions(
  connection: DuckDBConnection,
  options: {
    readonly kind: DataKind;
    readonly dir: string;
    readonly timestamp: Float64Array;
    readonly columns: readonly LoadColumn[];
    readonly length: number;
  },
): Promise<WriteSummary> {
  const { kind, dir, timestamp, columns, length } = options;
  if (length === 0) return { written: 0, replaced: 0, first: Number.NaN, last: Number.NaN, partitions: 0 };
  const schema = DATASET_SCHEMAS[kind];
  await loadTempTable(connection, 'incoming', [{ name: 'ts', type: 'DOUBLE', values: timestamp }, ...columns], length);
  await removeStaleTempFiles(dir);
  const names = schema.columns.map((column) => `"${column.name}"`).join(', ');
  let replaced = 0;
  let partitions = 0;
  for (let start = 0; start < length; ) {
    const partition = partitionAt(dir, timestamp[start]);
    let end = start;
    while (end < length && timestamp[end] < partition.end) end++;
    const first = timestamp[start];
    const last = timestamp[end - 1];
    const fresh = `SELECT ts, ${names}, 1 AS src, "row" FROM incoming WHERE ts >= ${first} AND ts <= ${last}`;
    let merged = fresh;
    if (await exists(partition.path)) {
      const stored = `SELECT epoch_ms("timestamp")::DOUBLE AS ts, ${names}, 0 AS src, file_row_number::DOUBLE AS "row" FROM read_parquet(${sqlString(partition.path)}, file_row_number = true)`;
      const condition = schema.replaces.replace('$first', String(first)).replace('$last', String(last));
      const counted = await connection.runAndReadAll(
        `WITH n AS (${fresh}), o AS (${stored}) SELECT count(*)::DOUBLE FROM o WHERE ${condition}`,
      );
      replaced += Number(counted.getRows()[0][0]);
      merged = `WITH n AS (${fresh}), o AS (${stored}) SELECT * FROM o WHERE NOT (${condition}) UNION ALL SELECT * FROM n`;
    }
    await writeParquetAtomically(
      connection,
      `SELECT epoch_ms(ts::BIGINT)::TIMESTAMPTZ AS "timestamp", ${names} FROM (${merged}) ORDER BY ${schema.order}`,
      partition.path,
      schema.compression,
    );
    partitions++;
    start = end;
  }
  await connection.run('DROP TABLE incoming');
  return { written: length, replaced, first: timestamp[0], last: timestamp[length - 1], partitions };
}

/**
 * Deletes the rows at the given timestamps (ms) from the dataset folder `dir`: each month partition
 * that holds one is rewritten without them and swapped in atomically (removed when nothing is left).
 * Returns how many stored rows were deleted.
 */
export async function deletePartitionRows(
  connection: DuckDBConnection,
  options: { readonly kind: DataKind; readonly dir: string; readonly timestamps: readonly number[] },
): Promise<number> {
  const { kind, dir } = options;
  const schema = DATASET_SCHEMAS[kind];
  const names = schema.columns.map((column) => `"${column.name}"`).join(', ');
  const sorted = [...new Set(options.timestamps)].sort((a, b) => a - b);
  await removeStaleTempFiles(dir);
  let deleted = 0;
  for (let start = 0; start < sorted.length; ) {
    const partition = partitionAt(dir, sorted[start]);
    let end = start;
    while (end < sorted.length && sorted[end] < partition.end) end++;
    const list = sorted
      .slice(start, end)
      .map((t) => String(Math.round(t)))
      .join(', ');
    start = end;
    if (!(await exists(partition.path))) continue;
    const stored = `read_parquet(${sqlString(partition.path)}, file_row_number = true)`;
    const kept = `epoch_ms("timestamp")::DOUBLE NOT IN (${list})`;
    const counts = await connection.runAndReadAll(
      `SELECT count(*) FILTER (WHERE NOT (${kept}))::DOUBLE, count(*) FILTER (WHERE ${kept})::DOUBLE FROM ${stored}`,
    );
    const [removed, remaining] = counts.getRows()[0].map(Number);
    if (removed === 0) continue;
    deleted += removed;
    if (remaining === 0) await rm(partition.path);
    else
      await writeParquetAtomically(
        connection,
        `SELECT "timestamp", ${names} FROM ${stored} WHERE ${kept} ORDER BY file_row_number`,
        partition.path,
        schema.compression,
      );
  }
  return deleted;
}
