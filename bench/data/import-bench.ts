/**
 * Import benchmark (issue 4 target: 1,000,000 one-minute CSV bars imported in ≤ 2 s), beside its
 * anchor in the same run: a plain read of the same file, decoded to text, split into lines and
 * each line into cells (no number parsing, no validation, no columns).
 *
 * The import figure is `readMarketDataFile` (read, detect, parse, validate, typed columns, lenient
 * quarantine) on a temp CSV of the benchmark's synthetic bars (bench/synthetic-bars.ts, seed 1)
 * with `YYYY-MM-DD HH:MM:SS` timestamps; the catalog write of the same bars
 * (`ParquetCatalog.writeBars` into a fresh temp catalog) is reported separately. Figures are
 * medians of `runs` timed runs after one untimed warm-up. The run throws when the import does not
 * take every row, so a reader that drops rows cannot report a figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParquetCatalog } from '../../src/adapters/catalog/index.ts';
import { readMarketDataFile } from '../../src/adapters/data/index.ts';
import { instrumentId } from '../../src/core/model/ids.ts';
import { median, seconds } from '../indicators/timing.ts';
import { generateSyntheticBars } from '../synthetic-bars.ts';

export interface ImportBenchOptions {
  /** Rows in the CSV (default 1,000,000). */
  readonly bars?: number;
  /** Timed runs of each (default 3). */
  readonly runs?: number;
  readonly seed?: number;
}

export interface ImportBenchResult {
  readonly bars: number;
  readonly csv_bytes: number;
  /** Median ms of readMarketDataFile on the CSV (parse + validate + columnar). */
  readonly import_1m_csv_ms: number;
  /** Median ms of a plain read + line and cell split of the same bytes. */
  readonly anchor_ms: number;
  /** Median ms of writing the imported bars to a fresh Parquet catalog. */
  readonly catalog_write_ms: number;
  readonly target_ms: 2000;
}

/** `YYYY-MM-DD HH:MM:SS` of a Unix-ms time (UTC). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Writes the synthetic bars as a headed CSV and returns its path and size. */
function writeCsv(dir: string, count: number, seed: number): { path: string; bytes: number } {
  const bars = generateSyntheticBars(count, { seed, timeframeMs: 60_000 });
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `${stamp(bars.timestamp[i])},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  const path = join(dir, 'bench-1m.csv');
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

/** Reads the file and splits it into lines and cells, counting cells so the work is not elided. */
async function anchor(path: string): Promise<number> {
  const text = (await readFile(path)).toString('utf8');
  const lines = text.split('\n');
  let cells = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i] !== '') cells += lines[i].split(',').length;
  return cells;
}

/** Runs the import benchmark and returns its figures (ms, medians), the anchor beside the import. */
export async function runImportBench(options: ImportBenchOptions = {}): Promise<ImportBenchResult> {
  const count = options.bars ?? 1_000_000;
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-import-bench-'));
  try {
    const csv = writeCsv(dir, count, options.seed ?? 1);
    const importTimes: number[] = [];
    const anchorTimes: number[] = [];
    const writeTimes: number[] = [];
    for (let run = 0; run <= runs; run++) {
      let start = process.hrtime.bigint();
      const cells = await anchor(csv.path);
      const anchorSeconds = seconds(start);
      if (cells !== count * 6) throw new Error(`anchor split ${cells} cells, expected ${count * 6}`);
      start = process.hrtime.bigint();
      const read = await readMarketDataFile({ path: csv.path });
      const importSeconds = seconds(start);
      if (read.data.kind !== 'bars' || read.data.columns.length !== count || read.quarantine.length > 0) {
        throw new Error(`import took ${read.data.columns.length} of ${count} rows (${read.quarantine.length} skipped)`);
      }
      const catalog = await ParquetCatalog.open(join(dir, `catalog-${run}`));
      start = process.hrtime.bigint();
      await catalog.writeBars({ ...read.data.columns, instrumentId: instrumentId('BENCH', 'SIM'), timeframe: '1m' });
      const writeSeconds = seconds(start);
      catalog.close();
      if (run === 0) continue;
      anchorTimes.push(anchorSeconds * 1000);
      importTimes.push(importSeconds * 1000);
      writeTimes.push(writeSeconds * 1000);
    }
    return {
      bars: count,
      csv_bytes: csv.bytes,
      import_1m_csv_ms: Math.round(median(importTimes)),
      anchor_ms: Math.round(median(anchorTimes)),
      catalog_write_ms: Math.round(median(writeTimes)),
      target_ms: 2000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
