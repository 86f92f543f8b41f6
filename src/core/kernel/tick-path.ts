import type { AggregatedBar } from '../data/aggregated-bar.ts';
import { BarAggregator } from '../data/bar-aggregator.ts';
import type { QuoteSeries, TradeSeries } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Timeframe } from '../model/time.ts';
import type { Feed } from './bar-feed.ts';
import { type TickFeed, TickFeeds, type TickPlacement, type TickSeries, tickOutOfOrder } from './tick-feed.ts';
import type { TradingKernel } from './trading-kernel.ts';

/**
 * The parts of the engine's step that ticks share with bars (see `SimulatedVenueEngine`): the
 * clock moves, the equity point that ends every step, the bookkeeping around a chunk.
 */
export interface StepHost {
  readonly kernel: TradingKernel;
  /** Starts the run at the first data time; does nothing once started. */
  startAt(time: number): void;
  /** The engine's time. */
  now(): number;
  /** Fires the timers due by `time`, or only moves the clock there. */
  moveClockTo(time: number): void;
  /** Makes room for `count` more equity points. */
  reserve(count: number): void;
  /** The end of a step: the equity point at `time` and the kill switch's mark. */
  recordEquity(time: number): void;
  /** After a chunk that ended at `lastTime`: a later bar must open after it; the results so far are released. */
  endChunk(lastTime: number): void;
  /** The engine's bar feed of an instrument and timeframe (made on first use). */
  barFeed(id: InstrumentId, timeframe: Timeframe): Feed;
  /** Bars have been run through the step (or published after being built from ticks). */
  countBars(count: number): void;
}

/**
 * The engine's tick step: quotes and trades matched, marked, published and recorded one tick at a
 * time, and bars built from them inside the engine. `SimulatedVenueEngine` documents the public
 * face (`processQuotes`, `processTrades`, `aggregateBars`).
 */
export class TickPath {
  private readonly feeds: TickFeeds;
  private ticksProcessed = 0;

  constructor(
    private readonly host: StepHost,
    place: TickPlacement,
  ) {
    this.feeds = new TickFeeds((name) => host.kernel.bus.topic(name), place);
  }

  /** Quotes and trades run through the tick step so far. */
  get ticksDone(): number {
    return this.ticksProcessed;
  }

  processQuotes(series: QuoteSeries): void {
    this.processTicks('quotes', series, this.feeds.quotes(series.instrumentId));
  }

  processTrades(series: TradeSeries): void {
    this.processTicks('trades', series, this.feeds.trades(series.instrumentId));
  }

  aggregateBars(options: {
    readonly instrumentId: InstrumentId;
    readonly timeframe: Timeframe;
    readonly source: 'quotes' | 'trades';
  }): void {
    const { instrumentId, timeframe, source } = options;
    const tickFeed = source === 'quotes' ? this.feeds.quotes(instrumentId) : this.feeds.trades(instrumentId);
    if (tickFeed.aggregator !== undefined || this.ticksProcessed > 0)
      throw new Error(`bars of ${instrumentId} from its ${source} must be set up once, before any tick runs`);
    const feed = this.host.barFeed(instrumentId, timeframe);
    tickFeed.exchange.countBarsBuiltFromTicks(instrumentId);
    tickFeed.aggregator = new BarAggregator({
      instrumentId,
      timeframe,
      onBar: (bar) => this.publishBuiltBar(feed, bar),
    });
  }

  /** The tick step for every row of `series`. */
  private processTicks<S extends TickSeries>(kind: string, series: S, feed: TickFeed<S>): void {
    const host = this.host;
    const n = series.length;
    host.startAt(n > 0 ? series.timestamp[0]! : 0);
    const { portfolio, cache } = host.kernel;
    const { view, aggregator } = feed;
    host.reserve(n);
    let last = host.now();
    for (let i = 0; i < n; i++) {
      const time = series.timestamp[i]!;
      if (!(time >= last)) tickOutOfOrder(series.instrumentId, kind, time, last, i);
      last = time;
      aggregator?.closeUpTo(time);
      host.moveClockTo(time);
      view.setRow(series, i);
      const mark = view.matchOn(feed.exchange, cache);
      if (mark > 0) portfolio.mark(feed.index, mark);
      feed.topic.publish(view);
      if (aggregator !== undefined) view.aggregateInto(aggregator);
      host.recordEquity(time);
    }
    this.ticksProcessed += n;
    host.endChunk(last);
  }

  /**
   * A bar built from ticks: the clock moves to its close and the strategies receive it; then the
   * venue's working orders have worked one more bar.
   */
  private publishBuiltBar(feed: Feed, bar: AggregatedBar): void {
    feed.view.copyFrom(bar);
    this.host.moveClockTo(bar.closeTimestamp);
    feed.topic.publish(feed.view);
    feed.exchange.barClosed(bar.instrumentId, bar.closeTimestamp);
    feed.lastTimestamp = bar.timestamp;
    this.host.countBars(1);
  }
}
