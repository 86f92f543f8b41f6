import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { ROOT } from '../../../test/support/run-cli.ts';
import { openTradingStore } from '../../adapters/stores/index.ts';
import { SeededRandom } from '../../core/kernel/random.ts';
import type { TradingStore } from '../../core/persistence/index.ts';

const CHILD = join(ROOT, 'test', 'support', 'paper-chaos-child.ts');
const KILLS = 50;

/** Two weeks of the real BTC-PERP sample traded by a fast EMA crossover: well over 1,000 orders. */
const CONFIG = [
  'strategy: { name: ema_cross, params: { fast_period: 5, slow_period: 15, quantity: 0.1, mode: long_short } }',
  `data: { path: ${JSON.stringify(BTC_PERP_SAMPLE)} }`,
  'instrument: { symbol: BTC-PERP, venue: FTX, price_increment: 1, size_increment: 0.0001 }',
  'account: { starting_cash: 100000 }',
  'execution: { fee_bps: 5, slippage_bps: 1 }',
  'period: { from: 2022-01-03, to: 2022-01-17 }',
  'paper: { warmup_bars: 50, status_seconds: 3600 }',
].join('\n');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one node process; `killAfterMs` (from its `ready` line) kills it from outside with SIGKILL. */
function runChild(config: string, db: string, killAfterOrders: number, killAfterMs?: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      // tsx as a loader of this very process (not its CLI's wrapper), so SIGKILL reaches the node itself.
      ['--import', 'tsx', CHILD, config, db, String(killAfterOrders)],
      { cwd: ROOT },
    );
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr === '' && killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      stderr += chunk;
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Everything the run stored, in a comparable form (orders, fills, positions, events, snapshots). */
async function contents(store: TradingStore): Promise<Record<string, unknown>> {
  const [run] = await store.runs();
  expect(run, 'the store holds the run').toBeDefined();
  const id = run!.runId;
  const events = await store.events(id, 0);
  const snapshot = await store.latestSnapshot(id);
  return {
    runId: id,
    lastSequence: run!.lastSequence,
    orders: await store.orders(id),
    fills: await store.fills(id),
    positions: await store.positions(id),
    events: events.map((e) => `${e.sequence} ${e.type} ${e.timestamp} ${e.payload}`),
    snapshot,
  };
}

describe('crash-only paper node: SIGKILL at 50 points, restart, nothing lost or doubled', () => {
  it('ends with the orders, fills, positions, cash and event log of an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-chaos-'));
    const config = join(dir, 'paper.yaml');
    writeFileSync(config, `${CONFIG}\n`);

    const reference = await runChild(config, join(dir, 'reference.db'), 0);
    expect(reference.code, `the uninterrupted run completes: ${reference.stderr}`).toBe(0);

    const db = join(dir, 'chaos.db');
    const seeded = new SeededRandom(20261122); // every run of the test kills at the same points
    const random = (): number => seeded.next();
    let kills = 0;
    let killedBetweenSendAndRecord = 0;
    for (let attempt = 0; kills < KILLS; attempt++) {
      expect(attempt, 'each attempt kills or completes; 200 attempts are far beyond 50 kills').toBeLessThan(200);
      // Every process dies at its commit carrying its N-th new order (sent, not yet recorded), at most
      // 30 orders on: the 50 kills cover the session's first half or more before the last restart ends it. Every
      // other process also gets a timer that may kill it sooner, anywhere: loading, warm-up, catch-up, a commit.
      const killAfterOrders = 1 + Math.floor(random() * 30);
      const timer = kills % 2 === 1 ? 200 + Math.floor(random() * 2_000) : undefined;
      const exit = await runChild(config, db, killAfterOrders, timer);
      if (exit.signal === 'SIGKILL') {
        kills++;
        if (exit.stderr.includes('killed-at-commit')) killedBetweenSendAndRecord++;
        continue;
      }
      expect(exit.code, `a restart either completes or is killed: ${exit.stderr}`).toBe(0);
    }
    const final = await runChild(config, db, 0);
    expect(final.code, `the last restart completes: ${final.stderr}`).toBe(0);
    const summary = JSON.parse(final.stdout) as { resume: { verifiedEvents: number } };
    expect(summary.resume.verifiedEvents, 'the last restart verified the stored run').toBeGreaterThan(0);

    const expected = await openTradingStore({ sqlitePath: join(dir, 'reference.db') }, {});
    const actual = await openTradingStore({ sqlitePath: db }, {});
    try {
      const want = await contents(expected);
      const got = await contents(actual);
      const orders = want.orders as readonly { clientOrderId: string }[];
      expect(orders.length, 'the session sends at least 1,000 orders').toBeGreaterThanOrEqual(1_000);
      expect(
        killedBetweenSendAndRecord,
        'at least half the kills hit between sending orders and recording them',
      ).toBeGreaterThanOrEqual(KILLS / 2);
      const ids = (got.orders as readonly { clientOrderId: string }[]).map((o) => o.clientOrderId);
      expect(new Set(ids).size, '0 duplicate orders').toBe(orders.length);
      expect((got.fills as unknown[]).length, '0 lost fills, 0 doubled').toBe((want.fills as unknown[]).length);
      expect(
        got,
        'orders, fills, positions, the event log and the last snapshot (cash) equal the uninterrupted run',
      ).toEqual(want);
    } finally {
      await expected.close();
      await actual.close();
    }
  }, 1_800_000);
});
