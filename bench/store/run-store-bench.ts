import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The operational-store part of `npm run bench` (--only store), in its own process (native SQLite, a pg pool). */
export function runStoreBench(progress: (line: string) => void): {
  readonly json: Record<string, unknown>;
  readonly table: string;
  readonly ok: boolean;
} {
  progress(
    'store: 100,000 fills into SQLite (synchronous=FULL, 1,000 per transaction) and PostgreSQL (about a minute)',
  );
  const script = fileURLToPath(new URL('./store-bench.ts', import.meta.url));
  const output = execFileSync(process.execPath, ['--import', 'tsx', script, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const json = JSON.parse(output.trim().split('\n').at(-1) as string) as Record<string, unknown>;
  progress(
    'store: the paper node replaying 1,000,000 bars at max speed, persistence on, off and discarded (3 runs each)',
  );
  const replayScript = fileURLToPath(new URL('./replay-bench.ts', import.meta.url));
  const replayOutput = execFileSync(process.execPath, ['--import', 'tsx', replayScript, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const replay = JSON.parse(replayOutput.trim().split('\n').at(-1) as string) as Record<string, unknown>;
  const m = (x: unknown): string => (typeof x === 'number' ? `${(x / 1e6).toFixed(2)} M` : 'n/a');
  const rows = (x: unknown): string =>
    typeof x === 'object' && x !== null
      ? Object.values(x as Record<string, number>)
          .reduce((a, b) => a + b, 0)
          .toLocaleString('en-US')
      : 'n/a';
  const k = (x: unknown): string => (typeof x === 'number' ? `${(x / 1000).toFixed(1)} k` : 'n/a');
  const table = [
    'Operational store (issue 7 target)',
    '',
    `SQLite, synchronous=FULL, ${json.batch} fills per transaction   ${k(json.sqlite_fills_per_sec)} fills/s   target ≥ ${k(json.target_fills_per_sec)}: ${json.pass ? 'PASS' : 'MISS'}`,
    `  persistence off (the same fills appended to an array)   ${k(json.array_fills_per_sec)} fills/s   array / SQLite ${json.array_vs_sqlite_ratio}×`,
    `  PostgreSQL 127.0.0.1 (information)   ${json.postgres_fills_per_sec === null ? `not measured: ${json.postgres_error}` : `${k(json.postgres_fills_per_sec)} fills/s`}`,
    `  SQLite runs: ${(json.sqlite_fills_per_sec_runs as number[]).map(k).join(', ')} fills/s (median shown)`,
    '',
    `Paper replay at max speed, EMA cross, ${m(replay.bars)} bars, persistence on (SQLite FULL)   ${m(replay.replay_persisted_bars_per_sec)} bars/s   target ≥ ${m(replay.target_bars_per_sec)}: ${replay.pass ? 'PASS' : 'MISS'}`,
    `  persistence off   ${m(replay.replay_unpersisted_bars_per_sec)} bars/s   on / off ${replay.persisted_vs_unpersisted_ratio}×   (${replay.fills_stored} fills stored)`,
    `  commits discarded (the journal alone, on the node's thread)   ${m(replay.replay_journal_only_bars_per_sec)} bars/s`,
    `  the node had stepped every bar at ${((replay.persisted_stepped_share as number) * 100).toFixed(0)}% of the persisted run's time; the rest waits for the commit thread`,
    `  anchor: the backtest engine's processBars on the same bars   ${m(replay.engine_bars_per_sec)} bars/s`,
    `  floor: the run's ${rows(replay.sqlite_floor_rows)} rows inserted again by better-sqlite3 alone in ${replay.sqlite_floor_transactions} transactions   ${m(replay.sqlite_floor_bars_per_sec)} bars/s   persisted / floor ${replay.persisted_vs_floor_ratio}×`,
  ].join('\n');
  return { json: { ...json, replay }, table, ok: json.pass === true && replay.pass === true };
}
