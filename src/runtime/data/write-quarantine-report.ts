import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { QuarantineEntry } from '../../adapters/data/index.ts';

const HEADER = 'file,line,row,field,value,reason';

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes the rows an import did not take to `<catalog>/quarantine/<file stem>-<UTC stamp>.csv`
 * (columns `file,line,row,field,value,reason`; `line` is 1-based for text files, `row` 0-based for
 * arrays and tables), through a temp file and a rename so a report is whole or absent. Returns the path.
 */
export async function writeQuarantineReport(
  catalogDir: string,
  file: string,
  entries: readonly QuarantineEntry[],
  at: Date,
): Promise<string> {
  const dir = join(catalogDir, 'quarantine');
  await mkdir(dir, { recursive: true });
  const stem = basename(file).replace(/\.[^.]+(\.gz)?$/, '');
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const path = join(dir, `${stem}-${stamp}.csv`);
  const lines = [HEADER];
  for (const entry of entries) {
    lines.push([entry.file, entry.line, entry.row, entry.field, entry.value, entry.reason].map(csvCell).join(','));
  }
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${lines.join('\n')}\n`);
  await rename(temp, path);
  return path;
}
