import { DataFileError } from './data-file-error.ts';

/**
 * How a reader treats a row that fails validation. `strict` throws a {@link DataFileError} at the
 * first one (what a backtest wants: no silent surprises); `lenient` records it in the quarantine
 * and goes on with the next row (what an import wants: take the good rows, report the bad ones).
 * Neither mode drops a row without a record or repairs a value.
 */
export const READ_MODES = ['strict', 'lenient'] as const;
export type ReadMode = (typeof READ_MODES)[number];

/** One row that was not taken, and why. Exactly one of `line` (text files) or `row` (arrays, tables) is set. */
export interface QuarantineEntry {
  readonly file: string;
  /** 1-based text line (CSV). */
  readonly line?: number;
  /** 0-based index in the file's array or table (JSON, Feather, Parquet). */
  readonly row?: number;
  /** The field that failed, when one did (`timestamp`, `high`, …); absent for a malformed row. */
  readonly field?: string;
  /** The offending value, or the raw row text when the whole row is malformed. */
  readonly value?: string;
  /** Why the row was not taken, without the file/place prefix. */
  readonly reason: string;
}

/**
 * Collects rejected rows in lenient mode and rethrows in strict mode: the one decision point every
 * reader calls from its per-row `catch`. Errors other than {@link DataFileError} always propagate.
 */
export class Quarantine {
  readonly mode: ReadMode;
  readonly entries: QuarantineEntry[] = [];

  constructor(mode: ReadMode = 'strict') {
    this.mode = mode;
  }

  /** Records `error` (lenient) or throws it (strict, or not a DataFileError). `raw` is the row text, if any. */
  reject(error: unknown, raw?: string): void {
    if (this.mode === 'strict' || !(error instanceof DataFileError)) throw error;
    const entry: { -readonly [K in keyof QuarantineEntry]: QuarantineEntry[K] } = {
      file: error.file,
      reason: error.detail,
    };
    if (error.line !== undefined) entry.line = error.line;
    if (error.row !== undefined) entry.row = error.row;
    if (error.field !== undefined) entry.field = error.field;
    const value = error.value ?? raw;
    if (value !== undefined) entry.value = value;
    this.entries.push(entry);
  }

  /** Rejected-row counts by reason kind (the reason with numbers and quoted values masked). */
  countsByReason(): Record<string, number> {
    return countQuarantineReasons(this.entries);
  }
}

/** Groups reasons into kinds: digits, quoted text and timestamps masked, e.g. `# is below low #`. */
export function reasonKind(reason: string): string {
  return reason
    .replace(/'[^']*'/g, "'…'")
    .replace(/\d{4}-\d\d-\d\d[T ][\d:.]+Z?/g, '<time>')
    .replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi, '#');
}

/** Rejected-row counts per reason kind, most frequent first. */
export function countQuarantineReasons(entries: readonly QuarantineEntry[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const kind = `${entry.field ?? 'row'}: ${reasonKind(entry.reason)}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}
