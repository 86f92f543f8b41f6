import { RealTimeClock } from '../../adapters/clock/index.ts';
import { wallClockTimers } from '../../adapters/venues/ccxt/wall-clock-timers.ts';
import { SimulatedClock } from '../../core/clock/simulated-clock.ts';
import type { DataClient, DataSink } from '../../core/data/data-client.ts';
import type { BacktestResult } from '../../core/kernel/index.ts';
import { type BarSeries, sliceBarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import { type Timeframe, timeframeMillis } from '../../core/model/time.ts';
import { type Logger, teeLogger } from '../../core/strategy/logger.ts';
import { inferInstrument } from '../backtest/infer-instrument.ts';
import { loadStrategies, multiStrategySummary } from '../backtest/multi-strategy.ts';
import { type BacktestRun, backtestMetrics } from '../backtest/run-backtest.ts';
import { RunLog } from '../backtest/run-log.ts';
import { loadStrategy } from '../backtest/strategy-loader.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { parseInstant } from '../config/parse-instant.ts';
import { loadExternalEvents } from '../data/load-external-events.ts';
import { defaultBarsPerYear } from '../ml/regime.ts';
import { BarRecorder } from './bar-recorder.ts';
import { LiveBarGate, loadStoredLiveInputs, storeWarmupBars } from './live-bar-journal.ts';
import { connectLiveVenue } from './live-venue.ts';
import { loadNodeBars, type NodeBars } from './load-node-bars.ts';
import { type PaperConfig, speedFactor } from './paper-config.ts';
import type { PaperJournal } from './paper-journal.ts';
import { formatPaperStatus, type PaperMode, PaperNode } from './paper-node.ts';
import {
  catchUp,
  openPaperRun,
  type PaperPersistence,
  type PaperResume,
  paperRunId,
  type RunIdentity,
} from './paper-persistence.ts';
import { ReplayDataClient } from './replay-data-client.ts';

export { VenueUnreachableError } from './live-venue.ts';

export interface RunPaperOptions {
  readonly baseDir: string;
  /** Replay recorded bars (else: the venue's live stream). */
  readonly replay: boolean;
  /** Replay range and pace (defaults: the paper section, then the config's period). */
  readonly from?: string | number;
  readonly to?: string | number;
  /** Real-time multiple; Infinity: `max`. Default: the paper section's. */
  readonly speed?: number;
  /** Aborting stops the node: the bar in its step completes, timers are canceled, the results are returned. */
  readonly signal?: AbortSignal;
  /** Status lines (default: none); called every `paper.status_seconds` and once at the end. */
  readonly onStatus?: (line: string) => void;
  /** Forces the warm-up bar count (parity runs cold, as a backtest does). */
  readonly warmupBars?: number;
  /**
   * Keep the run in the operational store: every order, fill, position, risk event and snapshot,
   * committed as the node goes; a restart with the same identity re-executes and verifies the
   * stored run, then continues it. Live mode also journals its input bars (the warm-up once, each
   * live bar before the node steps it) and runs on the bars' time, so the restart can re-execute
   * them. Absent: nothing is stored.
   */
  readonly persistence?: PaperPersistence;
  /**
   * Live mode: the DataClient delivering the venue's bars to `sink` (tests inject recorded bars;
   * default: ccxt's stream, after asking the venue for its markets).
   */
  readonly liveClient?: (sink: DataSink) => DataClient | Promise<DataClient>;
  /** Also receives every line of the run's log (the application log). */
  readonly logger?: Logger;
}

/** A finished paper session: the run in the backtest's shape (for `runFiles`), and how it ended. */
export interface PaperRun {
  readonly run: BacktestRun;
  readonly mode: PaperMode;
  /** `completed`: the replay ran out of bars; `stopped`: the signal aborted it. */
  readonly ending: 'completed' | 'stopped';
  readonly warmupBars: number;
  readonly barsDone: number;
  /** The stored run (with `persistence`): its id, what the restart verified and reconciled. */
  readonly resume?: PaperResume;
}

/**
 * Composes and runs a paper node from a backtest config and its `paper:` section: the strategies,
 * the instrument (inferred from the bars as the backtest infers it), the engine, the warm-up, then
 * the DataClient (a replay of the config's bars, or ccxt's live stream) until the replay ends or
 * the signal aborts; returns the results in the backtest's shape.
 */
export async function runPaper(
  config: Readonly<BacktestConfig>,
  paper: PaperConfig,
  options: RunPaperOptions,
): Promise<PaperRun> {
  if (config.events !== undefined && !options.replay)
    throw new ConfigError(
      'paper live mode: recorded external events (events.path) replay only with --replay; remove the events section to trade live',
    );
  const mode: PaperMode = options.replay ? 'replay' : 'live';
  const from = parseInstant('from', options.from ?? paper.replay.from ?? config.period.from);
  const to = parseInstant('to', options.to ?? paper.replay.to ?? config.period.to);
  if (from !== undefined && to !== undefined && !(from < to))
    throw new ConfigError(`paper: from (${from}) must be before to (${to})`);
  if (options.replay && from === undefined)
    throw new ConfigError('paper --replay needs a start: --from, paper.replay.from or period.from');
  const warmupBars = options.warmupBars ?? paper.warmup_bars;
  const strategies =
    config.strategies === undefined
      ? [await loadStrategy(config.strategy!.name, { ...config.strategy!.params }, options.baseDir)]
      : await loadStrategies(config, options.baseDir);
  const summaryStrategy = config.strategies === undefined ? strategies[0]! : multiStrategySummary(strategies);
  // A stored live run's identity holds the warm-up count asked for (what the catalog holds may change).
  const liveIdentity: RunIdentity = { config: { ...config, output: undefined }, mode, from, warmupBars };
  const pinned =
    options.persistence === undefined || options.replay
      ? undefined
      : await loadStoredLiveInputs(
          options.persistence.store,
          paperRunId(options.persistence, liveIdentity).runId,
          instrumentId(config.instrument.symbol, config.instrument.venue),
        );
  const bars: NodeBars =
    pinned === undefined
      ? await loadNodeBars(config, { from: options.replay ? from : undefined, to, warmupBars })
      : { warmup: pinned.warmup, replay: pinned.live, timeframe: pinned.timeframe, source: 'the store' };
  const inferFrom = options.replay && bars.replay.length > 0 ? bars.replay : bars.warmup;
  const instrument = inferInstrument(config as BacktestConfig, inferFrom, bars.timeframe);
  const log = new RunLog();
  const logger = options.logger === undefined ? log : teeLogger(log, options.logger);
  // A stored live run steps on its bars' time, as a replay does: the re-execution at a restart then
  // regenerates the same events (the wall clock would stamp them differently).
  const clock = options.replay || options.persistence !== undefined ? new SimulatedClock(0) : new RealTimeClock();
  const recorder = new BarRecorder(instrument.id, bars.timeframe);
  const barMillis = timeframeMillis(bars.timeframe);
  let failure: Error | undefined;
  const failed = new AbortController();
  let stored: { journal: PaperJournal; runId: string } | undefined;
  const node = new PaperNode({
    config,
    instrument,
    strategies,
    multiStrategy: config.strategies !== undefined,
    clock,
    logger,
    mode,
    wallNow: () => Date.now(),
    afterStep: (bar, self) => {
      recorder.add(bar);
      stored?.journal.afterStep(bar.timestamp + barMillis, self.engine.kernel.portfolio.equity());
    },
  });
  // Live: the venue first (an unreachable one refuses before a run is opened), and a gate in front
  // of the node that drops repeated bars and, when the run is stored, journals each bar.
  const warmupEnd = bars.warmup.length > 0 ? bars.warmup.timestamp[bars.warmup.length - 1] : undefined;
  const gate = options.replay
    ? undefined
    : new LiveBarGate({
        node,
        instrumentId: instrument.id,
        timeframe: bars.timeframe as Timeframe,
        logger,
        lastTimestamp: pinned?.lastTimestamp ?? warmupEnd,
      });
  const venue =
    gate !== undefined && options.liveClient === undefined ? await connectLiveVenue(config, paper) : undefined;
  let events: Awaited<ReturnType<typeof loadExternalEvents>> = [];
  let resume: PaperResume | undefined;
  let replaySeries = bars.replay;
  try {
    // The journal (when the run is stored) subscribes before any bar: warm-up denials are part of the run.
    if (options.persistence !== undefined)
      stored = await openPaperRun({
        persistence: options.persistence,
        // Where the files go does not change what the run trades.
        identity: options.replay ? { ...liveIdentity, warmupBars: bars.warmup.length } : liveIdentity,
        mode: 'PAPER',
        kernel: node.engine.kernel,
        barMillis,
        barsPerYear: defaultBarsPerYear(inferFrom),
        onFailure: (error) => {
          failure ??= error;
          node.suspend();
          failed.abort();
        },
      });
    // Recorded events of the replay period reach the strategies as the replay's clock passes them, as in a backtest.
    if (config.events !== undefined) events = await loadExternalEvents(config.events.path, { from, to });
    node.engine.addExternalEvents(events);
    // A new live run keeps its warm-up bars first: a restart warms up from them, whatever the catalog holds then.
    if (stored !== undefined && gate !== undefined && pinned === undefined)
      await storeWarmupBars(options.persistence!.store, stored.runId, bars.warmup);
    node.warmUp(bars.warmup);
    if (stored !== undefined) {
      const store = options.persistence!.store;
      // Live: every stored bar is re-executed (the stream does not send them again).
      const verified = await catchUp(node, stored.journal, bars.replay, store, stored.runId, gate !== undefined);
      if (failure !== undefined) throw failure;
      resume = {
        runId: stored.runId,
        verifiedEvents: stored.journal.verified,
        catchUpBars: verified.bars,
        reconciliation: verified.reconciliation,
      };
      logger.info('paper_run_reconciled', {
        run_id: stored.runId,
        verified_events: stored.journal.verified,
        catch_up_bars: verified.bars,
        ...verified.reconciliation,
      });
      replaySeries = sliceBarSeries(bars.replay, verified.bars, bars.replay.length);
      gate?.journalTo(stored.journal, pinned?.count ?? bars.warmup.length);
    }
  } catch (error) {
    await venue?.close();
    throw error;
  }
  const speed = options.speed ?? speedFactor(paper.replay.speed);
  const client =
    gate === undefined
      ? new ReplayDataClient({
          series: replaySeries,
          symbol: config.instrument.symbol,
          sink: node,
          speed,
          timers: wallClockTimers,
        })
      : venue === undefined
        ? await options.liveClient!(gate)
        : venue.client(gate, instrument);
  const symbol = options.replay ? config.instrument.symbol : (paper.live.symbol ?? config.instrument.symbol);
  client.subscribeBars(symbol, bars.timeframe as Timeframe);
  const status = (): void => options.onStatus?.(formatPaperStatus(node.status()));
  const heartbeat = setInterval(status, paper.status_seconds * 1000);
  let ending: PaperRun['ending'] = 'stopped';
  try {
    const aborted = waitForAbort(
      options.signal === undefined ? failed.signal : AbortSignal.any([options.signal, failed.signal]),
    );
    await client.start();
    const done =
      client instanceof ReplayDataClient
        ? client.finished.then(() => 'completed' as const)
        : new Promise<never>(() => {});
    ending = await Promise.race([done, aborted.promise]);
    aborted.dispose();
  } finally {
    clearInterval(heartbeat);
    await client.stop();
  }
  if (clock instanceof RealTimeClock) clock.close();
  if (stored !== undefined) {
    if (failure === undefined) await stored.journal.flush().catch(() => undefined);
    if (failure !== undefined) throw failure;
    await options.persistence!.store.endRun(stored.runId, Date.now(), 'stopped');
  }
  const result = node.close();
  status();
  logger.info('paper_stopped', { ending, bars: node.engine.barsDone, dropped_after_stop: node.droppedAfterClose });
  return {
    run: {
      ...paperBacktestRun(config, instrument, summaryStrategy, strategies, result, recorder.series(), log),
      events,
    },
    mode,
    ending,
    warmupBars: bars.warmup.length,
    barsDone: node.engine.barsDone,
    ...(resume === undefined ? {} : { resume }),
  };
}

/** Resolves `'stopped'` when the signal aborts (at once when it already has). */
function waitForAbort(signal: AbortSignal | undefined): { promise: Promise<'stopped'>; dispose: () => void } {
  if (signal === undefined) return { promise: new Promise(() => {}), dispose: () => {} };
  let listener: (() => void) | undefined;
  const promise = new Promise<'stopped'>((resolve) => {
    if (signal.aborted) resolve('stopped');
    listener = () => resolve('stopped');
    signal.addEventListener('abort', listener, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', listener as () => void) };
}

/** The session in the backtest's result shape, so `runFiles` writes the same files. */
function paperBacktestRun(
  config: Readonly<BacktestConfig>,
  instrument: Instrument,
  strategy: BacktestRun['strategy'],
  strategies: BacktestRun['strategies'],
  result: BacktestResult,
  series: BarSeries,
  log: RunLog,
): BacktestRun {
  return {
    config,
    instrument,
    data: { series, timeframe: series.timeframe, catalog: config.data.catalog ?? '' },
    strategy,
    ...(config.strategies === undefined ? {} : { strategies }),
    result,
    metrics: backtestMetrics(result, instrument),
    log,
    events: [],
  };
}
