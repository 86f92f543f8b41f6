/**
 * Operational-store benchmark (issue 7 target: ≥ 20,000 fills/s persisted to SQLite with
 * synchronous=FULL in batched transactions).
 *
 *   npx tsx bench/store/store-bench.ts [--fills N] [--batch N] [--runs N] [--json] [--no-postgres]
 *
 * A "fill" is what a node persists per execution: the fill row (deduplicated by venue and trade id),
 * its OrderFilled event in the event log, the order's upsert and the position's upsert, in one
 * change; `--batch` changes go in one commit (one transaction, one fsync). The changes are built
 * before the clock starts (the node builds them anyway); the timing covers the commits only. Beside
 * it: the same changes appended to a plain array (persistence off), and PostgreSQL on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  dropPostgresSchema,
  openPostgresTradingStore,
  openSqliteTradingStore,
} from '../../src/adapters/stores/index.ts';
import { fillChange, fixtureFill, fixtureRun } from '../../src/adapters/stores/store-fixtures.ts';
import type { StoreChange, TradingStore } from '../../src/core/persistence/index.ts';

const { values: args } = parseArgs({
  options: {
    fills: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const FILLS = Number(args.fills);
const BATCH = Number(args.batch);
const RUNS = Number(args.runs);
const TARGET_FILLS_PER_SEC = 20_000;
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
for (const [name, value] of [
  ['fills', FILLS],
  ['batch', BATCH],
  ['runs', RUNS],
] as const)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`);

/** Every fill a distinct trade on one of 20 orders' worth of position updates, as a replay would produce. */
const changes: StoreChange[] = Array.from({ length: FILLS }, (_, i) => fillChange(i, fixtureFill(i), (i % 20) * 0.001));
const batches: StoreChange[][] = [];
for (let i = 0; i < FILLS; i += BATCH) batches.push(changes.slice(i, i + BATCH));

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Commits every batch into a fresh run; returns fills per second and checks the store has them all. */
async function timeStore(store: TradingStore, runId: string): Promise<number> {
  await store.startRun(fixtureRun(runId));
  const start = process.hrtime.bigint();
  for (const batch of batches) await store.commit(runId, batch);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const run = await store.run(runId);
  if (run?.lastSequence !== FILLS)
    throw new Error(`store bench: ${runId} holds ${run?.lastSequence} events, expected ${FILLS}`);
  return FILLS / seconds;
}

/** The same changes appended to a plain array (persistence off). */
function timeArray(): number {
  const start = process.hrtime.bigint();
  const kept: StoreChange[] = [];
  for (const batch of batches) for (const change of batch) kept.push(change);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (kept.length !== FILLS) throw new Error('array bench lost fills');
  return FILLS / seconds;
}

const folder = mkdtempSync(join(tmpdir(), 'tradewind-store-bench-'));
const sqliteRates: number[] = [];
const arrayRates: number[] = [];
const postgresRates: number[] = [];
let postgresError: string | undefined;
try {
  const sqlite = await openSqliteTradingStore({ path: join(folder, 'bench.db'), synchronous: 'FULL' });
  try {
    await timeStore(sqlite, 'warmup');
    for (let r = 0; r < RUNS; r++) {
      arrayRates.push(timeArray());
      sqliteRates.push(await timeStore(sqlite, `run-${r}`));
    }
  } finally {
    await sqlite.close();
  }
  if (!args['no-postgres']) {
    const schema = `store_bench_${process.pid}`;
    try {
      const postgres = await openPostgresTradingStore({ databaseUrl: DATABASE_URL, schema });
      try {
        // For information only: one run (a networked server's commits are slower; no target).
        postgresRates.push(await timeStore(postgres, 'run-0'));
      } finally {
        await postgres.close();
      }
    } catch (error) {
      postgresError = String(error);
    } finally {
      await dropPostgresSchema(DATABASE_URL, schema).catch(() => undefined);
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const sqliteRate = median(sqliteRates);
const arrayRate = median(arrayRates);
const result = {
  fills: FILLS,
  batch: BATCH,
  runs: RUNS,
  sqlite_synchronous: 'FULL',
  sqlite_fills_per_sec: Math.round(sqliteRate),
  sqlite_fills_per_sec_runs: sqliteRates.map(Math.round),
  array_fills_per_sec: Math.round(arrayRate),
  array_vs_sqlite_ratio: Number((arrayRate / sqliteRate).toFixed(1)),
  postgres_fills_per_sec: postgresRates.length === 0 ? null : Math.round(median(postgresRates)),
  postgres_error: postgresError ?? null,
  target_fills_per_sec: TARGET_FILLS_PER_SEC,
  pass: sqliteRate >= TARGET_FILLS_PER_SEC,
};
if (args.json) console.log(JSON.stringify(result));
else console.log(result);
