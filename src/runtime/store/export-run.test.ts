import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { openTradingStore } from '../../adapters/stores/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { defaultExportDir, ExportTargetError, exportRun } from './export-run.ts';
import { AWKWARD_PAYLOAD, SEED_TIME, seedRun } from './run-fixtures.ts';
import { UnknownRunError } from './run-report.ts';

const TABLES = [
  'orders',
  'fills',
  'positions',
  'portfolio_snapshots',
  'events',
  'risk_events',
  'metrics_windows',
  'bars',
  'llm_decisions',
];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function seeded(): Promise<{ folder: string; store: TradingStore; runId: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'tradewind-export-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const store = await openTradingStore({ sqlitePath: join(folder, 'tradewind.db') }, {});
  cleanups.push(() => store.close());
  return { folder, store, runId: await seedRun(store) };
}

/** Runs one query in a fresh in-memory DuckDB and returns its rows as objects. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('exportRun', () => {
  it('writes one CSV per table whose quoted payloads read back byte for byte', async () => {
    const { folder, store, runId } = await seeded();
    const out = join(folder, 'exports', runId);
    const files = await exportRun({ store, where: 'test', runId, format: 'csv', outDir: out });
    expect(
      files.map((f) => [f.table, f.rows]),
      'every table of the run, with its data rows',
    ).toEqual([
      ['orders', 2],
      ['fills', 1],
      ['positions', 2],
      ['portfolio_snapshots', 2],
      ['events', 14],
      ['risk_events', 1],
      ['metrics_windows', 2],
      ['bars', 2],
      ['llm_decisions', 1],
    ]);
    expect(readdirSync(out).sort(), 'only the export files, no temp file').toEqual(
      TABLES.map((t) => `${t}.csv`).sort(),
    );
    const orders = readFileSync(join(out, 'orders.csv'), 'utf8');
    expect(orders.split('\n')[0], 'snake_case header, times as epoch ms and ISO twin').toBe(
      'run_id,client_order_id,strategy_id,instrument_id,side,order_type,quantity,price,trigger_price,status,venue_order_id,filled_quantity,average_fill_price,created_at,created_at_iso,updated_at,updated_at_iso,payload',
    );
    // An independent CSV reader (DuckDB's) must get the JSON back unchanged.
    const events = await query(
      `SELECT sequence, type, timestamp, timestamp_iso, payload FROM read_csv('${join(out, 'events.csv')}', header = true, all_varchar = true) ORDER BY sequence::INT`,
    );
    expect(events[0], 'commas, quotes, a line break and UTF-8 survive the quoting').toEqual({
      sequence: '1',
      type: 'OrderSubmitted',
      timestamp: String(SEED_TIME + 1_000),
      timestamp_iso: '2026-03-08T07:00:01.000Z',
      payload: AWKWARD_PAYLOAD,
    });
    const metrics = readFileSync(join(out, 'metrics_windows.csv'), 'utf8').trimEnd().split('\n');
    expect(metrics[2], 'the store orders windows by label').toContain(',1h,');
    expect(metrics[2], 'undefined ratios are empty fields').toMatch(/,,,0,,0$/);
  });

  it('writes Parquet through DuckDB with typed columns and NULLs for absent values', async () => {
    const { folder, store, runId } = await seeded();
    const out = join(folder, 'parquet-out');
    const files = await exportRun({ store, where: 'test', runId, format: 'parquet', outDir: out });
    expect(readdirSync(out).sort(), 'one Parquet file per table').toEqual(TABLES.map((t) => `${t}.parquet`).sort());
    expect(files.find((f) => f.table === 'events')?.rows).toBe(14);
    const events = await query(
      `SELECT count(*)::INT AS n, max(sequence) AS last FROM '${join(out, 'events.parquet')}'`,
    );
    expect(events, 'all events, sequence as BIGINT').toEqual([{ n: 14, last: 14n }]);
    const [order] = await query(
      `SELECT client_order_id, price, trigger_price, created_at, created_at_iso, payload FROM '${join(out, 'orders.parquet')}' WHERE status = 'filled'`,
    );
    expect(order, 'doubles, a NULL trigger price, epoch ms as BIGINT, JSON text as stored').toEqual({
      client_order_id: 'O-1',
      price: 43_210.5,
      trigger_price: null,
      created_at: BigInt(SEED_TIME + 1_000),
      created_at_iso: '2026-03-08T07:00:01.000Z',
      payload: AWKWARD_PAYLOAD,
    });
    const metrics = await query(
      `SELECT label, sharpe, hit_rate, trades FROM '${join(out, 'metrics_windows.parquet')}' ORDER BY label`,
    );
    expect(metrics, 'undefined ratios are NULL').toEqual([
      { label: '1d', sharpe: 1.5, hit_rate: 1, trades: 1n },
      { label: '1h', sharpe: null, hit_rate: null, trades: 0n },
    ]);
    const risk = await query(`SELECT instrument_id, strategy_id FROM '${join(out, 'risk_events.parquet')}'`);
    expect(risk, 'an absent instrument is NULL').toEqual([{ instrument_id: null, strategy_id: 'ema-cross' }]);
  });

  it('replaces a previous export whole and refuses a folder holding other files', async () => {
    const { folder, store, runId } = await seeded();
    const out = join(folder, 'out');
    await exportRun({ store, where: 'test', runId, format: 'csv', outDir: out });
    await exportRun({ store, where: 'test', runId, format: 'parquet', outDir: out });
    expect(readdirSync(out).sort(), 'the CSV export was replaced, not mixed with').toEqual(
      TABLES.map((t) => `${t}.parquet`).sort(),
    );
    const mine = join(folder, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    await expect(
      exportRun({ store, where: 'test', runId, format: 'csv', outDir: mine }),
      'a folder with foreign files is never replaced',
    ).rejects.toBeInstanceOf(ExportTargetError);
    expect(readdirSync(mine), 'and is left as it was').toEqual(['notes.txt']);
  });

  it('leaves nothing half-written when a read fails midway: the old export stays, no temp folder remains', async () => {
    const { folder, store, runId } = await seeded();
    const out = join(folder, 'out');
    await exportRun({ store, where: 'test', runId, format: 'csv', outDir: out });
    const before = readFileSync(join(out, 'orders.csv'), 'utf8');
    // The same store, but its risk-event read (the sixth table) fails, after five files are written.
    const failing = new Proxy(store, {
      get: (target, key) => {
        if (key === 'riskEvents') return () => Promise.reject(new Error('connection lost'));
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(exportRun({ store: failing, where: 'test', runId, format: 'parquet', outDir: out })).rejects.toThrow(
      'connection lost',
    );
    expect(readdirSync(out).sort(), 'the previous export is intact').toEqual(TABLES.map((t) => `${t}.csv`).sort());
    expect(readFileSync(join(out, 'orders.csv'), 'utf8')).toBe(before);
    expect(
      readdirSync(folder).filter((name) => name.startsWith('.')),
      'the temporary folder was removed',
    ).toEqual([]);
  });

  it('refuses an unknown run before writing anything', async () => {
    const { folder, store } = await seeded();
    const out = join(folder, 'none');
    await expect(exportRun({ store, where: 'test', runId: 'nope', format: 'csv', outDir: out })).rejects.toBeInstanceOf(
      UnknownRunError,
    );
    expect(existsSync(out), 'no folder for an unknown run').toBe(false);
  });

  it('defaults to exports/<run> with the run id as one safe path segment', () => {
    expect(defaultExportDir('paper-1')).toBe(join('exports', 'paper-1'));
    expect(defaultExportDir('../etc'), 'no way out of exports/').toBe(join('exports', '%2E%2E%2Fetc'));
  });
});
