/**
 * Paper-node replay benchmark (issue 7 target: a replay at `--speed max` with persistence on runs
 * ≥ 1,000,000 bars/s for the EMA crossover).
 *
 *   npx tsx bench/store/replay-bench.ts [--bars N] [--runs N] [--json]
 *
 * The paper node (`PaperNode`: the backtest's engine behind a DataClient) replays N synthetic
 * 1-minute bars through `ReplayDataClient` at max speed, the EMA(10/50) crossover trading 1 BTC
 * long/short. Timed: from the client's start to the last bar, plus, with persistence, until the
 * journal's last commit is durable (SQLite, WAL, synchronous=FULL, commits on the store's commit
 * thread as the paper command runs them, a snapshot every 1,440 bars).
 * Beside it: the same replay with persistence off, and the backtest engine's `processBars` over
 * the same bars with the node's engine configuration (the anchor: the kernel without a DataClient). The stored fills are counted
 * against the node's, so a fast but lossy journal cannot pass. `persisted_stepped_share` says which
 * thread bounds the persisted run: the share of its time by which the node had stepped every bar.
 * `replay_journal_only_bars_per_sec` runs the persisted replay against a store whose commits are
 * answered at once and written nowhere: the node's own share of persistence (the journal turning
 * events into store changes), the ceiling no faster store could lift. `sqlite_floor_bars_per_sec`
 * is the other ceiling: the persisted run's rows inserted again by better-sqlite3 alone, in as many
 * transactions (sqlite-floor.ts), the time no node could save.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteTradingStore } from '../../src/adapters/stores/index.ts';
import { wallClockTimers } from '../../src/adapters/venues/ccxt/index.ts';
import { SimulatedClock } from '../../src/core/clock/simulated-clock.ts';
import { BacktestEngine } from '../../src/core/kernel/index.ts';
import type { BarSeries } from '../../src/core/model/data.ts';
import { ChangeOutcome, loggedRecordCount, type TradingStore } from '../../src/core/persistence/index.ts';
import { SILENT_LOGGER } from '../../src/core/strategy/logger.ts';
import { engineConfigOf } from '../../src/runtime/backtest/run-backtest.ts';
import { loadStrategy } from '../../src/runtime/backtest/strategy-loader.ts';
import { backtestConfig } from '../../src/runtime/config/backtest-config.ts';
import { PaperNode } from '../../src/runtime/paper/paper-node.ts';
import { openPaperRun } from '../../src/runtime/paper/paper-persistence.ts';
import { ReplayDataClient } from '../../src/runtime/paper/replay-data-client.ts';
import { benchInstrument, STRATEGY, timeProcessBars } from '../engine-run.ts';
import { generateSyntheticBars } from '../synthetic-bars.ts';
import { measureSqliteFloor, type SqliteFloor } from './sqlite-floor.ts';

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const BARS = Number(args.bars);
const RUNS = Number(args.runs);
const TARGET_BARS_PER_SEC = 1_000_000;
if (!Number.isSafeInteger(BARS) || BARS <= 0) throw new Error(`--bars must be a positive integer, got ${args.bars}`);
if (!Number.isSafeInteger(RUNS) || RUNS <= 0) throw new Error(`--runs must be a positive integer, got ${args.runs}`);

const instrument = benchInstrument();
const columns = generateSyntheticBars(BARS, { seed: 7 });
const series: BarSeries = { instrumentId: instrument.id, timeframe: '1m', length: BARS, ...columns };
const PARAMS = {
  average: 'ema',
  fast_period: STRATEGY.fastPeriod,
  slow_period: STRATEGY.slowPeriod,
  quantity: STRATEGY.quantity,
  mode: 'long_short',
};
const config = backtestConfig.parse({
  strategy: { name: 'ema_cross', params: PARAMS },
  data: { path: 'synthetic.csv' },
  instrument: { symbol: 'BTC-PERP', venue: 'SIM', price_increment: 0.01, size_increment: 0.001 },
  account: { starting_cash: STRATEGY.startingCash, leverage: 2, type: 'margin' },
  execution: { fee_bps: STRATEGY.takerRate * 10_000 },
});

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** `store` with its `commit` replaced by `commit` (reads and run bookkeeping still go to `store`). */
function withCommit(store: TradingStore, commit: TradingStore['commit']): TradingStore {
  return new Proxy(store, {
    get: (target, key) => {
      if (key === 'commit') return commit;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `store` with every commit answered as applied (the sequences it would have given) and written nowhere. */
function discardingCommits(store: TradingStore): TradingStore {
  const last = new Map<string, number>();
  return withCommit(store, async (runId, changes) => {
    let events = 0;
    for (const c of changes) events += loggedRecordCount(c);
    const firstSequence = (last.get(runId) ?? 0) + 1;
    last.set(runId, firstSequence - 1 + events);
    return {
      outcomes: changes.map(() => ChangeOutcome.Applied),
      firstSequence,
      lastSequence: firstSequence - 1 + events,
    };
  });
}

type Persistence = 'off' | 'on' | 'discarded';

/** One replay of every bar; returns bars per second and the fills the node made (and the store holds). */
async function replay(
  persistence: Persistence,
): Promise<{ barsPerSec: number; fills: number; stored: number; steppedShare: number; floor?: SqliteFloor }> {
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-replay-bench-'));
  const persist = persistence !== 'off';
  // The discarding run keeps its commits on the node's thread: no commit thread to start for them.
  const sqlite = persist
    ? await openSqliteTradingStore({
        path: join(dir, 'state.db'),
        synchronous: 'FULL',
        commitThread: persistence === 'on',
      })
    : undefined;
  let commits = 0;
  const store =
    sqlite === undefined
      ? undefined
      : persistence === 'discarded'
        ? discardingCommits(sqlite)
        : withCommit(sqlite, (runId, changes) => {
            commits++;
            return sqlite.commit(runId, changes);
          });
  try {
    const strategies = [await loadStrategy('ema_cross', PARAMS, '.')];
    let journal: Awaited<ReturnType<typeof openPaperRun>>['journal'] | undefined;
    const node = new PaperNode({
      config,
      instrument,
      strategies,
      multiStrategy: false,
      clock: new SimulatedClock(0),
      logger: SILENT_LOGGER,
      mode: 'replay',
      wallNow: () => 0,
      ...(persist
        ? {
            afterStep: (bar, self) => journal!.afterStep(bar.timestamp + 60_000, self.engine.kernel.portfolio.equity()),
          }
        : {}),
    });
    if (store !== undefined)
      ({ journal } = await openPaperRun({
        persistence: { store, snapshotEveryBars: 1_440 },
        identity: { config, mode: 'replay', from: series.timestamp[0], warmupBars: 0 },
        mode: 'PAPER',
        kernel: node.engine.kernel,
        barMillis: 60_000,
        barsPerYear: 525_960,
        onFailure: (error) => {
          throw error;
        },
      }));
    const client = new ReplayDataClient({
      series,
      symbol: 'BTC-PERP',
      sink: node,
      speed: Number.POSITIVE_INFINITY,
      timers: wallClockTimers,
    });
    client.subscribeBars('BTC-PERP', '1m');
    const start = process.hrtime.bigint();
    await client.start();
    await client.finished;
    const stepped = Number(process.hrtime.bigint() - start) / 1e9;
    await journal?.flush();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await client.stop();
    const result = node.close();
    const runs = store === undefined ? [] : await store.runs();
    const stored = store === undefined || runs[0] === undefined ? 0 : (await store.fills(runs[0].runId)).length;
    if (persistence === 'on' && stored !== result.fills.length)
      throw new Error(`the store holds ${stored} fills, the node made ${result.fills.length}`);
    await sqlite?.close(); // no commit thread may run beside the floor (the second close, below, does nothing)
    // The SQLite floor of the persisted run: its rows again, by better-sqlite3 alone, in as many transactions.
    const floor = persistence === 'on' ? await measureSqliteFloor(join(dir, 'state.db'), commits) : undefined;
    return { barsPerSec: BARS / seconds, fills: result.fills.length, stored, steppedShare: stepped / seconds, floor };
  } finally {
    await sqlite?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const on: number[] = [];
/** Share of each persisted run's time by which the node had stepped every bar (the rest: commits finishing). */
const stepped: number[] = [];
const off: number[] = [];
const discarded: number[] = [];
const engine: number[] = [];
const floor: number[] = [];
let fills = 0;
let lastFloor: SqliteFloor | undefined;
for (let run = 0; run < RUNS; run++) {
  off.push((await replay('off')).barsPerSec);
  discarded.push((await replay('discarded')).barsPerSec);
  const persisted = await replay('on');
  on.push(persisted.barsPerSec);
  stepped.push(persisted.steppedShare);
  fills = persisted.stored;
  lastFloor = persisted.floor;
  if (persisted.floor !== undefined) floor.push(BARS / persisted.floor.seconds);
  // The anchor runs the node's own engine configuration, columnar, without a DataClient or a store.
  const backtest = new BacktestEngine(engineConfigOf(config, instrument, undefined, SILENT_LOGGER));
  backtest.addInstrument(instrument);
  backtest.addStrategy((await loadStrategy('ema_cross', PARAMS, '.')).strategy, 'ema_cross');
  engine.push(BARS / timeProcessBars(backtest, series));
}
const result = {
  bars: BARS,
  fills_stored: fills,
  replay_persisted_bars_per_sec: Math.round(median(on)),
  replay_unpersisted_bars_per_sec: Math.round(median(off)),
  replay_journal_only_bars_per_sec: Math.round(median(discarded)),
  engine_bars_per_sec: Math.round(median(engine)),
  persisted_vs_unpersisted_ratio: Number((median(on) / median(off)).toFixed(3)),
  persisted_stepped_share: Number(median(stepped).toFixed(3)),
  sqlite_floor_bars_per_sec: Math.round(median(floor)),
  persisted_vs_floor_ratio: Number((median(on) / median(floor)).toFixed(3)),
  sqlite_floor_rows: lastFloor?.rows,
  sqlite_floor_transactions: lastFloor?.transactions,
  target_bars_per_sec: TARGET_BARS_PER_SEC,
  pass: median(on) >= TARGET_BARS_PER_SEC,
  runs_persisted_bars_per_sec: on.map(Math.round),
};
if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else console.log(result);
