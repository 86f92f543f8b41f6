import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { encodePathSegment } from '../../adapters/catalog/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { csvField } from '../files/csv-text.ts';
import { type ExportTable, exportTables } from './export-tables.ts';
import { ParquetTableWriter } from './parquet-table-writer.ts';
import { UnknownRunError } from './run-report.ts';

/** File formats of `tradewind export`. */
export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The folder `tradewind export` writes to without `--out`, relative to the working directory: the
 * run id as one path segment (a `/`, `.` or other character is %-encoded, as the catalog does).
 */
export function defaultExportDir(runId: string): string {
  return join('exports', encodePathSegment(runId));
}

export interface ExportRunOptions {
  readonly store: TradingStore;
  /** The store's location, for the unknown-run message. */
  readonly where: string;
  readonly runId: string;
  readonly format: ExportFormat;
  /** Target folder: created, or replaced when it holds only a previous export's files. */
  readonly outDir: string;
}

/** One file written: its table, final path and data rows (the header line not counted). */
export interface ExportedFile {
  readonly table: string;
  readonly path: string;
  readonly rows: number;
}

/** The target folder cannot take the export (it is a file, or holds files an export did not write). Bad input. */
export class ExportTargetError extends Error {
  override readonly name = 'ExportTargetError';
}

/** File names an export writes, in either format: only a folder holding nothing else is replaced. */
function exportFileNames(tables: readonly ExportTable[]): Set<string> {
  return new Set(tables.flatMap((table) => EXPORT_FORMATS.map((format) => `${table.name}.${format}`)));
}

/** Whether `dir` exists; throws when it exists but may not be replaced by an export. */
async function checkTarget(dir: string, allowed: ReadonlySet<string>): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) return false;
  if (!info.isDirectory()) throw new ExportTargetError(`export target ${resolve(dir)} exists and is not a folder`);
  const foreign = (await readdir(dir)).filter((name) => !allowed.has(name));
  if (foreign.length > 0)
    throw new ExportTargetError(
      `export target ${resolve(dir)} holds files an export did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); give an empty or new folder with --out`,
    );
  return true;
}

/** Writes one table as CSV (header line, then one line per row, RFC 4180 quoting) and flushes it to disk. */
async function writeCsvTable(path: string, table: ExportTable, store: TradingStore, runId: string): Promise<number> {
  const file = await open(path, 'w');
  let rows = 0;
  try {
    await file.write(`${table.columns.map((column) => csvField(column.name)).join(',')}\n`);
    for await (const batch of table.rows(store, runId)) {
      if (batch.length === 0) continue;
      await file.write(`${batch.map((row) => row.map(csvField).join(',')).join('\n')}\n`);
      rows += batch.length;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return rows;
}

/** Flushes a folder's entries (a rename into it) to disk. */
async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * Exports every table of one run into `outDir`, one file per table. Nothing half-written: the
 * files go to a temporary sibling folder, which is renamed into place only when all are on disk;
 * a previous export there is moved aside first and removed after. Throws `UnknownRunError` for a
 * run the store does not hold and `ExportTargetError` for a target that is not an export's folder.
 */
export async function exportRun(options: ExportRunOptions): Promise<readonly ExportedFile[]> {
  const { store, runId, format, outDir } = options;
  if ((await store.run(runId)) === undefined) throw new UnknownRunError(runId, options.where);
  const tables = exportTables(runId);
  const replacing = await checkTarget(outDir, exportFileNames(tables));
  const parent = dirname(resolve(outDir));
  await mkdir(parent, { recursive: true });
  const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temporary = join(parent, `.${basename(resolve(outDir))}.export-${unique}`);
  await mkdir(temporary);
  const written: { table: string; name: string; rows: number }[] = [];
  try {
    const parquet = format === 'parquet' ? await ParquetTableWriter.open() : undefined;
    try {
      for (const table of tables) {
        const name = `${table.name}.${format}`;
        const path = join(temporary, name);
        const rows =
          parquet === undefined
            ? await writeCsvTable(path, table, store, runId)
            : await parquet.write(path, table.columns, table.rows(store, runId));
        written.push({ table: table.name, name, rows });
      }
    } finally {
      parquet?.close();
    }
    await syncFolder(temporary);
    if (replacing) {
      const old = join(parent, `.${basename(resolve(outDir))}.old-${unique}`);
      await rename(outDir, old);
      await rename(temporary, outDir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, outDir);
    }
    await syncFolder(parent);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  return written.map(({ table, name, rows }) => ({ table, path: join(outDir, name), rows }));
}
