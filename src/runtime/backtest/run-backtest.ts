import { type LoadedBars, loadBars } from '../../adapters/data/index.ts';
import { computePerformance, type PerformanceMetrics } from '../../core/analysis/index.ts';
import { BacktestEngine, type BacktestResult } from '../../core/kernel/index.ts';
import { sliceBarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { parseInstant } from '../config/parse-instant.ts';
import { inferInstrument } from './infer-instrument.ts';
import { type LoadedStrategy, loadStrategy } from './strategy-loader.ts';

/** Bars fed to the engine per call: progress granularity, and the streaming unit. */
const CHUNK = 50_000;

export interface BacktestRun {
  readonly config: Readonly<BacktestConfig>;
  readonly instrument: Instrument;
  readonly data: LoadedBars;
  readonly strategy: LoadedStrategy;
  readonly result: BacktestResult;
  readonly metrics: PerformanceMetrics;
}

export interface RunBacktestOptions {
  readonly baseDir: string;
  readonly logger?: Logger;
  /** Called after each chunk with bars done and total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Loads the data and the strategy, runs the engine over the bars, and computes the metrics. */
export async function runBacktest(config: Readonly<BacktestConfig>, options: RunBacktestOptions): Promise<BacktestRun> {
  const from = parseInstant('period.from', config.period.from);
  const to = parseInstant('period.to', config.period.to);
  if (from !== undefined && to !== undefined && !(from < to))
    throw new ConfigError(`period: from (${config.period.from}) must be before to (${config.period.to})`);
  const id = instrumentId(config.instrument.symbol, config.instrument.venue);
  const data = await loadBars({
    path: config.data.path,
    instrumentId: id,
    format: config.data.format === 'auto' ? undefined : config.data.format,
    timeframe: config.data.timeframe,
    columns: config.data.columns,
    timestampFormat: config.data.timestamp_format,
    adjust: config.data.adjust,
    priceIncrement: config.instrument.price_increment,
    volumeUnit: config.data.volume_unit,
    from,
    to,
  });
  const instrument = inferInstrument(config as BacktestConfig, data.series, data.timeframe);
  const strategy = await loadStrategy(config.strategy.name, { ...config.strategy.params }, options.baseDir);
  const execution = config.execution;
  const engine = new BacktestEngine({
    startingCash: config.account.starting_cash,
    baseCurrency: instrument.quoteCurrency.code,
    accountType: config.account.type ?? (instrument.kind === 'perpetual' ? 'margin' : 'cash'),
    leverage: config.account.leverage,
    seed: config.seed,
    logger: options.logger,
    exchange: {
      fees: {
        fixedPerOrder: execution.fixed_fee_per_order,
        minimumPerOrder: execution.min_fee_per_order > 0 ? execution.min_fee_per_order : undefined,
      },
      slippage: { halfSpreadBps: execution.slippage_bps, impactBps: execution.impact_bps },
      latency: { fixedMs: execution.latency_ms, jitterMs: execution.latency_jitter_ms },
      maxVolumeParticipation: execution.max_volume_participation,
    },
  });
  engine.addInstrument(instrument);
  engine.addStrategy(strategy.strategy, strategy.id);
  const series = data.series;
  for (let start = 0; start < series.length; start += CHUNK) {
    const end = Math.min(series.length, start + CHUNK);
    engine.processBars(sliceBarSeries(series, start, end));
    options.onProgress?.(end, series.length);
  }
  const result = engine.finish();
  const metrics = computePerformance({
    timestamps: result.equity.timestamps,
    equity: result.equity.equity,
    length: result.equity.length,
    initialEquity: result.initialEquity,
    periodsPerYear: instrument.kind === 'equity' ? 252 : 365,
    roundTrips: result.roundTrips,
    feesPaid: result.feesPaid,
    tradedNotional: result.tradedNotional,
    barsInMarket: result.barsInMarket,
  });
  return { config, instrument, data, strategy, result, metrics };
}
