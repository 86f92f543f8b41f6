import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.ts';
import { dropPostgresSchema, openPostgresTradingStore, openTradingStore } from '../../adapters/stores/index.ts';
import { SEED_TIME, seedRun } from '../../runtime/store/run-fixtures.ts';

/** SQLite tests must not pick up a DATABASE_URL from the developer's shell (empty counts as unset). */
const SQLITE_ENV = { DATABASE_URL: '' };
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const tempFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'tradewind-runs-cli-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
};

describe('tradewind runs / export on SQLite', () => {
  it('lists, shows and exports the runs of a store, and says when there are none', async () => {
    const folder = tempFolder();
    const path = join(folder, 'tradewind.db');
    const store = await openTradingStore({ sqlitePath: path }, {});
    await seedRun(store, 'paper-1');
    await store.startRun({
      runId: 'sim-2',
      mode: 'SIM',
      configHash: 'h',
      configVersion: 'v8',
      startedAt: SEED_TIME + 1,
    });
    await store.close();
    const emptyPath = join(folder, 'empty.db');
    await (await openTradingStore({ sqlitePath: emptyPath }, {})).close();
    const out = join(folder, 'export');
    const [list, json, show, empty, exported] = await Promise.all([
      runCli(['runs', 'list', '--sqlite', path], { env: SQLITE_ENV }),
      runCli(['runs', 'list', '--sqlite', path, '--json'], { env: SQLITE_ENV }),
      runCli(['runs', 'show', 'paper-1', '--sqlite', path], { env: SQLITE_ENV }),
      runCli(['runs', 'list', '--sqlite', emptyPath], { env: SQLITE_ENV }),
      runCli(['export', 'paper-1', '--format', 'csv', '--sqlite', path, '--out', out], { env: SQLITE_ENV }),
    ]);

    expect(list.status, list.stderr).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0], 'the table header').toMatch(/^run +mode +status +started \(UTC\) +ended \(UTC\) +events +config$/);
    expect(
      lines.slice(1).map((line) => line.split(/ +/)[0]),
      'newest start first',
    ).toEqual(['sim-2', 'paper-1']);
    expect(
      JSON.parse(json.stdout).map((r: { run_id: string }) => r.run_id),
      'the same runs as JSON',
    ).toEqual(['sim-2', 'paper-1']);

    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout, 'counts of the seeded run').toContain('orders          2 (accepted 1, filled 1)');
    expect(show.stdout, 'the last of the ten newest events').toMatch(/ 14 +\S+ +TimerFired\n$/);

    expect(empty.status, 'an empty store is not an error').toBe(0);
    expect(empty.stdout).toBe(`no runs in ${emptyPath}\n`);

    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout, 'it prints each file with its rows').toContain(`${join(out, 'events.csv')}`);
    expect(exported.stdout).toMatch(/events\.csv +14 rows\n/);
    expect(exported.stdout).toMatch(/fills\.csv +1 row\n/);
    expect(readdirSync(out), 'one file per table').toHaveLength(9);
    expect(readFileSync(join(out, 'fills.csv'), 'utf8').split('\n')[1], 'a fill row').toMatch(
      /^paper-1,BINANCE,T-1,O-1,/,
    );
  }, 180_000);

  it('exits with code 2 and a clear message for an unknown run or a missing store, creating nothing', async () => {
    const folder = tempFolder();
    const path = join(folder, 'tradewind.db');
    const store = await openTradingStore({ sqlitePath: path }, {});
    await seedRun(store, 'paper-1');
    await store.close();
    const missing = join(folder, 'nowhere', 'tradewind.db');
    const [show, exported, list] = await Promise.all([
      runCli(['runs', 'show', 'nope', '--sqlite', path], { env: SQLITE_ENV }),
      runCli(['export', 'nope', '--format', 'parquet', '--sqlite', path, '--out', join(folder, 'x')], {
        env: SQLITE_ENV,
      }),
      runCli(['runs', 'list', '--sqlite', missing], { env: SQLITE_ENV }),
    ]);
    expect(show.status, 'an unknown run is bad input').toBe(2);
    expect(show.stderr, 'names the id and how to see the runs').toBe(
      `error: no run 'nope' in ${path} (tradewind runs list shows the runs there)\n`,
    );
    expect(exported.status).toBe(2);
    expect(exported.stderr).toContain("no run 'nope'");
    expect(existsSync(join(folder, 'x')), 'nothing exported').toBe(false);
    expect(list.status, 'a missing store is bad input').toBe(2);
    expect(list.stderr).toContain(`no store at ${missing}`);
    expect(existsSync(join(folder, 'nowhere')), 'no empty database was created').toBe(false);
  }, 180_000);
});

describe('tradewind runs / export on PostgreSQL (127.0.0.1:5432/test)', () => {
  it('lists the runs and exports one to Parquet from a PostgreSQL schema', async () => {
    const schema = `runs_cli_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    cleanups.push(() => dropPostgresSchema(DATABASE_URL, schema));
    const store = await openPostgresTradingStore({ databaseUrl: DATABASE_URL, schema });
    await seedRun(store, 'pg-run');
    await store.close();
    const out = join(tempFolder(), 'pg-export');
    const env = { DATABASE_URL };
    const [list, exported] = await Promise.all([
      runCli(['runs', 'list', '--pg-schema', schema, '--json'], { env }),
      runCli(['export', 'pg-run', '--format', 'parquet', '--pg-schema', schema, '--out', out], { env }),
    ]);
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout), 'the one run in this schema').toMatchObject([
      { run_id: 'pg-run', mode: 'PAPER', status: 'stopped', last_sequence: 14 },
    ]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout, 'it names the store without secrets').toContain(`(schema ${schema})`);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const rows = (
        await connection.runAndReadAll(
          `SELECT count(*)::INT AS n, min(sequence)::INT AS first, max(timestamp_iso) AS last FROM '${join(out, 'events.parquet')}'`,
        )
      ).getRowObjects();
      expect(rows, 'every event of the run, read back from the Parquet file').toEqual([
        { n: 14, first: 1, last: '2026-03-08T07:00:05.009Z' },
      ]);
      const [fill] = (
        await connection.runAndReadAll(`SELECT trade_id, price, fee FROM '${join(out, 'fills.parquet')}'`)
      ).getRowObjects();
      expect(fill, 'values as stored in PostgreSQL').toEqual({ trade_id: 'T-1', price: 43_210.5, fee: 2_160 });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 180_000);
});
