import type { StoredRun } from '../../core/persistence/index.ts';
import { alignTable } from '../files/align-table.ts';

/** An epoch-millisecond instant as ISO 8601 UTC text (`2026-03-08T07:00:00.000Z`); `-` when absent. */
export function isoTime(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}

/** One run as `--json` prints it: snake_case keys, times as ISO text and epoch ms (null while running). */
export function runJson(run: StoredRun) {
  return {
    run_id: run.runId,
    mode: run.mode,
    status: run.status,
    started_at: isoTime(run.startedAt),
    started_at_ms: run.startedAt,
    ended_at: run.endedAt === undefined ? null : isoTime(run.endedAt),
    ended_at_ms: run.endedAt ?? null,
    last_sequence: run.lastSequence,
    config_version: run.configVersion,
    config_hash: run.configHash,
  };
}

/** The `runs list` table, in the order given (the store lists the newest start first). */
export function formatRunsTable(runs: readonly StoredRun[]): string {
  return alignTable(
    ['run', 'mode', 'status', 'started (UTC)', 'ended (UTC)', 'events', 'config'],
    runs.map((run) => [
      run.runId,
      run.mode,
      run.status,
      isoTime(run.startedAt),
      isoTime(run.endedAt),
      String(run.lastSequence),
      run.configVersion,
    ]),
    new Set([5]),
  );
}
