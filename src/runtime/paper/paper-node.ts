import type { DataSink, DataStatusEvent } from '../../core/data/data-client.ts';
import { dataStreamLabel } from '../../core/data/data-client.ts';
import { type BacktestResult, SimulatedVenueEngine, type StepClock } from '../../core/kernel/index.ts';
import type { Bar, BarSeries, QuoteTick, TradeTick } from '../../core/model/data.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { engineAllocation } from '../backtest/multi-strategy.ts';
import { engineConfigOf } from '../backtest/run-backtest.ts';
import type { LoadedStrategy } from '../backtest/strategy-loader.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { barAt } from './replay-data-client.ts';

/** Where the node's bars come from: recorded bars replayed, or a venue's live stream. */
export type PaperMode = 'replay' | 'live';

export interface PaperNodeOptions {
  readonly config: Readonly<BacktestConfig>;
  readonly instrument: Instrument;
  /** The strategies, each with its id (one for a `strategy:` config). */
  readonly strategies: readonly LoadedStrategy[];
  /** `strategies:` configs: the capital allocation between them, as the backtest builds it. */
  readonly multiStrategy: boolean;
  /** Replay: a SimulatedClock the bars move (the data's time is the node's). Live: a RealTimeClock. */
  readonly clock: StepClock;
  readonly logger: Logger;
  readonly mode: PaperMode;
  /** Wall time for the status line's bar age (Unix ms). */
  readonly wallNow: () => number;
  /**
   * Called after each bar's step, with the state it left (the seam a store hooks for its
   * per-step transaction: the kernel's events of the step have all been published by then).
   */
  readonly afterStep?: (bar: Bar, node: PaperNode) => void;
}

/** What the status line says. */
export interface PaperStatus {
  readonly mode: PaperMode;
  readonly equity: number;
  /** Instruments with a non-zero position, with their signed quantity. */
  readonly positions: Readonly<Record<string, number>>;
  readonly openOrders: number;
  readonly bars: number;
  /** Wall-clock ms since the last bar was processed (undefined before the first). */
  readonly lastBarAgeMs: number | undefined;
  /** Open time of the last bar processed, Unix ms (undefined before the first). */
  readonly lastBarTime: number | undefined;
}

/**
 * The paper-trading node: the backtest's engine (`SimulatedVenueEngine`: the same TradingKernel,
 * simulated venue and per-bar step) fed by a DataClient instead of a file. It is the DataClient's
 * sink: `onBar` is the one entrance of market data, so every state change happens inside a bar's
 * step or a clock timer, on the one thread, in event-time order. Stopping is asynchronous-safe: a
 * bar being stepped always completes (steps are synchronous), and bars arriving after `close`
 * are dropped and counted.
 */
export class PaperNode implements DataSink {
  readonly engine: SimulatedVenueEngine;
  private lastBarWall: number | undefined;
  private lastBarTime: number | undefined;
  private closed = false;
  /** Bars the data client delivered after the node closed (not traded). */
  droppedAfterClose = 0;

  constructor(private readonly options: PaperNodeOptions) {
    const { config, instrument, strategies, logger } = options;
    const allocation = options.multiStrategy ? engineAllocation(config, strategies) : undefined;
    this.engine = new SimulatedVenueEngine(engineConfigOf(config, instrument, allocation, logger), options.clock);
    this.engine.addInstrument(instrument);
    for (const strategy of strategies) this.engine.addStrategy(strategy.strategy, strategy.id);
  }

  /** Feeds the warm-up bars (before the start): indicators warm, no order is sent. */
  warmUp(series: BarSeries): void {
    for (let i = 0; i < series.length; i++) this.engine.warmUpBar(barAt(series, i));
    if (series.length > 0)
      this.options.logger.info('paper_warmed_up', {
        bars: series.length,
        last_bar: series.timestamp[series.length - 1],
      });
  }

  onBar(bar: Bar): void {
    if (this.closed) {
      this.droppedAfterClose++;
      return;
    }
    this.engine.processBar(bar);
    this.lastBarWall = this.options.wallNow();
    this.lastBarTime = bar.timestamp;
    this.options.afterStep?.(bar, this);
  }

  onTradeTick(_trade: TradeTick): void {}

  onQuoteTick(_quote: QuoteTick): void {}

  onStatus(event: DataStatusEvent): void {
    const { type, timestamp, ...fields } = event;
    const level = type === 'DataStale' || type === 'DataStreamDisconnected' ? 'warn' : 'info';
    this.options.logger[level]('data_status', { status: type, stream: dataStreamLabel(event), ...fields });
  }

  /** True once the node stopped taking bars (`suspend` or `close`). */
  get suspended(): boolean {
    return this.closed;
  }

  /** Stops taking bars at once, without finishing (a journal failure: the node must not trade on). */
  suspend(): void {
    this.closed = true;
  }

  status(): PaperStatus {
    const kernel = this.engine.kernel;
    const positions: Record<string, number> = {};
    for (const instrument of kernel.cache.instruments()) {
      const quantity = kernel.portfolio.position(instrument.id)?.quantity ?? 0;
      if (quantity !== 0) positions[instrument.id] = quantity;
    }
    return {
      mode: this.options.mode,
      equity: kernel.portfolio.equity(),
      positions,
      openOrders: kernel.cache.openOrders().length,
      bars: this.engine.barsDone,
      lastBarAgeMs: this.lastBarWall === undefined ? undefined : this.options.wallNow() - this.lastBarWall,
      lastBarTime: this.lastBarTime,
    };
  }

  /**
   * Stops taking bars, cancels every clock timer (no strategy or risk timer fires after the stop)
   * and returns the run's results as a backtest's (strategies' `onStop` runs).
   */
  close(): BacktestResult {
    this.closed = true;
    const clock = this.options.clock;
    for (const name of clock.timerNames()) clock.cancelTimer(name);
    return this.engine.finish();
  }
}

/** The status line: `paper status mode=replay equity=… positions=… open_orders=… bars=… last_bar_age=…s`. */
export function formatPaperStatus(status: PaperStatus): string {
  const positions = Object.entries(status.positions);
  const age = status.lastBarAgeMs === undefined ? 'none' : `${(status.lastBarAgeMs / 1000).toFixed(1)}s`;
  return (
    `paper status mode=${status.mode} equity=${status.equity.toFixed(2)} ` +
    `positions=${positions.length === 0 ? 'flat' : positions.map(([id, q]) => `${id}:${q}`).join(',')} ` +
    `open_orders=${status.openOrders} bars=${status.bars} last_bar_age=${age}` +
    (status.lastBarTime === undefined ? '' : ` last_bar=${new Date(status.lastBarTime).toISOString()}`)
  );
}
