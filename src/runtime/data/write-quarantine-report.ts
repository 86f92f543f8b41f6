import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { QuarantineEntry } from '../../adapters/data/index.ts';
import { csvText } from '../files/csv-text.ts';
import { writeFileAtomically } from '../files/write-file-atomically.ts';

const HEADER = ['file', 'line', 'row', 'field', 'value', 'reason'];

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
  const rows = entries.map((e) => [e.file, e.line, e.row, e.field, e.value, e.reason]);
  await writeFileAtomically(path, csvText(HEADER, rows));
  return path;
}
