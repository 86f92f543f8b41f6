import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

const TEMP_FILE = /^\d{4}-\d{2}\.parquet\.tmp-(\d+)$/;

/** A SQL string literal (single quotes doubled). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temp files of writers that died mid-write (kill -9, power loss) in a dataset folder.
 * A temp file of a live process is left alone: it may be a concurrent writer's.
 */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP_FILE.exec(name);
    if (match !== null && !processAlive(Number(match[1]))) await rm(join(dir, name), { force: true });
  }
}

/**
 * Writes the rows of `select` to the Parquet file `path` (row groups of 122,880 rows, zstd unless
 * told otherwise; uncompressed files without dictionary pages) atomically: DuckDB writes
 * `<path>.tmp-<pid>`, the file is flushed to disk, then renamed over `path` (rename is atomic on
 * one file system) and the folder is flushed. A reader, or a process restarted after a crash,
 * sees the old file or the new one, never a partial file.
 */
export async function writeParquetAtomically(
  connection: DuckDBConnection,
  select: string,
  path: string,
  compression: 'uncompressed' | 'zstd' = 'zstd',
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${basename(path)}.tmp-${process.pid}`);
  try {
    await connection.run(
      // Uncompressed files are also written without dictionaries: every page PLAIN, the layout
      // the catalog's fast bar read takes (ADR 0016).
      `COPY (${select}) TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE 122880${compression === 'uncompressed' ? ', DICTIONARY_SIZE_LIMIT 0' : ''})`,
    );
    const file = await open(temp, 'r');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
