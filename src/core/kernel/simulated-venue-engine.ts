import { currency } from '../model/currency.ts';
import type { Bar, BarSeries, QuoteSeries, TradeSeries } from '../model/data.ts';
import type { ExternalEvent } from '../model/events.ts';
import { accountId, type InstrumentId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { Timeframe } from '../model/time.ts';
import { Account } from '../portfolio/account.ts';
import { StrategyPnlLedger } from '../portfolio/strategy-pnl-ledger.ts';
import { DailyDrawdownKillSwitch } from '../risk/state/daily-drawdown-kill-switch.ts';
import { SimulatedExchange } from '../simulation/simulated-exchange.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { AllocationEngine } from './allocation-engine.ts';
import { allocationWiring } from './allocation-wiring.ts';
import type { BacktestEngineConfig, BacktestResult } from './backtest-config.ts';
import { barsOutOfOrder, createFeed, type Feed, FeedTable } from './bar-feed.ts';
import { processSlices, type SliceHost } from './bar-slices.ts';
import type { EquityRecorder } from './equity-recorder.ts';
import { ExternalEventQueue } from './external-event-queue.ts';
import { SeededRandom } from './random.ts';
import { RunRecord } from './run-record.ts';
import { StaleDataWatch } from './stale-data-watch.ts';
import type { StepClock } from './step-clock.ts';
import { TickPath } from './tick-path.ts';
import { barsTopic } from './topics.ts';
import { TradingKernel } from './trading-kernel.ts';

const isSeriesList = (series: BarSeries | readonly BarSeries[]): series is readonly BarSeries[] =>
  Array.isArray(series);

/**
 * A TradingKernel driven bar by bar against simulated venues: the one per-bar step shared by
 * backtests (`BacktestEngine`: a SimulatedClock the bars move) and the paper node (bars from a
 * live or replayed DataClient, `processBar`). For each bar, in this order: timers due by the
 * bar's open fire; the venue matches working orders against the bar; timers due by its close
 * fire; the clock moves to the close; the portfolio marks the close; the bar is published to the
 * strategies; equity is recorded. Strategies therefore never act on a bar before it is complete,
 * and their orders meet the market at the earliest on the next bar. Bars come in chunks
 * (`processBars`, columnar, any number of times in time order: flat memory over years of bars)
 * or one at a time (`processBar`); both run the same `step`.
 */
export class SimulatedVenueEngine<C extends StepClock = StepClock> {
  readonly kernel: TradingKernel;
  readonly clock: C;
  private readonly exchanges = new Map<string, SimulatedExchange>();
  private readonly feeds = new FeedTable((id, timeframe) => {
    const instrument = this.kernel.cache.instrument(id);
    const feed = createFeed({
      index: this.kernel.portfolio.indexOf(instrument.id),
      exchange: this.exchanges.get(instrument.venue)!,
      topic: this.kernel.bus.topic<Bar>(barsTopic(instrument.id, timeframe)),
      instrumentId: instrument.id,
      timeframe,
    });
    this.staleData?.watch(feed);
    return feed;
  });
  /** The step parts the tick step and the multi-instrument bar step share with `step`. */
  private readonly steps: SliceHost;
  /** The tick step (quotes, trades, bars built from them), on this engine's clock, portfolio and equity. */
  private readonly ticks: TickPath;
  private readonly random: SeededRandom;
  /** The run's result as it is produced (equity, fills, risk audit, strategy PnL). */
  private readonly record: RunRecord;
  /** The record's equity recorder, written at the end of every step. */
  private readonly recorder: EquityRecorder;
  private readonly externalEvents: ExternalEventQueue;
  private barsProcessed = 0;
  private barsWarmedUp = 0;
  private started = false;
  private readonly killSwitch: DailyDrawdownKillSwitch | undefined;
  private readonly staleData: StaleDataWatch | undefined;
  /** Open time of the last bar (or slice) processed, across all feeds. */
  private lastSliceOpen = Number.NEGATIVE_INFINITY;
  private readonly initialEquity: number;
  private readonly allocation: AllocationEngine | undefined;
  private readonly strategyIds = new Set<string>();

  constructor(
    private readonly config: BacktestEngineConfig,
    clock: C,
  ) {
    this.clock = clock;
    this.random = new SeededRandom(config.seed);
    this.killSwitch =
      config.risk?.dailyDrawdown === undefined ? undefined : new DailyDrawdownKillSwitch(config.risk.dailyDrawdown);
    const account = new Account(
      accountId('SIM-001'),
      config.accountType,
      currency(config.baseCurrency),
      config.leverage ?? 1,
    );
    const fees = config.exchange?.fees ?? {};
    const allocated = config.allocation && allocationWiring(config.allocation, config.seed, config.risk?.policy);
    this.kernel = new TradingKernel({
      clock: this.clock,
      account,
      logger: config.logger,
      fees: () => fees,
      riskPolicy: allocated?.policy ?? config.risk?.policy,
      errorRate: config.risk?.errorRate,
      spreadStress: config.risk?.spreadStress,
      exits: config.risk?.exits,
    });
    this.externalEvents = new ExternalEventQueue(this.clock, (event) => this.kernel.publishExternalEvent(event));
    if (config.risk?.staleData !== undefined)
      this.staleData = new StaleDataWatch(config.risk.staleData, this.clock, this.kernel);
    if (config.startingCash > 0) account.deposit(config.startingCash, config.baseCurrency, 0, 'starting cash');
    this.initialEquity = this.kernel.portfolio.equity();
    const strategyPnl = new StrategyPnlLedger(
      (id) => this.kernel.cache.instrument(id),
      (id) => this.kernel.portfolio.position(id)?.lastPrice ?? 0,
    );
    this.allocation = allocated?.attach(this.kernel, strategyPnl);
    this.record = new RunRecord({ kernel: this.kernel, strategyPnl, store: config.store });
    this.recorder = this.record.recorder;
    this.steps = {
      kernel: this.kernel,
      staleData: this.staleData,
      lastSliceOpen: () => this.lastSliceOpen,
      startAt: (time) => {
        if (!this.started) this.start(time);
      },
      now: () => this.clock.timestamp(),
      moveClockTo: (time) => this.moveClockTo(time),
      reserve: (count) => this.recorder.reserve(count),
      recordEquity: (time) => this.recordEquity(time),
      endChunk: (lastTime) => {
        // A bar processed later must open after the chunk's last bar or tick: its open-time matching would otherwise look back.
        this.lastSliceOpen = Math.max(this.lastSliceOpen, lastTime);
        this.record.release(false);
      },
      barFeed: (id, timeframe) => this.feeds.get(id, timeframe),
      countBars: (count) => {
        this.barsProcessed += count;
      },
    };
    this.ticks = new TickPath(this.steps, (id) => {
      const instrument = this.kernel.cache.instrument(id);
      return { index: this.kernel.portfolio.indexOf(instrument.id), exchange: this.exchanges.get(instrument.venue)! };
    });
  }

  addInstrument(instrument: Instrument): void {
    this.kernel.addInstrument(instrument);
    let exchange = this.exchanges.get(instrument.venue);
    if (exchange === undefined) {
      exchange = new SimulatedExchange(
        { ...this.config.exchange, venue: instrument.venue },
        this.kernel.portfolio,
        () => this.clock.timestamp(),
        this.random,
      );
      this.exchanges.set(instrument.venue, exchange);
      this.kernel.addExecutionClient(exchange);
    }
    exchange.addInstrument(instrument);
  }

  addStrategy(strategy: Strategy, id: string): void {
    this.kernel.addStrategy(strategy, id);
    this.strategyIds.add(id);
  }

  /**
   * Recorded external events (listings, sentiment, signals), released to the strategies when the
   * clock reaches each one's timestamp: after the bars that closed by then, before the bars that
   * close later, so no strategy sees an event early. Events before the first bar arrive at its open.
   * Any number of calls; each batch may be in any order, but once bars have run none may be older
   * than the clock.
   */
  addExternalEvents(events: readonly ExternalEvent[]): void {
    this.externalEvents.add(events, this.started);
  }

  /**
   * Feeds one chunk of bars: of one instrument, or of several instruments of one timeframe
   * (an array), merged by open time. Chunks must come in time order. With several instruments,
   * each time slice runs as one step: timers due by the open fire; each venue matches each
   * instrument's bar (in the order of the array); timers due by the close fire; every instrument
   * is marked; the bars are published; equity is recorded once. An instrument without a bar at a
   * slice keeps its last mark. Give each call the same period for every instrument: a later call
   * may not bring bars older than the last slice.
   */
  processBars(series: BarSeries | readonly BarSeries[]): void {
    if (isSeriesList(series)) {
      if (series.length === 1) this.processBars(series[0]!);
      else if (series.length > 1) processSlices(this.steps, series);
      return;
    }
    const feed = this.feeds.get(series.instrumentId, series.timeframe);
    if (!this.started) this.start(series.length > 0 ? series.timestamp[0] : 0);
    const { timestamp } = series;
    const n = series.length;
    const bar = feed.view;
    const duration = feed.durationMs;
    this.recorder.reserve(n);
    let last = Math.max(feed.lastTimestamp, this.lastSliceOpen);
    let previousOpen = feed.lastTimestamp;
    const staleAfterMs = feed.staleAfterMs;
    for (let i = 0; i < n; i++) {
      const openTime = timestamp[i];
      if (!(openTime > last)) barsOutOfOrder(series.instrumentId, openTime, last, i);
      last = openTime;
      if (openTime - previousOpen > staleAfterMs) this.staleData!.scheduleCheck(feed, previousOpen);
      previousOpen = openTime;
      bar.setRow(series, i);
      this.step(feed, openTime, openTime + duration);
    }
    feed.lastTimestamp = last;
    this.steps.countBars(n);
    this.steps.endChunk(last);
  }

  /**
   * Feeds top-of-book quotes of one instrument, in non-decreasing time, none older than the
   * engine's time. Each quote is one step: timers due by its time fire; the venue matches it (buys
   * at the ask, sells at the bid, within the displayed sizes); the instrument is marked at the mid;
   * the quote is published to the strategies that `subscribeQuotes`; equity is recorded. An order
   * sent on a quote meets the market at the earliest on the first quote stamped after its arrival.
   */
  processQuotes(series: QuoteSeries): void {
    this.ticks.processQuotes(series);
  }

  /**
   * Feeds trade prints of one instrument, as `processQuotes` does quotes: both sides meet each
   * print's price within its size, the instrument is marked at it, strategies that
   * `subscribeTrades` receive it.
   */
  processTrades(series: TradeSeries): void {
    this.ticks.processTrades(series);
  }

  /**
   * Builds `timeframe` bars of an instrument from its quotes (their mids, volume 0) or trades
   * (prices and sizes) inside the engine, so that bar strategies trade on tick data while the
   * venue matches their orders on the ticks. A bar is published on the usual bars topic when the
   * first tick at or after its close arrives, before that tick is matched: the clock moves to the
   * bar's close, the strategies receive it, and an order they send meets the first tick stamped
   * after its arrival. The bar is never matched itself (its ticks were). A bucket without ticks
   * gives no bar; the first bar is partial when the ticks start inside it; the last, still open
   * when the data ends, is not published. Call before the instrument's first tick of that kind.
   */
  aggregateBars(options: {
    readonly instrumentId: InstrumentId;
    readonly timeframe: Timeframe;
    readonly source: 'quotes' | 'trades';
  }): void {
    this.ticks.aggregateBars(options);
  }

  /**
   * One closed bar from a stream (the paper node's DataClient): the same step as a chunk's bars.
   * Bars of an instrument must come in strictly increasing open time; the bar is copied.
   */
  processBar(input: Bar): void {
    const feed = this.feeds.get(input.instrumentId, input.timeframe);
    if (!this.started) this.start(input.timestamp);
    const openTime = input.timestamp;
    const last = Math.max(feed.lastTimestamp, this.lastSliceOpen);
    if (!(openTime > last)) barsOutOfOrder(input.instrumentId, openTime, last, 0);
    if (openTime - feed.lastTimestamp > feed.staleAfterMs) this.staleData!.scheduleCheck(feed, feed.lastTimestamp);
    feed.view.copyFrom(input);
    this.recorder.reserve(1);
    this.step(feed, openTime, openTime + feed.durationMs);
    feed.lastTimestamp = openTime;
    this.lastSliceOpen = openTime;
    this.barsProcessed++;
  }

  /**
   * A bar from before the start, to warm the strategies' indicators: the clock moves to its close
   * (timers fire), the portfolio marks it and the strategies receive it, but no venue matches it,
   * no equity is recorded and every order submitted meanwhile is denied (`WARMING_UP`). Call
   * before the first `processBar`, in time order.
   */
  warmUpBar(input: Bar): void {
    const feed = this.feeds.get(input.instrumentId, input.timeframe);
    if (!this.started) this.start(input.timestamp);
    const openTime = input.timestamp;
    if (!(openTime > feed.lastTimestamp)) barsOutOfOrder(input.instrumentId, openTime, feed.lastTimestamp, 0);
    feed.view.copyFrom(input);
    const closeTime = openTime + feed.durationMs;
    this.kernel.warmingUp = true;
    try {
      this.moveClockTo(closeTime);
      this.kernel.portfolio.mark(feed.index, feed.view.close);
      feed.topic.publish(feed.view);
    } finally {
      this.kernel.warmingUp = false;
    }
    feed.lastTimestamp = openTime;
    this.lastSliceOpen = openTime;
    this.barsWarmedUp++;
  }

  /**
   * The per-bar step, on the bar already in `feed.view`: timers due by the open, the venue's
   * matching, timers due by the close, the mark, the publication, the equity point.
   */
  private step(feed: Feed, openTime: number, closeTime: number): void {
    this.moveClockTo(openTime);
    if (!feed.exchange.idle) feed.exchange.processBar(feed.view, closeTime);
    this.moveClockTo(closeTime);
    this.kernel.portfolio.mark(feed.index, feed.view.close);
    if (feed.staleCheck) this.staleData!.resumed(feed, closeTime);
    feed.topic.publish(feed.view);
    this.recordEquity(closeTime);
  }

  /** Fires the timers due by `time`, or only moves the clock there when none is. */
  private moveClockTo(time: number): void {
    const clock = this.clock;
    if (clock.nextDue <= time) clock.advanceTo(time);
    else clock.set(time);
  }

  /** The end of every step (bar or tick): the equity point (with the time in the market) and the kill switch's mark. */
  private recordEquity(time: number): void {
    const portfolio = this.kernel.portfolio;
    const k = this.recorder.record(time, portfolio.equity(), portfolio.hasOpenPositions);
    if (this.killSwitch !== undefined) this.watchDrawdown(this.killSwitch, this.recorder.equity[k]!, time);
  }

  /** Feeds one equity mark to the kill switch; a breach halts, cancels and flattens (see TradingKernel). */
  private watchDrawdown(killSwitch: DailyDrawdownKillSwitch, equity: number, time: number): void {
    const breach = killSwitch.onEquity(equity, time);
    if (breach !== undefined) this.kernel.applyDailyDrawdownBreach(breach);
  }

  /** Bars run through the step so far (warm-up bars not counted). */
  get barsDone(): number {
    return this.barsProcessed;
  }

  /** Quotes and trades run through the tick step so far. */
  get ticksDone(): number {
    return this.ticks.ticksDone;
  }

  /** Bars given to `warmUpBar`. */
  get barsWarmed(): number {
    return this.barsWarmedUp;
  }

  /** Stops the strategies and returns the run's results. */
  finish(): BacktestResult {
    this.kernel.stop();
    this.record.release(true);
    return this.record.result({
      initialEquity: this.initialEquity,
      barsProcessed: this.barsProcessed,
      ticksProcessed: this.ticks.ticksDone,
      allocation: this.allocation?.history(),
    });
  }

  private start(firstOpen: number): void {
    this.started = true;
    this.clock.set(firstOpen);
    this.kernel.start();
    this.allocation?.start((id) => this.strategyIds.has(id));
    // Re-armed at the clock's new time: events recorded before the first bar are due at its open.
    this.externalEvents.rearm();
  }
}
