import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBType,
  type DuckDBVector,
  TINYINT,
  VARCHAR,
} from '@duckdb/node-api';

/** A column to load into DuckDB: numbers (DOUBLE), small integers (TINYINT) or text (VARCHAR). */
export type LoadColumn =
  | { readonly name: string; readonly type: 'DOUBLE'; readonly values: Float64Array }
  | { readonly name: string; readonly type: 'TINYINT'; readonly values: Int8Array }
  | { readonly name: string; readonly type: 'VARCHAR'; readonly values: readonly string[] };

const DUCKDB_TYPES: Record<LoadColumn['type'], DuckDBType> = { DOUBLE, TINYINT, VARCHAR };
/** DuckDB's standard vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

/**
 * Loads rows [0, length) of typed columns into a fresh temporary table, a data chunk (2,048 rows)
 * at a time through an appender: no per-row objects, one native call per chunk and column.
 * `row` (0-based input position) is added so merges can keep the input order of equal timestamps.
 */
export async function loadTempTable(
  connection: DuckDBConnection,
  table: string,
  columns: readonly LoadColumn[],
  length: number,
): Promise<void> {
  const definitions = columns.map((column) => `"${column.name}" ${column.type}`).join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} (${definitions}, "row" DOUBLE)`);
  const appender = await connection.createAppender(table);
  const types = [...columns.map((column) => DUCKDB_TYPES[column.type]), DOUBLE];
  for (let start = 0; start < length; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, length - start);
    const chunk = DuckDBDataChunk.create(types, count);
    columns.forEach((column, c) => {
      const vector = chunk.getColumnVector(c) as DuckDBVector<number | string>;
      const values = column.values;
      for (let i = 0; i < count; i++) vector.setItem(i, values[start + i] as number | string);
      vector.flush();
    });
    const rows = chunk.getColumnVector(columns.length) as DuckDBVector<number>;
    for (let i = 0; i < count; i++) rows.setItem(i, start + i);
    rows.flush();
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * Runs a streaming query and hands each data chunk's column vectors to `onChunk` with the chunk's
 * row count: the caller copies values straight into its typed arrays (columnar; no row objects).
 * Memory stays at one chunk whatever the result size.
 */
export async function forEachChunk(
  connection: DuckDBConnection,
  sql: string,
  onChunk: (vectors: readonly DuckDBVector[], rows: number) => void,
): Promise<void> {
  const result = await connection.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) return;
    const vectors: DuckDBVector[] = [];
    for (let c = 0; c < chunk.columnCount; c++) vectors.push(chunk.getColumnVector(c));
    onChunk(vectors, chunk.rowCount);
  }
}

/**
 * Copies `count` numbers of a DOUBLE (or integer) vector, starting at its row `from`, into
 * `target` at `offset`. NULL is refused (the catalog never writes one).
 */
export function copyNumbers(
  vector: DuckDBVector,
  from: number,
  count: number,
  target: Float64Array,
  offset: number,
  column: string,
): void {
  const items = doubleItems(vector);
  if (items !== undefined) {
    target.set(items.subarray(from, from + count), offset);
    return;
  }
  for (let i = 0; i < count; i++) {
    const value = vector.getItem(from + i);
    if (typeof value !== 'number')
      throw new Error(`catalog: column '${column}' holds ${value === null ? 'NULL' : typeof value}`);
    target[offset + i] = value;
  }
}

const ALL_SET = 0xffff_ffff_ffff_ffffn;

/**
 * The values of a DOUBLE vector as one `Float64Array` view when none is NULL, for a `set`
 * (memcpy) instead of a call per value; undefined otherwise (the caller goes value by value and
 * refuses the NULL). Reads the vector's own typed array and validity words, which
 * @duckdb/node-api keeps in fields (`items`, `validity.data`): the version is pinned in
 * package.json, and anything unexpected here falls back to the value-by-value path.
 */
function doubleItems(vector: DuckDBVector): Float64Array | undefined {
  const inner = vector as unknown as {
    items?: unknown;
    validity?: { data?: BigUint64Array | null; offset?: number; itemCount?: number };
  };
  const items = inner.items;
  const validity = inner.validity;
  if (!(items instanceof Float64Array) || validity === undefined || validity.offset !== 0) return undefined;
  const words = validity.data;
  if (words === null) return items;
  if (!(words instanceof BigUint64Array)) return undefined;
  const n = items.length;
  const full = Math.floor(n / 64);
  for (let w = 0; w < full; w++) if (words[w] !== ALL_SET) return undefined;
  const rest = n % 64;
  if (rest > 0 && (words[full]! & ((1n << BigInt(rest)) - 1n)) !== (1n << BigInt(rest)) - 1n) return undefined;
  return items;
}
