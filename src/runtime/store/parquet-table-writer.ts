import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { writeParquetAtomically } from '../../adapters/catalog/atomic-parquet-write.ts';
import type { ExportColumnType } from './export-tables.ts';

type Cell = string | number | undefined;

/** Appends one value of a column of `type`; undefined (an absent price, an undefined ratio) is NULL. */
function appendCell(appender: DuckDBAppender, type: ExportColumnType, value: Cell): void {
  if (value === undefined) appender.appendNull();
  else if (type === 'VARCHAR') appender.appendVarchar(String(value));
  else if (type === 'BIGINT') appender.appendBigInt(BigInt(value));
  else appender.appendDouble(Number(value));
}

/**
 * Writes tables to Parquet files through one in-memory DuckDB: the rows go into a temporary table
 * through an appender, then the catalog's atomic COPY writes the file (temp file, fsync, rename,
 * folder fsync). Rows are appended one value at a time: store tables are thousands of rows, not
 * the catalog's millions, and their text and NULL columns do not fit its typed-array loader.
 */
export class ParquetTableWriter {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.#instance = instance;
    this.#connection = connection;
  }

  static async open(): Promise<ParquetTableWriter> {
    const instance = await DuckDBInstance.create(':memory:');
    return new ParquetTableWriter(instance, await instance.connect());
  }

  /** Writes `batches` of rows (values in column order) to `path`; returns the row count. */
  async write(
    path: string,
    columns: readonly { readonly name: string; readonly type: ExportColumnType }[],
    batches: AsyncIterable<readonly (readonly Cell[])[]>,
  ): Promise<number> {
    const definitions = columns.map((column) => `"${column.name}" ${column.type}`).join(', ');
    await this.#connection.run(`CREATE OR REPLACE TEMP TABLE export_rows (${definitions})`);
    const appender = await this.#connection.createAppender('export_rows');
    let rows = 0;
    try {
      for await (const batch of batches) {
        for (const row of batch) {
          for (let c = 0; c < columns.length; c++) appendCell(appender, columns[c].type, row[c]);
          appender.endRow();
        }
        rows += batch.length;
        appender.flushSync();
      }
    } finally {
      appender.closeSync();
    }
    await writeParquetAtomically(this.#connection, 'SELECT * FROM export_rows', path);
    await this.#connection.run('DROP TABLE export_rows');
    return rows;
  }

  close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}
