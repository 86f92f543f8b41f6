import type { StoredRun } from '../../core/persistence/index.ts';

/** An epoch-millisecond instant as ISO 8601 UTC text (`2026-03-08T07:00:00.000Z`); `-` when absent. */
export function isoTime(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}

/**
 * A plain text table: a header row, cells separated by two spaces, columns padded to their widest
 * cell; the columns in `numeric` are right-aligned. Ends with a line break.
 */
export function alignTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number> = new Set(),
): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
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
