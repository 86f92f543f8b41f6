import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { openTradingStore } from '../../adapters/stores/index.ts';
import type { DataClient, DataSink } from '../../core/data/data-client.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import type { StoreChange, TradingStore } from '../../core/persistence/index.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { loadNodeBars } from './load-node-bars.ts';
import { paperConfig } from './paper-config.ts';
import { ReconciliationError } from './paper-journal.ts';
import { barAt } from './replay-data-client.ts';
import { type PaperRun, runPaper } from './run-paper.ts';

const CONFIG = backtestConfig.parse({
  ...DEFAULT_BACKTEST_CONFIG,
  strategy: { name: 'ema_cross', params: { fast_period: 5, slow_period: 15, quantity: 0.1, mode: 'long_short' } },
  data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
});
const PAPER = paperConfig.parse({ warmup_bars: 20 });
/** The live session starts where the catalog's warm-up ends (`to`); its bars are the sample's next day. */
const LIVE_START = '2022-01-05';
const K = 700;

/** The "venue's" stream: recorded bars [from, to) of the sample, delivered asynchronously (64 per macrotask). */
class RecordedLiveClient implements DataClient {
  private stopped = false;
  subscribed: string[] = [];

  constructor(
    private readonly sink: DataSink,
    private readonly bars: BarSeries,
    private readonly range: { from: number; to: number; repeat?: number },
    private readonly onDelivered: () => void,
  ) {}

  subscribeBars(symbol: string, timeframe: string): void {
    this.subscribed.push(`${symbol} ${timeframe}`);
  }
  subscribeTrades(): void {}
  subscribeQuotes(): void {}

