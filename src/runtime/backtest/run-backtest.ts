import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { type LoadedBars, loadBars, readDataFileBytes } from '../../adapters/data/index.ts';
import { computePerformance, type PerformanceMetrics } from '../../core/analysis/index.ts';
import {
  type AllocationConfig,
  BacktestEngine,
  type BacktestEngineConfig,
  type BacktestResult,
} from '../../core/kernel/index.ts';
import { allocateBarSeries, type BarSeries, sliceBarSeries, sliceSeries } from '../../core/model/data.ts';
import type { ExternalEvent } from '../../core/model/events.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { catalogDir } from '../config/catalog-dir.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { parseInstant } from '../config/parse-instant.ts';
import { backtestRiskConfig } from '../config/risk-config.ts';
import { barFileOptions } from '../data/bar-file-options.ts';
import { loadExternalEvents } from '../data/load-external-events.ts';
import { defaultBarsPerYear } from '../ml/regime.ts';
import { analyseRegimes, type RegimeAnalysis } from '../ml/regime-analysis.ts';
import { inferInstrument, type PricedSeries } from './infer-instrument.ts';
import { engineAllocation, loadStrategies, multiStrategySummary } from './multi-strategy.ts';
import { RunLog } from './run-log.ts';
import { type LoadedStrategy, loadStrategy } from './strategy-loader.ts';
import { readTickFile, type TickData } from './tick-source.ts';

/** Bars (or ticks) fed to the engine per call: progress granularity, and the streaming unit. */
const CHUNK = 50_000;

/** Bars read from the catalog: the range of the run, and the catalog folder they came from. */
export interface CatalogBars {
  readonly series: BarSeries;
  readonly timeframe: string;
  readonly catalog: string;
}

export interface BacktestRun {
  readonly config: Readonly<BacktestConfig>;
  readonly instrument: Instrument;
  /** The bars run (from a file or the catalog), or the ticks and the bars built from them. */
  readonly data: LoadedBars | CatalogBars | TickData;
  /** The run's strategy; for a `strategies:` run, a summary of them all (see `multiStrategySummary`). */
  readonly strategy: LoadedStrategy;
  /** Every strategy of a `strategies:` run, with its id, in list order (absent for a `strategy:` run). */
  readonly strategies?: readonly LoadedStrategy[];
  readonly result: BacktestResult;
  readonly metrics: PerformanceMetrics;
  /** The market regimes of the run's bars, when `report.regimes` asks for them. */
  readonly regimes?: RegimeAnalysis;
  /** The strategies' and the kernel's log lines (empty when the caller passed its own logger). */
  readonly log: RunLog;
  /** The recorded external events of the period (`events.path`), as the strategies received them. */
  readonly events: readonly ExternalEvent[];
}

