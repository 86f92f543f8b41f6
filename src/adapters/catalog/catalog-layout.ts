import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodePathSegment, encodePathSegment } from './path-segment.ts';

/**
 * Where the catalog keeps each dataset (docs/adr/0005-catalog-layout.md):
 * `<root>/bars/<venue>/<symbol>/<timeframe>/<YYYY-MM>.parquet`,
 * `<root>/trades/<venue>/<symbol>/<YYYY-MM>.parquet` and the same for `quotes`.
 * Venue and symbol are encoded by `encodePathSegment`; the month is the UTC month of the row's
 * timestamp (a bar's open time). Only names matching `YYYY-MM.parquet` are partitions: temp files
 * (`<month>.parquet.tmp-<pid>`) and anything else in the folder are invisible to readers.
 */
export const DataKind = { Bars: 'bars', Trades: 'trades', Quotes: 'quotes' } as const;
export type DataKind = (typeof DataKind)[keyof typeof DataKind];

/** One dataset: a kind, an instrument (venue + symbol) and, for bars, a timeframe. */
export interface DatasetKey {
  readonly kind: DataKind;
  readonly venue: string;
  readonly symbol: string;
  /** Bars only. */
  readonly timeframe?: string;
}

/** One month file of a dataset. */
export interface Partition {
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  readonly path: string;
  /** [start, end) of the month, Unix ms. */
  readonly start: number;
  readonly end: number;
}

const PARTITION_FILE = /^(\d{4})-(\d{2})\.parquet$/;
const TIMEFRAME_DIR = /^\d+[smhdwM]$/;

/** Splits `SYMBOL.VENUE` at its last dot (symbols may contain dots, venues do not). */
export function splitInstrumentId(id: string): { symbol: string; venue: string } {
  const dot = id.lastIndexOf('.');
  if (dot <= 0 || dot === id.length - 1) throw new Error(`instrument id '${id}' is not SYMBOL.VENUE`);
  return { symbol: id.slice(0, dot), venue: id.slice(dot + 1) };
}

/** The folder holding a dataset's month files. */
export function datasetDir(root: string, key: DatasetKey): string {
  const base = join(root, key.kind, encodePathSegment(key.venue), encodePathSegment(key.symbol));
  if (key.kind !== DataKind.Bars) return base;
  if (key.timeframe === undefined || !TIMEFRAME_DIR.test(key.timeframe))
    throw new Error(`bars need a timeframe such as 1m or 1h, got '${key.timeframe}'`);
  return join(base, key.timeframe);
}

/** `YYYY-MM` of a Unix ms timestamp, UTC. */
export function monthOf(timestamp: number): string {
  const date = new Date(timestamp);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** [start, end) of the UTC month holding `timestamp`, Unix ms. */
export function monthBounds(timestamp: number): { start: number; end: number } {
  const date = new Date(timestamp);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { start, end };
}

/** The partition of the month holding `timestamp`. */
export function partitionAt(dir: string, timestamp: number): Partition {
  const month = monthOf(timestamp);
  return { month, path: join(dir, `${month}.parquet`), ...monthBounds(timestamp) };
}

/** The dataset's partitions in time order, those overlapping [from, to) when given. */
export async function listPartitions(dir: string, from = -Infinity, to = Infinity): Promise<Partition[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const partitions: Partition[] = [];
  for (const name of names) {
    const match = PARTITION_FILE.exec(name);
    if (match === null) continue;
    const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
    const partition = { month: `${match[1]}-${match[2]}`, path: join(dir, name), ...monthBounds(start) };
    if (partition.end > from && partition.start < to) partitions.push(partition);
  }
  return partitions.sort((a, b) => a.start - b.start);
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every dataset folder under the root (folders whose names do not decode are skipped). */
export async function listDatasets(root: string): Promise<DatasetKey[]> {
  const keys: DatasetKey[] = [];
  for (const kind of Object.values(DataKind)) {
    for (const venueDir of await subdirectories(join(root, kind))) {
      for (const symbolDir of await subdirectories(join(root, kind, venueDir))) {
        let venue: string;
        let symbol: string;
        try {
          venue = decodePathSegment(venueDir);
          symbol = decodePathSegment(symbolDir);
        } catch {
          continue;
        }
        if (kind !== DataKind.Bars) {
          keys.push({ kind, venue, symbol });
          continue;
        }
        for (const timeframe of await subdirectories(join(root, kind, venueDir, symbolDir)))
          if (TIMEFRAME_DIR.test(timeframe)) keys.push({ kind, venue, symbol, timeframe });
      }
    }
  }
  return keys;
}
