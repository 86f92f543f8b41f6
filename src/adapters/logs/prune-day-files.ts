import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { UnixMillis } from '../../core/model/time.ts';
import { DAY_MS, utcDay } from './utc-day.ts';

/** What {@link pruneDayFiles} needs. */
export interface PruneDayFilesOptions {
  /** The folder holding the day files; a missing folder has nothing to prune. */
  readonly dir: string;
  /** Matches the names of the files to prune; its first group is the file's `YYYY-MM-DD` UTC day. */
  readonly pattern: RegExp;
  /** Whole UTC days kept before today; 0 keeps everything. */
  readonly retentionDays: number;
  /** The wall-clock time that defines "today". */
  readonly now: UnixMillis;
}

/**
 * Deletes the day files older than the retention and returns their names, oldest name first.
 * A file's age is the UTC day in its name, not its modification time, so pruning is deterministic
 * under an injected clock and unaffected by copies that touch the mtime. With `retentionDays: N`,
 * the files of today and of the N UTC days before it are kept; earlier ones go.
 */
export function pruneDayFiles(options: PruneDayFilesOptions): string[] {
  const { dir, pattern, retentionDays, now } = options;
  if (!Number.isInteger(retentionDays) || retentionDays < 0)
    throw new RangeError(`retentionDays must be a whole number ≥ 0, got ${retentionDays}`);
  if (retentionDays === 0) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // ISO days compare as strings: every day before the cutoff is past the retention.
  const cutoff = utcDay(now - retentionDays * DAY_MS);
  const deleted: string[] = [];
  for (const name of names.sort()) {
    const day = pattern.exec(name)?.[1];
    if (day === undefined || day >= cutoff) continue;
    rmSync(join(dir, name), { force: true });
    deleted.push(name);
  }
  return deleted;
}