export interface RunBacktestOptions {
  readonly baseDir: string;
  /** Where the log lines go; default the run's own `RunLog` (the run directory's log.jsonl). */
  readonly logger?: Logger;
  /** Called after each chunk with bars done and total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The engine of the run, built on first use from a sample of the data (the instrument is inferred from it). */
type EngineFor = (sample: PricedSeries, timeframe: string) => BacktestEngine;

/**
 * Where a run's data comes from: it feeds the engine in chunks of at most CHUNK bars or ticks as
 * they are read, reports progress, and returns the data (the report charts its bars).
 */
type DataSource = (
  engineFor: EngineFor,
  onProgress: RunBacktestOptions['onProgress'],
) => Promise<LoadedBars | CatalogBars | TickData>;

/**
 * A file's data, read once: its ticks when it holds quotes or trades, else its bars, loaded here
 * (before the run, so the file's bytes are not kept during it) and fed in chunks.
 */
async function fileSource(
  config: Readonly<BacktestConfig>,
  path: string,
  from?: number,
  to?: number,
): Promise<DataSource> {
  const bytes = await readDataFileBytes(path);
  const ticks = await readTickFile(config, { from, to }, bytes);
  if (ticks !== undefined) return tickSource(ticks);
  const data = await loadBars({ ...barFileOptions(config, { from, to }), path, bytes });
  return async (engineFor, onProgress) => {
    const series = data.series;
    for (let start = 0; start < series.length; start += CHUNK) {
      const end = Math.min(series.length, start + CHUNK);
      const chunk = sliceBarSeries(series, start, end);
      engineFor(chunk, data.timeframe).processBars(chunk);
      onProgress?.(end, series.length);
    }
    return data;
  };
}

/**
 * A quote or trade file's ticks, in chunks: the venue matches on the ticks, the strategies get the
 * bars the engine builds from them (`aggregateBars`).
 */
function tickSource(data: TickData): DataSource {
  return async (engineFor, onProgress) => {
    const engine = engineFor(data.ticks, data.timeframe);
    engine.aggregateBars({ instrumentId: data.ticks.instrumentId, timeframe: data.timeframe, source: data.kind });
    const total = data.ticks.length;
    for (let start = 0; start < total; start += CHUNK) {
      const end = Math.min(total, start + CHUNK);
      const chunk = sliceSeries(data.ticks, start, end);
      if ('bid' in chunk) engine.processQuotes(chunk);
      else engine.processTrades(chunk);
      onProgress?.(end, total);
    }
    return data;
  };
}

/**
 * Streams the catalog's bars of the configured instrument and timeframe in [from, to) in chunks,
 * each fed to the engine as soon as it is read. The run keeps one copy of the range (the report
 * charts it), filled chunk by chunk; DuckDB holds one month partition at a time.
 */
function catalogSource(config: Readonly<BacktestConfig>, catalog: string, from?: number, to?: number): DataSource {
  return async (engineFor, onProgress) => {
    const dir = catalogDir(catalog === 'default' ? undefined : catalog);
    const timeframe = config.data.timeframe as string;
    const id = instrumentId(config.instrument.symbol, config.instrument.venue);
    const store = await ParquetCatalog.open(dir);
    try {
      const query = { instrumentId: id, timeframe, from, to };
      const total = await store.countBars(query);
      if (total === 0)
        throw new ConfigError(
          `the catalog ${dir} holds no ${timeframe} bars of ${id}${from === undefined && to === undefined ? '' : ` in [${config.period.from ?? '…'}, ${config.period.to ?? '…'})`}; 'tradewind data list --catalog ${dir}' shows what it holds`,
        );
      const series = allocateBarSeries(id, timeframe, total);
      let length = 0;
      for await (const chunk of store.streamBars(query, CHUNK)) {
        if (length + chunk.length > total) throw new Error(`catalog ${dir}: bars were added during the backtest`);
        for (const column of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const)
          series[column].set(chunk[column].subarray(0, chunk.length), length);
        length += chunk.length;
        const bars = sliceBarSeries(series, length - chunk.length, length);
        engineFor(bars, timeframe).processBars(bars);
        onProgress?.(length, total);
      }
      return { series: sliceBarSeries(series, 0, length), timeframe, catalog: dir };
    } finally {
      store.close();
    }
  };
}

/**
 * Loads the strategy (or the `strategies:`, which then share the account under the capital
 * allocator), then runs the engine over the bars (from the file, or streamed from the catalog when
 * `data.catalog` is set) chunk by chunk, and computes the metrics.
 */
export async function runBacktest(config: Readonly<BacktestConfig>, options: RunBacktestOptions): Promise<BacktestRun> {
  const from = parseInstant('period.from', config.period.from);
  const to = parseInstant('period.to', config.period.to);
  if (from !== undefined && to !== undefined && !(from < to))
    throw new ConfigError(`period: from (${config.period.from}) must be before to (${config.period.to})`);
  const source =
    config.data.catalog !== undefined
      ? catalogSource(config, config.data.catalog, from, to)
      : await fileSource(config, config.data.path as string, from, to);
  const strategies = config.strategies === undefined ? undefined : await loadStrategies(config, options.baseDir);
  const single = config.strategy;
  const strategy =
    strategies !== undefined
      ? multiStrategySummary(strategies)
      : await loadStrategy(single!.name, { ...single!.params }, options.baseDir);
  const events = config.events === undefined ? [] : await loadExternalEvents(config.events.path, { from, to });
  const log = new RunLog();
  const logger = options.logger ?? log;
  const build = (instrument: Instrument): BacktestEngine => {
    const engine =
      strategies === undefined
        ? createEngine(config, instrument, strategy, logger)
        : createMultiStrategyEngine(config, instrument, strategies, logger);
    engine.addExternalEvents(events);
    return engine;
  };
  let engine: BacktestEngine | undefined;
  let instrument: Instrument | undefined;
  const engineFor: EngineFor = (sample, timeframe) => {
    if (engine === undefined) {
      instrument = inferInstrument(config as BacktestConfig, sample, timeframe);
      engine = build(instrument);
    }
    return engine;
  };
  const data = await source(engineFor, options.onProgress);
  if (engine === undefined || instrument === undefined) {
    instrument = inferInstrument(config as BacktestConfig, data.series, data.timeframe);
    engine = build(instrument);
  }
  const result = engine.finish();
  const metrics = backtestMetrics(result, instrument);
  const regimes =
    config.report.regimes === undefined
      ? undefined
      : analyseRegimes(data.series, {
          states: config.report.regimes.states,
          restarts: config.report.regimes.restarts,
          seed: config.report.regimes.seed,
          barsPerYear: defaultBarsPerYear(data.series),
        });
  return {
    config,
    instrument,
    data,
    strategy,
    ...(strategies === undefined ? {} : { strategies }),
    result,
    metrics,
    regimes,
    log,
    events,
  };
}

/** The performance metrics of a finished run (daily returns: 252 days a year for equities, 365 otherwise). */
export function backtestMetrics(result: BacktestResult, instrument: Instrument): PerformanceMetrics {
  return computePerformance({
    timestamps: result.equity.timestamps,
    equity: result.equity.equity,
    length: result.equity.length,
    initialEquity: result.initialEquity,
    periodsPerYear: instrument.kind === 'equity' ? 252 : 365,
    roundTrips: result.roundTrips,
    feesPaid: result.feesPaid,
    tradedNotional: result.tradedNotional,
    stepsInMarket: result.stepsInMarket,
  });
}

/** A fresh engine for one run of `config`: the account, the simulated exchange, the risk rails, the strategy. */
export function createEngine(
  config: Readonly<BacktestConfig>,
  instrument: Instrument,
  strategy: LoadedStrategy,
  logger: Logger | undefined,
): BacktestEngine {
  return engineWith(config, instrument, [strategy], undefined, logger);
}

/**
 * A fresh engine for a `strategies:` run: every strategy on the one account under its capital
 * allocator (`allocation`, fixed weights when absent), each an agent of the risk policy.
 */
export function createMultiStrategyEngine(
  config: Readonly<BacktestConfig>,
  instrument: Instrument,
  strategies: readonly LoadedStrategy[],
  logger: Logger | undefined,
): BacktestEngine {
  return engineWith(config, instrument, strategies, engineAllocation(config, strategies), logger);
}

function engineWith(
  config: Readonly<BacktestConfig>,
  instrument: Instrument,
  strategies: readonly LoadedStrategy[],
  allocation: AllocationConfig | undefined,
  logger: Logger | undefined,
): BacktestEngine {
  const engine = new BacktestEngine(engineConfigOf(config, instrument, allocation, logger));
  engine.addInstrument(instrument);
  for (const strategy of strategies) engine.addStrategy(strategy.strategy, strategy.id);
  return engine;
}

/**
 * The engine settings of a run of `config` on `instrument`: account, simulated venue, risk rails,
 * allocation. The paper node builds its engine from the same settings, so both trade alike.
 */
export function engineConfigOf(
  config: Readonly<BacktestConfig>,
  instrument: Instrument,
  allocation: AllocationConfig | undefined,
  logger: Logger | undefined,
): BacktestEngineConfig {
  const execution = config.execution;
  return {
    startingCash: config.account.starting_cash,
    baseCurrency: instrument.quoteCurrency.code,
    accountType: config.account.type ?? (instrument.kind === 'perpetual' ? 'margin' : 'cash'),
    leverage: config.account.leverage,
    seed: config.seed,
    logger,
    exchange: {
      fees: {
        fixedPerOrder: execution.fixed_fee_per_order,
        minimumPerOrder: execution.min_fee_per_order > 0 ? execution.min_fee_per_order : undefined,
      },
      slippage: { halfSpreadBps: execution.slippage_bps, impactBps: execution.impact_bps },
      latency: { fixedMs: execution.latency_ms, jitterMs: execution.latency_jitter_ms },
      maxVolumeParticipation: execution.max_volume_participation,
    },
    risk: backtestRiskConfig(config.risk),
    ...(allocation === undefined ? {} : { allocation }),
  };
}
