import type { Topic } from '../bus/message-bus.ts';
import { SimulatedClock } from '../clock/simulated-clock.ts';
import { currency } from '../model/currency.ts';
import type { Bar, BarSeries } from '../model/data.ts';
import type { ExternalEvent, OrderEvent, OrderFilled } from '../model/events.ts';
import { accountId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { Order } from '../model/order.ts';
import { type Timeframe, timeframeMillis } from '../model/time.ts';
import { Account, type AccountType } from '../portfolio/account.ts';
import type { RoundTrip } from '../portfolio/position.ts';
import { type StrategyPnl, StrategyPnlLedger } from '../portfolio/strategy-pnl-ledger.ts';
import type { ExitRules } from '../risk/exits/index.ts';
import { RISK_EVENTS_TOPIC, type RiskEvent } from '../risk/risk-events.ts';
import type { RiskPolicy } from '../risk/risk-policy.ts';
import {
  DailyDrawdownKillSwitch,
  type DailyDrawdownKillSwitchOptions,
} from '../risk/state/daily-drawdown-kill-switch.ts';
import type { ErrorRateBreakerOptions } from '../risk/state/error-rate-breaker.ts';
import { StaleDataBreaker, type StaleDataBreakerOptions } from '../risk/state/stale-data-breaker.ts';
import { SimulatedExchange, type SimulatedExchangeConfig } from '../simulation/simulated-exchange.ts';
import type { Logger } from '../strategy/logger.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { BacktestResultStore } from './backtest-result-store.ts';
import { EquityRecorder } from './equity-recorder.ts';
import { SeededRandom } from './random.ts';
import { barsTopic, TradingKernel } from './trading-kernel.ts';

export interface BacktestEngineConfig {
  readonly startingCash: number;
  /** Currency the account holds and reports equity in; instruments must be quoted in it. */
  readonly baseCurrency: string;
  readonly accountType: AccountType;
  readonly leverage?: number;
  readonly seed: number;
  /** Venue simulation settings, applied to every venue. */
  readonly exchange?: Omit<SimulatedExchangeConfig, 'venue'>;
  readonly logger?: Logger;
  /**
   * Stream results here instead of keeping them (equity per chunk, fills as booked, orders and
   * round trips once closed): memory stays flat however long the run. `finish()` then returns the
   * totals with empty lists.
   */
  readonly store?: BacktestResultStore;
  /** The risk rails: every one is off when absent (a bare engine checks only what the venue would). */
  readonly risk?: BacktestRiskConfig;
}

const EXTERNAL_EVENTS_TIMER = 'ENGINE:external-events';

/** The portfolio-level rails of a backtest. */
export interface BacktestRiskConfig {
  /** Limits, hard bounds and agents' allocations for the pre-trade checks (default: none beyond the venue's rules). */
  readonly policy?: RiskPolicy;
  /**
   * Watches the equity marks and, past its limit (default 5% from the day's high-water mark),
   * cancels every working order, flattens every position and HALTs trading for its cooldown
   * (default 60 minutes).
   */
  readonly dailyDrawdown?: DailyDrawdownKillSwitchOptions;
  /**
   * A gap in an instrument's bars longer than `staleAfterIntervals` (default 2) intervals halts
   * (or reduces) trading from the check that sees it until the next bar arrives. Checked once per
   * interval, as a live node's timer does: a 1m stream with 2 intervals trips at its third silent minute.
   */
  readonly staleData?: StaleDataBreakerOptions;
  /** Venue rejections per window that move trading to REDUCING (default: 5 a minute). */
  readonly errorRate?: Omit<ErrorRateBreakerOptions, 'name'>;
  /** Stop-loss, take-profit, trailing and time stops attached to every position when it opens. */
  readonly exits?: ExitRules;
}

/** Everything a finished backtest produced, for metrics and reports (lists empty when streamed to a store). */
export interface BacktestResult {
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly equity: { readonly timestamps: Float64Array; readonly equity: Float64Array; readonly length: number };
  readonly roundTrips: readonly RoundTrip[];
  readonly orders: readonly Order[];
  readonly fills: readonly OrderFilled[];
  readonly barsProcessed: number;
  readonly barsInMarket: number;
  readonly feesPaid: number;
  readonly tradedNotional: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  /** The risk audit in time order: denials, kill switches, breaker trips and resets, state and limit changes. */
  readonly riskEvents: readonly RiskEvent[];
  /** Each strategy's own PnL (its fills at its own average cost), summing to the account's equity change. */
  readonly strategyPnl: readonly StrategyPnl[];
}

const isSeriesList = (series: BarSeries | readonly BarSeries[]): series is readonly BarSeries[] =>
  Array.isArray(series);

/** A Bar whose fields the engine overwrites for each row: one object for the whole run. */
class BarView implements Bar {
  constructor(
    public instrumentId: Bar['instrumentId'],
    public timeframe: Timeframe,
  ) {}
  timestamp = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
}

interface Feed {
  readonly index: number;
  readonly exchange: SimulatedExchange;
  readonly topic: Topic<Bar>;
  readonly view: BarView;
  readonly durationMs: number;
  lastTimestamp: number;
  /** Name of the feed's stream for the stale-data breaker. */
  readonly stream: string;
  /** Silence after a bar's close at which the stale-data check fires (ms; Infinity when not watched). */
  readonly staleAfterMs: number;
  /** A stale-data check was scheduled in the gap before the next bar: that bar must report back. */
  staleCheck: boolean;
}

/**
 * Drives a TradingKernel through historical bars with a simulated clock and simulated venues.
 * Data arrives in chunks (`processBars`), any number of times, in time order, so a run over
 * years of 1-minute bars streams with flat memory. For each bar, in this order: timers due by the
 * bar's open fire; the venue matches working orders against the bar; timers due by its close
 * fire; the clock moves to the close; the portfolio marks the close; the bar is published to the
 * strategies; equity is recorded. Strategies therefore never act on a bar before it is complete,
 * and their orders meet the market at the earliest on the next bar.
 */
export class BacktestEngine {
  readonly kernel: TradingKernel;
  readonly clock = new SimulatedClock(0);
  private readonly exchanges = new Map<string, SimulatedExchange>();
  private readonly feeds = new Map<string, Feed>();
  private readonly random: SeededRandom;
  private readonly recorder = new EquityRecorder();
  private readonly fills: OrderFilled[] = [];
  private readonly riskEvents: RiskEvent[] = [];
  private readonly strategyPnl: StrategyPnlLedger;
  /** External events not yet released, in time order, from `eventCursor` on. */
  private readonly pendingEvents: ExternalEvent[] = [];
  private eventCursor = 0;
  private barsProcessed = 0;
  private barsInMarket = 0;
  private started = false;
  private readonly killSwitch: DailyDrawdownKillSwitch | undefined;
  private staleData: StaleDataBreaker | undefined;
  /** Open time of the last bar (or slice) processed, across all feeds. */
  private lastSliceOpen = Number.NEGATIVE_INFINITY;
  private readonly initialEquity: number;

  constructor(private readonly config: BacktestEngineConfig) {
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
    this.kernel = new TradingKernel({
      clock: this.clock,
      account,
      logger: config.logger,
      fees: () => fees,
      riskPolicy: config.risk?.policy,
      errorRate: config.risk?.errorRate,
      exits: config.risk?.exits,
    });
    if (config.risk?.staleData !== undefined) this.staleData = new StaleDataBreaker(config.risk.staleData);
    if (config.startingCash > 0) account.deposit(config.startingCash, config.baseCurrency, 0, 'starting cash');
    this.initialEquity = this.kernel.portfolio.equity();
    this.strategyPnl = new StrategyPnlLedger(
      (id) => this.kernel.cache.instrument(id),
      (id) => this.kernel.portfolio.position(id)?.lastPrice ?? 0,
    );
    const store = config.store;
    this.kernel.bus.subscribe<RiskEvent>(RISK_EVENTS_TOPIC, (event) => this.riskEvents.push(event));
    this.kernel.bus.subscribe<OrderEvent>('events.order.*', (event) => {
      if (event.type === 'OrderDenied') this.riskEvents.push(event);
      if (event.type !== 'OrderFilled') return;
      this.strategyPnl.onFill(event);
      if (store === undefined) this.fills.push(event);
      else store.appendFill(event);
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
  }

  /**
   * Recorded external events (listings, sentiment, signals), released to the strategies when the
   * clock reaches each one's timestamp: after the bars that closed by then, before the bars that
   * close later, so no strategy sees an event early. Events before the first bar arrive at its open.
   * Any number of calls; each batch may be in any order, but once bars have run none may be older
   * than the clock.
   */
  addExternalEvents(events: readonly ExternalEvent[]): void {
    const now = this.clock.timestamp();
    for (const event of events) {
      if (this.started && !(event.timestamp >= now))
        throw new Error(
          `external event ${event.kind} from ${event.source} at ${event.timestamp} is older than the clock (${now})`,
        );
    }
    const pending = this.pendingEvents;
    pending.push(...events);
    // Stable: events of one instant keep the order they were given in.
    pending.sort((a, b) => a.timestamp - b.timestamp);
    this.armExternalEvents();
  }

  /** One clock alert at the next pending event's time; it publishes every event of that instant. */
  private armExternalEvents(): void {
    const next = this.pendingEvents[this.eventCursor];
    this.clock.cancelTimer(EXTERNAL_EVENTS_TIMER);
    if (next === undefined) return;
    this.clock.setTimeAlert({
      name: EXTERNAL_EVENTS_TIMER,
      time: next.timestamp,
      handler: (tick) => {
        const pending = this.pendingEvents;
        while (this.eventCursor < pending.length && pending[this.eventCursor]!.timestamp <= tick.timestamp)
          this.kernel.publishExternalEvent(pending[this.eventCursor++]!);
        if (this.eventCursor === pending.length) {
          pending.length = 0;
          this.eventCursor = 0;
        }
        this.armExternalEvents();
      },
    });
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
      else if (series.length > 1) this.processSlices(series);
      return;
    }
    const feed = this.feedFor(series);
    if (!this.started) this.start(series.length > 0 ? series.timestamp[0] : 0);
    const { timestamp, open, high, low, close, volume } = series;
    const n = series.length;
    const bar = feed.view;
    const clock = this.clock;
    const exchange = feed.exchange;
    const portfolio = this.kernel.portfolio;
    const topic = feed.topic;
    const duration = feed.durationMs;
    const index = feed.index;
    const recorder = this.recorder;
    const killSwitch = this.killSwitch;
    recorder.reserve(n);
    const recordedTimes = recorder.timestamps;
    const recordedEquity = recorder.equity;
    let k = recorder.length;
    let last = Math.max(feed.lastTimestamp, this.lastSliceOpen);
    let previousOpen = feed.lastTimestamp;
    const staleAfterMs = feed.staleAfterMs;
    let inMarket = 0;
    for (let i = 0; i < n; i++) {
      const openTime = timestamp[i];
      if (!(openTime > last)) {
        throw new Error(
          `bars of ${series.instrumentId} must be strictly increasing in time: ${openTime} follows ${last} (row ${i} of the chunk); ` +
            'instruments traded over the same period go in one call: processBars([a, b])',
        );
      }
      last = openTime;
      const closeTime = openTime + duration;
      if (openTime - previousOpen > staleAfterMs) this.scheduleStaleCheck(feed, previousOpen);
      previousOpen = openTime;
      bar.timestamp = openTime;
      bar.open = open[i];
      bar.high = high[i];
      bar.low = low[i];
      bar.close = close[i];
      bar.volume = volume[i];
      if (clock.nextDue <= openTime) clock.advanceTo(openTime);
      else clock.set(openTime);
      if (!exchange.idle) exchange.processBar(bar, closeTime);
      if (clock.nextDue <= closeTime) clock.advanceTo(closeTime);
      else clock.set(closeTime);
      portfolio.mark(index, bar.close);
      if (feed.staleCheck) this.staleDataResumed(feed, closeTime);
      topic.publish(bar);
      // Typed-array stores: a double passed to a non-inlined call would be boxed (allocated).
      recordedTimes[k] = closeTime;
      recordedEquity[k] = portfolio.equity();
      if (killSwitch !== undefined) this.watchDrawdown(killSwitch, recordedEquity[k]!, closeTime);
      k++;
      if (portfolio.hasOpenPositions) inMarket++;
    }
    recorder.length = k;
    feed.lastTimestamp = last;
    this.lastSliceOpen = last;
    this.barsProcessed += n;
    this.barsInMarket += inMarket;
    if (this.config.store !== undefined) this.release(this.config.store, false);
  }

  /** Several instruments' chunks of one timeframe, merged by open time (see `processBars`). */
  private processSlices(chunks: readonly BarSeries[]): void {
    const timeframe = chunks[0]!.timeframe;
    const mixed = chunks.find((c) => c.timeframe !== timeframe);
    if (mixed !== undefined)
      throw new Error(
        `bars processed together must share one timeframe: ${chunks[0]!.instrumentId} ${timeframe}, ${mixed.instrumentId} ${mixed.timeframe}`,
      );
    const feeds = chunks.map((c) => this.feedFor(c));
    if (new Set(feeds).size !== feeds.length) throw new Error('each instrument may appear once among the chunks');
    let total = 0;
    let first = Number.POSITIVE_INFINITY;
    for (const c of chunks) {
      total += c.length;
      if (c.length > 0) first = Math.min(first, c.timestamp[0]!);
    }
    if (!this.started) this.start(Number.isFinite(first) ? first : 0);
    const clock = this.clock;
    const portfolio = this.kernel.portfolio;
    const duration = feeds[0]!.durationMs;
    const cursors = new Int32Array(chunks.length);
    const due: Feed[] = [];
    const recorder = this.recorder;
    recorder.reserve(total);
    let k = recorder.length;
    let inMarket = 0;
    for (;;) {
      let openTime = Number.POSITIVE_INFINITY;
      for (let j = 0; j < chunks.length; j++)
        if (cursors[j]! < chunks[j]!.length) openTime = Math.min(openTime, chunks[j]!.timestamp[cursors[j]!]!);
      if (openTime === Number.POSITIVE_INFINITY) break;
      if (!(openTime > this.lastSliceOpen))
        throw new Error(
          `bars must move forward in time: a bar opening at ${openTime} follows the slice at ${this.lastSliceOpen}`,
        );
      this.lastSliceOpen = openTime;
      const closeTime = openTime + duration;
      due.length = 0;
      for (let j = 0; j < chunks.length; j++) {
        const chunk = chunks[j]!;
        const i = cursors[j]!;
        if (i >= chunk.length || chunk.timestamp[i] !== openTime) continue;
        const feed = feeds[j]!;
        if (openTime - feed.lastTimestamp > feed.staleAfterMs) this.scheduleStaleCheck(feed, feed.lastTimestamp);
        const bar = feed.view;
        bar.timestamp = openTime;
        bar.open = chunk.open[i]!;
        bar.high = chunk.high[i]!;
        bar.low = chunk.low[i]!;
        bar.close = chunk.close[i]!;
        bar.volume = chunk.volume[i]!;
        feed.lastTimestamp = openTime;
        cursors[j] = i + 1;
        due.push(feed);
      }
      if (clock.nextDue <= openTime) clock.advanceTo(openTime);
      else clock.set(openTime);
      for (const feed of due) if (!feed.exchange.idle) feed.exchange.processBar(feed.view, closeTime);
      if (clock.nextDue <= closeTime) clock.advanceTo(closeTime);
      else clock.set(closeTime);
      for (const feed of due) {
        portfolio.mark(feed.index, feed.view.close);
        if (feed.staleCheck) this.staleDataResumed(feed, closeTime);
      }
      for (const feed of due) feed.topic.publish(feed.view);
      recorder.timestamps[k] = closeTime;
      recorder.equity[k] = portfolio.equity();
      if (this.killSwitch !== undefined) this.watchDrawdown(this.killSwitch, recorder.equity[k]!, closeTime);
      k++;
      if (portfolio.hasOpenPositions) inMarket++;
    }
    recorder.length = k;
    this.barsProcessed += total;
    this.barsInMarket += inMarket;
    if (this.config.store !== undefined) this.release(this.config.store, false);
  }

  /** Feeds one equity mark to the kill switch; a breach halts, cancels and flattens (see TradingKernel). */
  private watchDrawdown(killSwitch: DailyDrawdownKillSwitch, equity: number, time: number): void {
    const breach = killSwitch.onEquity(equity, time);
    if (breach !== undefined) this.kernel.applyDailyDrawdownBreach(breach);
  }

  /**
   * The next bar of `feed` (whose previous bar opened at `previousOpen`) comes after a gap longer
   * than the stale limit: a check at the first
   * instant past the limit (on the once-per-interval cadence) trips the breaker in the gap, so
   * timers that fire there meet the halted state.
   */
  private scheduleStaleCheck(feed: Feed, previousOpen: number): void {
    if (previousOpen === Number.NEGATIVE_INFINITY) return;
    const breaker = this.staleData as StaleDataBreaker;
    // The breaker hears of bars only around gaps: the silence counts from the bar before this one.
    breaker.onBar(feed.stream, previousOpen + feed.durationMs);
    feed.staleCheck = true;
    this.clock.setTimeAlert({
      name: `RISK:stale:${feed.stream}`,
      time: previousOpen + feed.durationMs + feed.staleAfterMs,
      first: true,
      handler: (event) => {
        for (const trip of breaker.check(event.timestamp)) this.kernel.applyCircuitBreakerEvent(trip);
      },
    });
  }

  /** A bar after a gap: the stream delivers again (resetting the breaker if the check tripped it). */
  private staleDataResumed(feed: Feed, closeTime: number): void {
    feed.staleCheck = false;
    const reset = (this.staleData as StaleDataBreaker).onBar(feed.stream, closeTime);
    if (reset !== undefined) this.kernel.applyCircuitBreakerEvent(reset);
  }

  /** Hands what the last chunk produced to the store and forgets it (`all`: open orders too). */
  private release(store: BacktestResultStore, all: boolean): void {
    const recorder = this.recorder;
    if (recorder.length > 0) store.appendEquity(recorder.timestamps, recorder.equity, recorder.length);
    recorder.length = 0;
    const cache = this.kernel.cache;
    const orders = all ? cache.orderList.splice(0) : cache.releaseClosedOrders();
    if (orders.length > 0) store.appendOrders(orders);
    const roundTrips = this.kernel.portfolio.roundTrips;
    if (roundTrips.length > 0) store.appendRoundTrips(roundTrips.splice(0));
  }

  /** Stops the strategies and returns the run's results. */
  finish(): BacktestResult {
    this.kernel.stop();
    if (this.config.store !== undefined) this.release(this.config.store, true);
    const portfolio = this.kernel.portfolio;
    const account = portfolio.account;
    return {
      initialEquity: this.initialEquity,
      finalEquity: portfolio.equity(),
      equity: { timestamps: this.recorder.timestamps, equity: this.recorder.equity, length: this.recorder.length },
      roundTrips: portfolio.roundTrips,
      orders: this.kernel.cache.orderList,
      fills: this.fills,
      barsProcessed: this.barsProcessed,
      barsInMarket: this.barsInMarket,
      feesPaid: account.feesMinor / 10 ** account.baseCurrency.precision,
      tradedNotional: portfolio.tradedNotional,
      realizedPnl: portfolio.realizedPnl(),
      unrealizedPnl: portfolio.unrealizedPnl(),
      riskEvents: this.riskEvents,
      strategyPnl: this.strategyPnl.results(),
    };
  }

  private start(firstOpen: number): void {
    this.started = true;
    this.clock.set(firstOpen);
    this.kernel.start();
    // Re-armed at the clock's new time: events recorded before the first bar are due at its open.
    if (this.eventCursor < this.pendingEvents.length) this.armExternalEvents();
  }

  private feedFor(series: BarSeries): Feed {
    const key = `${series.instrumentId}|${series.timeframe}`;
    let feed = this.feeds.get(key);
    if (feed === undefined) {
      const instrument = this.kernel.cache.instrument(series.instrumentId);
      feed = {
        index: this.kernel.portfolio.indexOf(instrument.id),
        exchange: this.exchanges.get(instrument.venue)!,
        topic: this.kernel.bus.topic<Bar>(barsTopic(instrument.id, series.timeframe)),
        view: new BarView(instrument.id, series.timeframe),
        durationMs: timeframeMillis(series.timeframe),
        lastTimestamp: Number.NEGATIVE_INFINITY,
        stream: `${instrument.id} bars ${series.timeframe}`,
        staleAfterMs: Number.POSITIVE_INFINITY,
        staleCheck: false,
      };
      if (this.staleData !== undefined) {
        const duration = feed.durationMs;
        this.staleData.watch(feed.stream, duration, 0);
        const intervals = this.config.risk?.staleData?.staleAfterIntervals ?? 2;
        // The first check past the limit on a once-per-interval cadence.
        (feed as { staleAfterMs: number }).staleAfterMs = (Math.floor(intervals) + 1) * duration;
      }
      this.feeds.set(key, feed);
    }
    return feed;
  }
}
