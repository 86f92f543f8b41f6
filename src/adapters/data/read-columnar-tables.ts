import { DuckDBInstance } from '@duckdb/node-api';
import { CompressionType, compressionRegistry, DataType, type Table, tableFromIPC } from 'apache-arrow';
import { DataFileError } from './data-file-error.ts';
import { decodeLz4Frame } from './decode-lz4-frame.ts';
import { columnarTable, type RecordTable } from './record-table.ts';

/**
 * A Parquet file as a table, read through DuckDB's `read_parquet` into JS columns: timestamps
 * with a time zone or without arrive as Date objects, 64-bit integers (NautilusTrader's `ts_event`
 * nanoseconds) as bigints. Unreadable files throw a DataFileError naming the file.
 */
export async function readParquetTable(file: string): Promise<RecordTable> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
    return columnarTable(file, reader.getColumnsObjectJS() as Record<string, unknown[]>);
  } catch (cause) {
    throw new DataFileError(file, {}, `not a readable Parquet file: ${(cause as Error).message}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** An Arrow IPC / Feather v2 file as a table; Timestamp columns become Dates at millisecond resolution. */
export function readFeatherTable(file: string, bytes: Uint8Array): RecordTable {
  if (compressionRegistry.get(CompressionType.LZ4_FRAME) === null) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: decodeLz4Frame });
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (cause) {
    throw new DataFileError(file, {}, `not a readable Arrow IPC / Feather v2 file: ${(cause as Error).message}`);
  }
  const columns: Record<string, unknown[]> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (vector === null) continue;
    const timestamp = DataType.isTimestamp(field.type);
    const values = new Array<unknown>(vector.length);
    for (let i = 0; i < vector.length; i++) {
      const value = vector.get(i);
      values[i] = timestamp && value !== null ? new Date(Number(value)) : value;
    }
    columns[field.name] = values;
  }
  return columnarTable(file, columns);
}
