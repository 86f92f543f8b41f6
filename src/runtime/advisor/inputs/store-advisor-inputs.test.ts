import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTradingStore } from '../../../adapters/stores/index.ts';
import type { TradingStore } from '../../../core/persistence/index.ts';
import { backtestConfig } from '../../config/backtest-config.ts';
import { paperConfig } from '../../paper/paper-config.ts';
import { runPaper } from '../../paper/run-paper.ts';
import { seedRun } from '../../store/run-fixtures.ts';
import { UnknownRunError } from '../../store/run-report.ts';
import { sampleConfig } from './advisor-inputs-fixtures.ts';
import { AdvisorInputError, DEFAULT_TOKEN_BUDGET, storeAdvisorInputs } from './index.ts';

const DAY = 86_400_000;
const BUDGET = { budget: DEFAULT_TOKEN_BUDGET };
const ADVERSE = new Set(['OrderDenied', 'CircuitBreakerTripped', 'DailyDrawdownBreached', 'KillSwitchActivated']);

/**
 * A paper run replayed over nine real BTC-PERP days into a SQLite store, as `tradewind paper
 * --replay` keeps it: a fast EMA cross under a 0.3% daily drawdown kill switch, a snapshot (and
 * a metrics window) every 240 bars.
 */
const CONFIG = backtestConfig.parse(
  sampleConfig({
    strategy: { name: 'ema_cross', params: { fast_period: 5, slow_period: 15, quantity: 0.1, mode: 'long_short' } },
    risk: { limits: {}, daily_drawdown: { limit: 0.003 } },
  }),
);

describe('storeAdvisorInputs on a paper run in SQLite', () => {
  let folder: string;
  let store: TradingStore;
  let runId: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tradewind-advisor-store-'));
    store = await openTradingStore({ sqlitePath: join(folder, 'tradewind.db') }, {});
    const paper = await runPaper(CONFIG, paperConfig.parse({ warmup_bars: 20 }), {
      baseDir: '.',
      replay: true,
      from: '2022-01-03',
      to: '2022-01-12',
      persistence: { store, snapshotEveryBars: 240 },
    });
    runId = paper.resume!.runId;
  }, 60_000);
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads equity from the snapshots, activity from the metrics windows, risk from the risk log', async () => {
    const inputs = await storeAdvisorInputs(store, runId, { ...BUDGET, windowDays: 7 });
    const snapshots = await store.snapshots(runId);
    const last = snapshots.at(-1)!;
    expect([inputs.source, inputs.runId, inputs.mode]).toEqual([`store:${runId}`, runId, 'PAPER']);
    expect(inputs.asOf, 'the window ends at the last snapshot').toBe(last.timestamp);
    const start = inputs.asOf - 7 * DAY;
    const m = inputs.metrics[0]!;
    expect(m.strategyId).toBe('ema_cross');

    let peak = CONFIG.account.starting_cash;
    for (const s of snapshots) peak = Math.max(peak, s.equity);
    expect(m.drawdown, 'from the peak of the starting cash and every snapshot').toBeCloseTo(
      (peak - last.equity) / peak,
      12,
    );
    expect(m.exposure, "the last snapshot's gross exposure over its equity").toBeCloseTo(
      last.grossExposure / last.equity,
      9,
    );

    const windows = (await store.metricsWindows(runId)).filter(
      (w) => w.windowStart >= start && w.windowEnd <= inputs.asOf,
    );
    const trades = windows.reduce((s, w) => s + w.trades, 0);
    const wins = windows.reduce((s, w) => s + (w.hitRate ?? 0) * w.trades, 0);
    expect(windows.length, 'one 4-hour window per snapshot: 42 in 7 days').toBe(42);
    expect(inputs.tables).toContain(`| (account) | ${m.state} | - |`);
    const account = inputs.tables
      .split('\n')
      .find((l) => l.startsWith('| (account) |'))!
      .split('|');
    expect(Number(account[6]), 'trades: the windows’ round trips').toBe(trades);
    expect(account[7]!.trim()).toBe(`${((wins / trades) * 100).toFixed(0)}%`);
    expect(account[8]!.trim()).toBe(windows.reduce((s, w) => s + w.turnover, 0).toFixed(2));

    const risk = (await store.riskEvents(runId)).filter((r) => r.timestamp > start && r.timestamp <= inputs.asOf);
    expect(m.riskEvents).toBe(risk.filter((r) => ADVERSE.has(r.type)).length);
    expect(m.riskEvents).toBeGreaterThan(0);
    expect(m.realizedSlippageBps, 'from the fill events’ slippage').toBeGreaterThan(0.9);
    expect(m.modelledSlippageBps).toBe(1);
    expect(inputs.tables).toContain("## Policy v1 (the run's configuration)");
    expect(inputs.tables).toContain('| ema_cross | fast_period | 5 |');
  });

  it('is deterministic: two reads give byte-identical tables', async () => {
    const first = await storeAdvisorInputs(store, runId, BUDGET);
    const second = await storeAdvisorInputs(store, runId, BUDGET);
    expect(second.tables).toBe(first.tables);
    expect(second.metrics).toEqual(first.metrics);
  });

  it('names an unknown run id; a run without a snapshot is an input error', async () => {
    await expect(storeAdvisorInputs(store, 'paper-nope', BUDGET)).rejects.toThrow(UnknownRunError);
    await expect(storeAdvisorInputs(store, 'paper-nope', BUDGET)).rejects.toThrow(/'paper-nope'/);
    await store.startRun({ runId: 'fresh', mode: 'LIVE', configHash: 'h', configVersion: 'v1', startedAt: 0 });
    await expect(storeAdvisorInputs(store, 'fresh', BUDGET)).rejects.toThrow(AdvisorInputError);
    await expect(storeAdvisorInputs(store, 'fresh', BUDGET)).rejects.toThrow(/store:fresh: no portfolio snapshot yet/);
  });

  it('reads a stored run whose configuration the store does not hold, and says so', async () => {
    const seeded = await seedRun(store, 'seeded');
    const inputs = await storeAdvisorInputs(store, seeded, BUDGET);
    expect(inputs.mode).toBe('PAPER');
    expect(inputs.metrics.map((m) => m.strategyId)).toEqual(['ema-cross']);
    expect(inputs.tables).toContain("note: the run's configuration is not in the store");
    expect(inputs.tables).toContain('| order_denied | strategy:ema-cross | max_gross_exposure, "hard" |');
  });

  it('names a stored risk event whose payload is not a JSON object', async () => {
    const seeded = await seedRun(store, 'broken-risk');
    const time = (await store.latestSnapshot(seeded))!.timestamp;
    const { lastSequence } = await store.commit(seeded, [
      {
        riskEvents: [
          { type: 'OrderDenied', timestamp: time, payload: '[1]', instrumentId: undefined, strategyId: 'x' },
        ],
      },
    ]);
    await expect(storeAdvisorInputs(store, seeded, BUDGET)).rejects.toThrow(
      new RegExp(
        `store:broken-risk.*risk event ${lastSequence}: OrderDenied at ${time}: the payload is not a JSON object`,
      ),
    );
  });
});
