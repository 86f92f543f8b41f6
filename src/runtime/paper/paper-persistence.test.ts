import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { openAuditLog } from '../../adapters/logs/index.ts';
import { dropPostgresSchema, openTradingStore } from '../../adapters/stores/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { paperConfig } from './paper-config.ts';
import { ReconciliationError } from './paper-journal.ts';
import { runPaper } from './run-paper.ts';

const CONFIG = backtestConfig.parse({
  ...DEFAULT_BACKTEST_CONFIG,
  strategy: { name: 'ema_cross', params: { fast_period: 5, slow_period: 15, quantity: 0.1, mode: 'long_short' } },
  data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
});
const PAPER = paperConfig.parse({ warmup_bars: 20 });
const DAYS = { from: '2022-01-03', to: '2022-01-05' };
/** The real server (.ci/run starts it when it is down). */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function withStore<T>(path: string, body: (store: TradingStore) => Promise<T>): Promise<T> {
  const store = await openTradingStore({ sqlitePath: path }, {});
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

function replay(store: TradingStore, extra: { runId?: string; logs?: string; to?: string } = {}) {
  return runPaper(CONFIG, PAPER, {
    baseDir: '.',
    replay: true,
    from: DAYS.from,
    to: extra.to ?? DAYS.to,
    persistence: {
      store,
      snapshotEveryBars: 240,
      ...(extra.runId === undefined ? {} : { runId: extra.runId }),
      ...(extra.logs === undefined ? {} : { audit: openAuditLog({ dir: extra.logs }) }),
    },
  });
}

describe('the stored paper run', () => {
  it('keeps every order, fill, position and snapshot; a restart re-executes, verifies and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
    const db = join(dir, 'state.db');
    const first = await withStore(db, (store) => replay(store));
    const stored = await withStore(db, async (store) => {
      const runId = first.resume!.runId;
      return {
        run: await store.run(runId),
        fills: await store.fills(runId),
        orders: await store.orders(runId),
        snapshot: await store.latestSnapshot(runId),
        snapshots: await store.snapshots(runId),
        metrics: await store.metricsWindows(runId),
      };
    });
    expect(first.resume?.verifiedEvents, 'a new run verifies nothing').toBe(0);
    expect(stored.run?.status).toBe('stopped');
    expect(stored.fills.length, 'every fill of the session is stored').toBe(first.run.result.fills.length);
    expect(stored.orders.length).toBe(first.run.result.orders.length);
    expect(stored.snapshot?.timestamp, 'a snapshot every 240 bars: the last at the end of day two').toBe(
      Date.UTC(2022, 0, 5),
    );
    expect(stored.snapshot?.equity).toBeCloseTo(first.run.result.finalEquity, 6);
    expect(stored.metrics.length, 'one metrics window per snapshot').toBe(stored.snapshots.length);
    expect(new Set(stored.metrics.map((m) => m.label)), '240 minute bars a window').toEqual(new Set(['4h']));
    expect(
      stored.metrics.reduce((n, m) => n + m.trades, 0),
      'the windows count every round trip closed by the last snapshot',
    ).toBe(first.run.result.roundTrips.filter((t) => t.exitTime < Date.UTC(2022, 0, 5)).length);

    const second = await withStore(db, (store) => replay(store));
    expect(second.resume?.verifiedEvents, 'the restart regenerated every stored event').toBe(stored.run?.lastSequence);
    expect(second.resume?.reconciliation.fills).toBe(stored.fills.length);
    expect(second.run.result.finalEquity).toBe(first.run.result.finalEquity);
    const after = await withStore(db, (store) => store.run(first.resume!.runId));
    expect(after?.lastSequence, 'nothing appended twice').toBe(stored.run?.lastSequence);
  }, 120_000);

  it('continues a run to a later end, and refuses to replay less than the run went', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
    const db = join(dir, 'state.db');
    const short = await withStore(db, (store) => replay(store, { to: '2022-01-04' }));
    const long = await withStore(db, (store) => replay(store, { to: DAYS.to }));
    expect(long.resume?.runId, 'the end is not part of the run identity').toBe(short.resume?.runId);
    expect(long.resume?.catchUpBars).toBeGreaterThan(0);
    const reference = await withStore(join(dir, 'reference.db'), (store) => replay(store));
    expect(long.run.result.fills.map((f) => f.tradeId)).toEqual(reference.run.result.fills.map((f) => f.tradeId));
    await expect(
      withStore(db, (store) => replay(store, { to: '2022-01-04' })),
      'a replay ending before the stored run cannot regenerate it',
    ).rejects.toThrow(/stored events are after the replay's last bar/);
  }, 120_000);

  it('resumes a run stored before the event payloads left out their type and time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
    const db = join(dir, 'state.db');
    const short = await withStore(db, (store) => replay(store, { to: '2022-01-04' }));
    const runId = short.resume!.runId;
    // The earlier form: every payload was the whole event, type and timestamp included.
    const sqlite = new Database(db);
    const rows = sqlite
      .prepare('select sequence, type, timestamp, payload from event_log where run_id = ?')
      .all(runId) as {
      sequence: number;
      type: string;
      timestamp: number;
      payload: string;
    }[];
    const update = sqlite.prepare('update event_log set payload = ? where run_id = ? and sequence = ?');
    sqlite.transaction(() => {
      for (const row of rows)
        update.run(
          JSON.stringify({ type: row.type, timestamp: row.timestamp, ...JSON.parse(row.payload) }),
          runId,
          row.sequence,
        );
    })();
    sqlite.close();
    expect(rows.length).toBeGreaterThan(100);

    const long = await withStore(db, (store) => replay(store, { to: DAYS.to }));
    expect(long.resume?.verifiedEvents, 'every stored event verified in its earlier form').toBe(rows.length);
    const reference = await withStore(join(dir, 'reference.db'), (store) => replay(store));
    expect(long.run.result.fills.map((f) => f.tradeId)).toEqual(reference.run.result.fills.map((f) => f.tradeId));
  }, 120_000);

  it('does not trade when the store disagrees: a changed event or a missing fill is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
    const db = join(dir, 'state.db');
    const first = await withStore(db, (store) => replay(store));
    const runId = first.resume!.runId;
    const sqlite = new Database(db);
    const fill = sqlite
      .prepare("select sequence from event_log where type = 'OrderFilled' order by sequence limit 1")
      .get() as {
      sequence: number;
    };
    sqlite
      .prepare('update event_log set payload = ? where run_id = ? and sequence = ?')
      .run('{"tampered":1}', runId, fill.sequence);
    sqlite.close();
    await expect(withStore(db, (store) => replay(store))).rejects.toThrow(
      new RegExp(`stored event ${fill.sequence} is OrderFilled .*tampered.* but the re-execution produced OrderFilled`),
    );

    const db2 = join(dir, 'state2.db');
    await withStore(db2, (store) => replay(store));
    const sqlite2 = new Database(db2);
    const lost = sqlite2.prepare('select trade_id from fills order by timestamp desc limit 1').get() as {
      trade_id: string;
    };
    sqlite2.prepare('delete from fills where trade_id = ?').run(lost.trade_id);
    sqlite2.close();
    const error = await withStore(db2, (store) => replay(store)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconciliationError);
    expect((error as Error).message).toContain(`fill ${lost.trade_id} is in the node, not in the store`);
    expect((error as Error).message).toMatch(/the node does not trade$/);
  }, 120_000);

  it('refuses a run id already used by another configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
    const db = join(dir, 'state.db');
    await withStore(db, (store) => replay(store, { runId: 'mine', to: '2022-01-04' }));
    await expect(
      withStore(db, (store) =>
        runPaper(CONFIG, paperConfig.parse({ warmup_bars: 21 }), {
          baseDir: '.',
          replay: true,
          from: DAYS.from,
          to: '2022-01-04',
          persistence: { store, runId: 'mine', snapshotEveryBars: 240 },
        }),
      ),
    ).rejects.toThrow(/run mine was started with another configuration/);
  }, 120_000);

  it('mirrors each fill once to trades.log.jsonl; a restart restores lines a crash left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
    const db = join(dir, 'state.db');
    const logs = join(dir, 'logs');
    const first = await withStore(db, (store) => replay(store, { logs }));
    const path = join(logs, 'trades.log.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length, 'one line per fill').toBe(first.run.result.fills.length);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      event: 'order_filled',
      run_id: first.resume!.runId,
      trade_id: first.run.result.fills[0]!.tradeId,
    });
    // A crash after the commit and before the mirror write: the last 5 lines never reached the file.
    writeFileSync(path, `${lines.slice(0, -5).join('\n')}\n`);
    await withStore(db, (store) => replay(store, { logs }));
    expect(readFileSync(path, 'utf8').trim().split('\n'), 'restored once, in order').toEqual(lines);
  }, 120_000);

  it('switches to PostgreSQL with one variable: the same run is stored, continued and equal there', async () => {
    const schema = `paper_${process.pid}_${Date.now()}`;
    const open = () => openTradingStore({ postgresSchema: schema }, { DATABASE_URL });
    const onPostgres = async <T>(body: (store: TradingStore) => Promise<T>): Promise<T> => {
      const store = await open();
      try {
        return await body(store);
      } finally {
        await store.close();
      }
    };
    try {
      const first = await onPostgres(async (store) => {
        expect(store.backend, 'DATABASE_URL selects PostgreSQL').toBe('postgres');
        return replay(store, { to: '2022-01-04' });
      });
      const second = await onPostgres((store) => replay(store));
      expect(second.resume?.runId).toBe(first.resume?.runId);
      expect(second.resume?.verifiedEvents, 'the restart verified the run stored in PostgreSQL').toBeGreaterThan(0);
      const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-store-'));
      const onSqlite = await withStore(join(dir, 'state.db'), (store) => replay(store));
      const fills = await onPostgres((store) => store.fills(second.resume!.runId));
      expect(
        fills.map((f) => f.tradeId),
        'PostgreSQL holds the fills SQLite holds',
      ).toEqual(onSqlite.run.result.fills.map((f) => f.tradeId));
    } finally {
      await dropPostgresSchema(DATABASE_URL, schema);
    }
  }, 120_000);
});
