import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import { sqlString } from './atomic-parquet-write.ts';
import type { Partition } from './catalog-layout.ts';
import { forEachChunk } from './duckdb-columns.ts';

/** A time range over some partitions: the files to scan and bounds on `timestamp` (ms). */
export interface PartitionScan {
  readonly partitions: readonly Partition[];
  readonly from?: number;
  readonly to?: number;
}

function source(scan: PartitionScan, rowNumbers = false): string {
  const files = scan.partitions.map((partition) => sqlString(partition.path)).join(', ');
  const bounds: string[] = [];
  if (scan.from !== undefined) bounds.push(`"timestamp" >= epoch_ms(${Math.ceil(scan.from)}::BIGINT)::TIMESTAMPTZ`);
  if (scan.to !== undefined) bounds.push(`"timestamp" < epoch_ms(${Math.ceil(scan.to)}::BIGINT)::TIMESTAMPTZ`);
  const options = rowNumbers ? ', file_row_number = true' : '';
  return `read_parquet([${files}]${options})${bounds.length > 0 ? ` WHERE ${bounds.join(' AND ')}` : ''}`;
}

/** Rows in the scan (answered from Parquet metadata when there are no bounds). */
export async function countRows(connection: DuckDBConnection, scan: PartitionScan): Promise<number> {
  if (scan.partitions.length === 0) return 0;
  const result = await connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${source(scan)}`);
  return Number(result.getRows()[0][0]);
}

/**
 * Row order of a scan: `timestamp` sorts on the timestamp (bars: unique), `timestamp-row` breaks
 * ties by stored position (ticks: partitions are disjoint months, so equal timestamps share a
 * file), `stored` asks for no sort — files in the given (month) order, rows as stored, which
 * DuckDB keeps (insertion order is preserved) — the fast path for files this catalog wrote sorted.
 */
export type ScanOrder = 'timestamp' | 'timestamp-row' | 'stored';

type ScanColumns = readonly { readonly name: string; readonly type: 'DOUBLE' | 'VARCHAR' }[];

/**
 * The query of a scan: column 0 is the timestamp in Unix ms (DOUBLE), then `columns` in the given
 * order, each cast to its type (DOUBLE or VARCHAR), so that a file written by another tool with
 * DECIMAL prices or integer trade ids reads the same.
 */
export function scanSql(scan: PartitionScan, columns: ScanColumns, order: ScanOrder): string {
  const names = columns.map(({ name, type }) => `"${name}"::${type}`).join(', ');
  const orderBy = {
    timestamp: ' ORDER BY "timestamp"',
    'timestamp-row': ' ORDER BY "timestamp", file_row_number',
    stored: '',
  }[order];
  return `SELECT epoch_ms("timestamp")::DOUBLE, ${names} FROM ${source(scan, order === 'timestamp-row')}${orderBy}`;
}

/**
 * Runs a scan to completion inside DuckDB and hands each result chunk's vectors to `onChunk`
 * (synchronously: a materialised result's chunks need no round trip each), after `onStart` has
 * been told the exact row count. For reads whose result is kept whole anyway.
 */
export async function readScan(
  connection: DuckDBConnection,
  scan: PartitionScan,
  columns: ScanColumns,
  order: ScanOrder,
  onStart: (rows: number) => void,
  onChunk: (vectors: readonly DuckDBVector[], rows: number, offset: number) => void,
): Promise<void> {
  if (scan.partitions.length === 0) {
    onStart(0);
    return;
  }
  const result = await connection.run(scanSql(scan, columns, order));
  onStart(result.rowCount);
  let offset = 0;
  for (let index = 0; index < result.chunkCount; index++) {
    const chunk = result.getChunk(index);
    const vectors: DuckDBVector[] = [];
    for (let c = 0; c < chunk.columnCount; c++) vectors.push(chunk.getColumnVector(c));
    onChunk(vectors, chunk.rowCount, offset);
    offset += chunk.rowCount;
  }
}

/** Streams a scan's column vectors chunk by chunk (memory: one chunk), in the given order. */
export async function scanPartitions(
  connection: DuckDBConnection,
  scan: PartitionScan,
  columns: ScanColumns,
  onChunk: (vectors: readonly DuckDBVector[], rows: number) => void,
  order: ScanOrder = 'timestamp-row',
): Promise<void> {
  if (scan.partitions.length === 0) return;
  await forEachChunk(connection, scanSql(scan, columns, order), onChunk);
}

/** Count, first and last timestamp (ms) of the rows in some partitions. */
export async function summarizePartitions(
  connection: DuckDBConnection,
  partitions: readonly Partition[],
): Promise<{ rows: number; first: number; last: number }> {
  if (partitions.length === 0) return { rows: 0, first: Number.NaN, last: Number.NaN };
  const result = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE, min(epoch_ms("timestamp"))::DOUBLE, max(epoch_ms("timestamp"))::DOUBLE FROM ${source({ partitions })}`,
  );
  const [rows, first, last] = result.getRows()[0].map((value) => (value === null ? Number.NaN : Number(value)));
  return { rows, first, last };
}
