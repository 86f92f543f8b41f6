import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTradingStore } from '../../adapters/stores/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { formatRunReport, runReportJson } from './format-run-report.ts';
import { formatRunsTable, runJson } from './format-runs-table.ts';
import { SEED_TIME, seedRun } from './run-fixtures.ts';
import { readRunReport, UnknownRunError } from './run-report.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshStore(): Promise<TradingStore> {
  const folder = mkdtempSync(join(tmpdir(), 'tradewind-runs-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const store = await openTradingStore({ sqlitePath: join(folder, 'tradewind.db') }, {});
  cleanups.push(() => store.close());
  return store;
}

describe('readRunReport', () => {
  it('counts what the run wrote and keeps only open positions and the last 10 events', async () => {
    const store = await freshStore();
    const runId = await seedRun(store);
    const report = await readRunReport(store, runId, 'test store');
    expect(report.run.status, 'the seeded run was ended').toBe('stopped');
    expect(report.ordersByStatus, 'orders grouped by their current status').toEqual({ accepted: 1, filled: 1 });
    expect(
      [report.orders, report.fills, report.events, report.riskEvents, report.llmDecisions],
      'orders, fills, events (risk and LLM ones included), risk events, LLM decisions',
    ).toEqual([2, 1, 14, 1, 1]);
    expect(
      report.openPositions.map((p) => p.instrumentId),
      'the flat ETH position is left out',
    ).toEqual(['BTCUSDT.BINANCE']);
    expect(report.latestSnapshot?.cash, 'the newer of the two snapshots').toBe(7_839_475);
    expect(
      report.lastEvents.map((e) => e.sequence),
      'the newest ten, oldest first',
    ).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('names the unknown id, the store and the way to list the runs', async () => {
    const store = await freshStore();
    await seedRun(store);
    const error = await readRunReport(store, 'nope', '/x/tradewind.db').catch((e: unknown) => e);
    expect(error, 'an unknown run is an input error, not a crash').toBeInstanceOf(UnknownRunError);
    expect((error as Error).message).toBe(
      "no run 'nope' in /x/tradewind.db (tradewind runs list shows the runs there)",
    );
  });

  it('reports a run without events, orders or snapshot as empty, not as an error', async () => {
    const store = await freshStore();
    await store.startRun({ runId: 'new', mode: 'SIM', configHash: 'h', configVersion: 'v1', startedAt: SEED_TIME });
    const report = await readRunReport(store, 'new', 'test store');
    expect(report.lastEvents, 'no event yet').toEqual([]);
    expect(report.latestSnapshot).toBeUndefined();
    const text = formatRunReport(report);
    expect(text, 'the empty sections say so').toContain('latest snapshot: none');
    expect(text).toContain('last events: none');
    expect(runReportJson(report).latest_snapshot, 'JSON null rather than a missing key').toBeNull();
  });
});

describe('run formatting', () => {
  it('lists runs newest first in an aligned table with ISO UTC times', async () => {
    const store = await freshStore();
    await seedRun(store, 'older', SEED_TIME);
    await store.startRun({
      runId: 'newer-run',
      mode: 'LIVE',
      configHash: 'h2',
      configVersion: 'v8',
      startedAt: SEED_TIME + 86_400_000,
    });
    const lines = formatRunsTable(await store.runs())
      .trimEnd()
      .split('\n');
    expect(lines, 'a header and one line per run').toHaveLength(3);
    expect(lines[1], 'newest start first; a running run has no end').toMatch(
      /^newer-run +LIVE +running +2026-03-09T07:00:00\.000Z +- +0 +v8$/,
    );
    expect(lines[2]).toMatch(/^older +PAPER +stopped +2026-03-08T07:00:00\.000Z +2026-03-08T08:00:00\.000Z +14 +v7$/);
    expect(new Set(lines.map((line) => line.search(/ mode| LIVE| PAPER/))).size, 'columns are aligned').toBe(1);
    expect(runJson((await store.runs())[1]), 'JSON keys are snake_case, times ISO text and epoch ms').toEqual({
      run_id: 'older',
      mode: 'PAPER',
      status: 'stopped',
      started_at: '2026-03-08T07:00:00.000Z',
      started_at_ms: SEED_TIME,
      ended_at: '2026-03-08T08:00:00.000Z',
      ended_at_ms: SEED_TIME + 3_600_000,
      last_sequence: 14,
      config_version: 'v7',
      config_hash: 'hash-1',
    });
  });

  it('shows header, counts, positions, the latest snapshot and the last events', async () => {
    const store = await freshStore();
    const runId = await seedRun(store);
    const text = formatRunReport(await readRunReport(store, runId, 'test store'));
    expect(text, 'the header').toMatch(/^run paper-1\n {2}mode +PAPER\n {2}status +stopped\n/);
    expect(text, 'orders by status').toContain('orders          2 (accepted 1, filled 1)');
    expect(text, 'the open position').toMatch(/BTCUSDT\.BINANCE +ema-cross +0\.5 +43210\.5/);
    expect(text, 'the flat position is not listed').not.toContain('ETHUSDT');
    expect(text, 'the latest snapshot with its time').toContain(
      'latest snapshot (sequence 14, 2026-03-08T07:00:06.000Z)',
    );
    expect(text, 'drawdown as a percentage').toContain('drawdown        1.25%');
    expect(text, 'the newest event').toMatch(/ 14 +2026-03-08T07:00:05\.009Z +TimerFired\n$/);
  });
});