  async start(): Promise<void> {
    void this.deliver();
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  private async deliver(): Promise<void> {
    for (let i = this.range.from; i < this.range.to && !this.stopped; i++) {
      if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
      // A venue's bars carry its own symbol; the node relabels them.
      this.sink.onBar({ ...barAt(this.bars, i), instrumentId: 'BTC/USDT.BINANCE' as InstrumentId });
      // A reconnect delivers the last bar again.
      if (i === this.range.repeat) this.sink.onBar(barAt(this.bars, i));
    }
    this.onDelivered();
  }
}

let liveBars: BarSeries;
beforeAll(async () => {
  liveBars = (await loadNodeBars(CONFIG, { from: Date.parse(LIVE_START), to: Date.parse('2022-01-06'), warmupBars: 0 }))
    .replay;
});

/** Warnings the node logged (dropped bars). */
function collectingLogger(lines: string[]): Logger {
  return { debug() {}, info() {}, warn: (event) => lines.push(event), error() {} };
}

async function withStore<T>(path: string, body: (store: TradingStore) => Promise<T>): Promise<T> {
  const store = await openTradingStore({ sqlitePath: path }, {});
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** One live session delivering bars [from, to); it is stopped (the abort signal) once they are all delivered. */
function live(
  store: TradingStore | undefined,
  range: { from: number; to: number; repeat?: number },
  extra: { to?: string; warnings?: string[] } = {},
): Promise<PaperRun> {
  const controller = new AbortController();
  return runPaper(CONFIG, PAPER, {
    baseDir: '.',
    replay: false,
    to: extra.to ?? LIVE_START,
    signal: controller.signal,
    ...(extra.warnings === undefined ? {} : { logger: collectingLogger(extra.warnings) }),
    liveClient: (sink) => new RecordedLiveClient(sink, liveBars, range, () => controller.abort()),
    ...(store === undefined ? {} : { persistence: { store, snapshotEveryBars: 240 } }),
  });
}

/** Everything the store keeps of a run, for comparing two runs whatever their timing. */
async function contents(path: string, runId: string) {
  return withStore(path, async (store) => ({
    events: (await store.events(runId, 0)).map(({ sequence, type, timestamp, payload }) => [
      sequence,
      type,
      timestamp,
      payload,
    ]),
    orders: await store.orders(runId),
    fills: await store.fills(runId),
    positions: await store.positions(runId),
    snapshots: await store.snapshots(runId),
    metrics: await store.metricsWindows(runId),
    bars: await store.bars(runId),
  }));
}

/** The store, except that the commit carrying bar `sequence` (and every later one) fails: the process died there. */
function dyingStore(store: TradingStore, sequence: number): TradingStore {
  let dead = false;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'commit')
        return (runId: string, changes: readonly StoreChange[]) => {
          dead ||= changes.some((change) => change.bars?.some((bar) => bar.sequence >= sequence));
          return dead ? Promise.reject(new Error('simulated crash')) : target.commit(runId, changes);
        };
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const tempDb = (): string => join(mkdtempSync(join(tmpdir(), 'tradewind-paper-live-')), 'state.db');

describe('a stored live paper session', () => {
  let baseline: { runId: string; contents: Awaited<ReturnType<typeof contents>> };
  beforeAll(async () => {
    const db = tempDb();
    const run = await withStore(db, (store) => live(store, { from: 0, to: liveBars.length }));
    expect(run.mode).toBe('live');
    expect(run.barsDone).toBe(liveBars.length);
    baseline = { runId: run.resume!.runId, contents: await contents(db, run.resume!.runId) };
  });

  it('journals its warm-up once and every live bar; the uninterrupted session trades', () => {
    const { bars, fills, events } = baseline.contents;
    expect(bars.length, 'the 20 warm-up bars, then every live bar').toBe(20 + liveBars.length);
    expect(bars.slice(0, 20).every((b) => b.phase === 'warmup' && b.timestamp < Date.parse(LIVE_START))).toBe(true);
    expect(bars.slice(20).every((b) => b.phase === 'live' && b.instrumentId === 'BTC-PERP.FTX')).toBe(true);
    expect(bars.map((b) => b.sequence)).toEqual(bars.map((_, i) => i + 1));
    expect(bars[20]!.timestamp).toBe(liveBars.timestamp[0]);
    expect(fills.length, 'enough trading to compare').toBeGreaterThan(20);
    expect(events.length).toBeGreaterThan(fills.length);
    // Events are stamped with the bars' time, not the wall clock's: a restart can regenerate them.
    expect(events.every(([, , time]) => (time as number) <= liveBars.timestamp[liveBars.length - 1]! + 60_000)).toBe(
      true,
    );
  });

  it('stopped after K bars and restarted with an overlapping stream, ends as the uninterrupted session', async () => {
    const db = tempDb();
    const first = await withStore(db, (store) => live(store, { from: 0, to: K }));
    expect(first.resume, 'a new run').toMatchObject({ runId: baseline.runId, verifiedEvents: 0, catchUpBars: 0 });
    expect(first.barsDone).toBe(K);
    const stopped = await contents(db, baseline.runId);
    expect(stopped.bars.length).toBe(20 + K);
    const warnings: string[] = [];
    const second = await withStore(db, (store) =>
      live(store, { from: K - 5, to: liveBars.length, repeat: liveBars.length - 1 }, { warnings }),
    );
    expect(second.resume!.catchUpBars, 'every stored live bar re-executed').toBe(K);
    expect(second.resume!.verifiedEvents, 'every stored event regenerated and verified').toBe(stopped.events.length);
    expect(second.resume!.reconciliation.fills).toBe(stopped.fills.length);
    expect(
      warnings.filter((w) => w === 'live_bar_dropped').length,
      'the 5 overlapping bars and the repeated last bar are dropped',
    ).toBe(6);
    expect(second.barsDone).toBe(liveBars.length);
    expect(await contents(db, baseline.runId)).toEqual(baseline.contents);
  });

  it('loses only an uncommitted tail when its store dies mid-session; the restart redoes it once', async () => {
    const db = tempDb();
    // The batch holding live bar 300 (sequence 320) never commits, nor anything after it: a crash there.
    const crash = await withStore(db, (store) =>
      live(dyingStore(store, 20 + 300), { from: 0, to: liveBars.length }).then(
        () => undefined,
        (error: Error) => error,
      ),
    );
    expect(crash?.message).toMatch(/simulated crash|failed/);
    const kept = await contents(db, baseline.runId);
    expect(kept.bars.length, 'a prefix of the bars, never one beyond the failed batch').toBeLessThan(20 + 300);
    expect(kept.events.length).toBeLessThan(baseline.contents.events.length);
    // Every committed event belongs to a committed bar: its time is at most the last stored bar's close.
    const lastStored = kept.bars[kept.bars.length - 1]!.timestamp;
    expect(kept.events.every(([, , time]) => (time as number) <= lastStored + 60_000)).toBe(true);
    const warnings: string[] = [];
    const restart = await withStore(db, (store) => live(store, { from: 0, to: liveBars.length }, { warnings }));
    expect(restart.resume!.catchUpBars).toBe(kept.bars.length - 20);
    expect(warnings.filter((w) => w === 'live_bar_dropped')).toHaveLength(kept.bars.length - 20);
    expect(await contents(db, baseline.runId)).toEqual(baseline.contents);
  });

  it('restarts from the stored warm-up when the catalog would give other warm-up bars', async () => {
    const db = tempDb();
    await withStore(db, (store) => live(store, { from: 0, to: K }));
    // The catalog's warm-up now ends a day later (it overlaps the live bars): the stored one is pinned.
    const catalogWarmup = (await loadNodeBars(CONFIG, { to: Date.parse('2022-01-06'), warmupBars: 20 })).warmup;
    expect(catalogWarmup.timestamp[0]).toBeGreaterThan(Date.parse(LIVE_START));
    const second = await withStore(db, (store) => live(store, { from: K, to: liveBars.length }, { to: '2022-01-06' }));
    expect(second.resume!.catchUpBars).toBe(K);
    expect(second.resume!.verifiedEvents).toBeGreaterThan(0);
    expect(second.warmupBars).toBe(20);
    expect(await contents(db, baseline.runId)).toEqual(baseline.contents);
    // A third start with nothing new verifies the whole run again and changes nothing.
    const third = await withStore(db, (store) => live(store, { from: 0, to: 0 }, { to: '2022-01-06' }));
    expect(third.resume!.catchUpBars).toBe(liveBars.length);
    expect(third.resume!.verifiedEvents).toBe(baseline.contents.events.length);
    expect(await contents(db, baseline.runId)).toEqual(baseline.contents);
  });

  it('refuses to continue when a stored bar was tampered with, and names it', async () => {
    const db = tempDb();
    await withStore(db, (store) => live(store, { from: 0, to: K }));
    const sqlite = new Database(db);
    try {
      // Prices moved: the re-execution fills at other prices than the stored events say.
      sqlite
        .prepare(
          "update bars set open = open + 500, high = high + 500, low = low + 500, close = close + 500 where phase = 'live'",
        )
        .run();
    } finally {
      sqlite.close();
    }
    const mismatch = withStore(db, (store) => live(store, { from: K, to: liveBars.length }));
    await expect(mismatch).rejects.toBeInstanceOf(ReconciliationError);
    await expect(mismatch).rejects.toThrow(
      /stored event \d+ is \w+ at \d+ .* but the re-execution produced .*the data changed/,
    );

    const db2 = tempDb();
    await withStore(db2, (store) => live(store, { from: 0, to: K }));
    const sqlite2 = new Database(db2);
    try {
      sqlite2.prepare('update bars set timestamp = timestamp - 3600000 where sequence = 100').run();
    } finally {
      sqlite2.close();
    }
    const reordered = withStore(db2, (store) => live(store, { from: K, to: liveBars.length }));
    await expect(reordered).rejects.toBeInstanceOf(ReconciliationError);
    await expect(reordered).rejects.toThrow(/stored bar 100 \(live, BTC-PERP\.FTX 1m at \d+\) does not open after/);
    // Nothing was traded on: the store still holds the K bars of the first session.
    expect((await contents(db2, baseline.runId)).bars.length).toBe(20 + K);
  });

  it('without a store, the live path still runs on the wall clock and drops a repeated bar', async () => {
    const warnings: string[] = [];
    const run = await live(undefined, { from: 0, to: 300, repeat: 10 }, { warnings });
    expect(run.resume).toBeUndefined();
    expect(run.barsDone).toBe(300);
    expect(warnings.filter((w) => w === 'live_bar_dropped')).toHaveLength(1);
  });
});
