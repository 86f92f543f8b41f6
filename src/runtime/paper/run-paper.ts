import { RealTimeClock } from '../../adapters/clock/index.ts';
import { wallClockTimers } from '../../adapters/venues/ccxt/wall-clock-timers.ts';
import { SimulatedClock } from '../../core/clock/simulated-clock.ts';
import type { DataClient, DataSink } from '../../core/data/data-client.ts';
import type { BacktestResult } from '../../core/kernel/index.ts';
import { type BarSeries, sliceBarSeries } from '../../core/model/data.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import { timeframeMillis } from '../../core/model/time.ts';
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
import { loadNodeBars } from './load-node-bars.ts';
import { type PaperConfig, speedFactor } from './paper-config.ts';
import type { PaperJournal } from './paper-journal.ts';
import { formatPaperStatus, type PaperMode, PaperNode } from './paper-node.ts';
import { catchUp, openPaperRun, type PaperPersistence, type PaperResume } from './paper-persistence.ts';
import { ReplayDataClient } from './replay-data-client.ts';

/** A venue the live node cannot reach (no network, wrong exchange id): nothing traded. */
export class VenueUnreachableError extends Error {}

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
   * Keep the run in the operational store (replay only): every order, fill, position, risk event
   * and snapshot, committed as the node goes; a restart with the same identity re-executes and
   * verifies the stored run, then continues it. Absent: nothing is stored.
   */
  readonly persistence?: PaperPersistence;
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
  if (options.persistence !== undefined && !options.replay)
    throw new ConfigError(
      'paper live mode does not keep a run in the store yet (its bars are not journaled for a restart); use --replay or --no-store',
    );
  const warmupBars = options.warmupBars ?? paper.warmup_bars;
  const strategies =
    config.strategies === undefined
      ? [await loadStrategy(config.strategy!.name, { ...config.strategy!.params }, options.baseDir)]
      : await loadStrategies(config, options.baseDir);
  const summaryStrategy = config.strategies === undefined ? strategies[0]! : multiStrategySummary(strategies);
  const bars = await loadNodeBars(config, { from: options.replay ? from : undefined, to, warmupBars });
  const inferFrom = bars.replay.length > 0 ? bars.replay : bars.warmup;
  const instrument = inferInstrument(config as BacktestConfig, inferFrom, bars.timeframe);
  const log = new RunLog();
  const logger = options.logger === undefined ? log : teeLogger(log, options.logger);
  const clock = options.replay ? new SimulatedClock(0) : new RealTimeClock();
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
  // The journal (when the run is stored) subscribes before any bar: warm-up denials are part of the run.
  if (options.persistence !== undefined)
    stored = await openPaperRun({
      persistence: options.persistence,
      // Where the files go does not change what the run trades.
      identity: { config: { ...config, output: undefined }, mode, from, warmupBars: bars.warmup.length },
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
  const events = config.events === undefined ? [] : await loadExternalEvents(config.events.path, { from, to });
  node.engine.addExternalEvents(events);
  node.warmUp(bars.warmup);
  let resume: PaperResume | undefined;
  let replaySeries = bars.replay;
  if (stored !== undefined) {
    const verified = await catchUp(node, stored.journal, bars.replay, options.persistence!.store, stored.runId);
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
  }
  const speed = options.speed ?? speedFactor(paper.replay.speed);
  const client = options.replay
    ? new ReplayDataClient({
        series: replaySeries,
        symbol: config.instrument.symbol,
        sink: node,
        speed,
        timers: wallClockTimers,
      })
    : await liveClient(config, paper, node, instrument);
  const symbol = options.replay ? config.instrument.symbol : (paper.live.symbol ?? config.instrument.symbol);
  client.subscribeBars(symbol, bars.timeframe);
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

/**
 * The live bar stream: ccxt's WebSocket (polling as fallback) DataClient on the wall clock. The
 * venue is asked for its markets first, so an unreachable venue refuses before anything starts.
 */
async function liveClient(
  config: Readonly<BacktestConfig>,
  paper: PaperConfig,
  node: PaperNode,
  instrument: Instrument,
): Promise<DataClient> {
  // ccxt is loaded only for a live stream: a replay (and its restarts) starts without it.
  const { CcxtDataClient, createCcxtProExchange } = await import('../../adapters/venues/ccxt/index.ts');
  const exchangeId = paper.live.exchange ?? config.instrument.venue.toLowerCase();
  let exchange: ReturnType<typeof createCcxtProExchange>;
  try {
    exchange = createCcxtProExchange({ exchangeId, timeoutMs: paper.live.timeout_ms });
  } catch (error) {
    throw new ConfigError(`paper live mode: ${(error as Error).message} (set paper.live.exchange, or use --replay)`);
  }
  try {
    await exchange.loadMarkets();
  } catch (error) {
    await exchange.close?.();
    throw new VenueUnreachableError(
      `paper live mode: venue ${exchangeId} is unreachable (${(error as Error).message.split('\n')[0]}); nothing was traded; use --replay to paper-trade recorded bars`,
    );
  }
  // The venue's symbol (BTC/USDT) may differ from the configured instrument's: bars are relabelled.
  const sink: DataSink = {
    onBar: (bar) => node.onBar(bar.instrumentId === instrument.id ? bar : { ...bar, instrumentId: instrument.id }),
    onTradeTick: (trade) => node.onTradeTick(trade),
    onQuoteTick: (quote) => node.onQuoteTick(quote),
    onStatus: (event) => node.onStatus(event),
  };
  return new CcxtDataClient({ exchange, sink, timers: wallClockTimers, venue: instrument.venue });
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
