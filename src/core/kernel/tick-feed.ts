import type { Topic } from '../bus/message-bus.ts';
import type { BarAggregator } from '../data/bar-aggregator.ts';
import {
  AggressorSide,
  type QuoteSeries,
  type QuoteTick,
  quoteMid,
  type TradeSeries,
  type TradeTick,
} from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { SimulatedExchange } from '../simulation/simulated-exchange.ts';
import type { Cache } from './cache.ts';
import { quotesTopic, tradesTopic } from './topics.ts';

/** A columnar tick series: quotes or trades of one instrument, in non-decreasing time. */
export type TickSeries = QuoteSeries | TradeSeries;

/** The engine's reused tick of one kind: loads a row, and has its venue match it. */
export interface TickView<S extends TickSeries> {
  /** Takes row `i` of a columnar series. */
  setRow(series: S, i: number): void;
  /** The venue matches this tick (before it is published); returns the instrument's mark (NaN: none). */
  matchOn(exchange: SimulatedExchange, cache: Cache): number;
  /** Adds this tick to bars built from the ticks: a trade's price and size, a quote's mid (volume 0). */
  aggregateInto(aggregator: BarAggregator): void;
}

/** A QuoteTick whose fields the engine overwrites for each row: one object per instrument for the whole run. */
export class QuoteView implements QuoteTick, TickView<QuoteSeries> {
  timestamp = 0;
  bid = 0;
  ask = 0;
  bidSize = 0;
  askSize = 0;
  constructor(public instrumentId: InstrumentId) {}

  setRow(series: QuoteSeries, i: number): void {
    this.timestamp = series.timestamp[i]!;
    this.bid = series.bid[i]!;
    this.ask = series.ask[i]!;
    this.bidSize = series.bidSize[i]!;
    this.askSize = series.askSize[i]!;
  }

  /** Buys meet the ask, sells the bid; the cache keeps the quote; the mark is the mid (NaN for a one-sided book). */
  matchOn(exchange: SimulatedExchange, cache: Cache): number {
    exchange.processQuote(this);
    cache.updateQuote(this);
    return quoteMid(this.bid, this.ask);
  }

  /** The mid, with no volume (a quote trades nothing); a one-sided quote adds nothing. */
  aggregateInto(aggregator: BarAggregator): void {
    const mid = quoteMid(this.bid, this.ask);
    if (mid > 0) aggregator.addTrade(this.timestamp, mid, 0);
  }
}

const AGGRESSOR_OF_CODE = [AggressorSide.Seller, AggressorSide.None, AggressorSide.Buyer] as const;

/** A TradeTick whose fields the engine overwrites for each row: one object per instrument for the whole run. */
export class TradeView implements TradeTick, TickView<TradeSeries> {
  timestamp = 0;
  price = 0;
  size = 0;
  aggressorSide: AggressorSide = AggressorSide.None;
  tradeId = '';
  constructor(public instrumentId: InstrumentId) {}

  setRow(series: TradeSeries, i: number): void {
    this.timestamp = series.timestamp[i]!;
    this.price = series.price[i]!;
    this.size = series.size[i]!;
    this.aggressorSide = AGGRESSOR_OF_CODE[Math.sign(series.aggressor[i]!) + 1]!;
    this.tradeId = series.tradeId[i]!;
  }

  /** Both sides meet the print's price; the mark is that price. */
  matchOn(exchange: SimulatedExchange): number {
    exchange.processTrade(this);
    return this.price;
  }

  aggregateInto(aggregator: BarAggregator): void {
    aggregator.addTrade(this.timestamp, this.price, this.size);
  }
}

/** One instrument's tick stream the engine drives: its portfolio index, venue, topic and reused tick. */
export interface TickFeed<S extends TickSeries> {
  readonly index: number;
  readonly exchange: SimulatedExchange;
  readonly topic: Topic<unknown>;
  readonly view: TickView<S>;
  /** Bars built from these ticks inside the engine (see `SimulatedVenueEngine.aggregateBars`). */
  aggregator: BarAggregator | undefined;
}

/** Where an instrument's ticks go: its portfolio index and its venue. */
export type TickPlacement = (id: InstrumentId) => { readonly index: number; readonly exchange: SimulatedExchange };

/** The engine's tick feeds, one per instrument and kind, each made on first use. */
export class TickFeeds {
  private readonly quoteFeeds = new Map<string, TickFeed<QuoteSeries>>();
  private readonly tradeFeeds = new Map<string, TickFeed<TradeSeries>>();

  constructor(
    private readonly topic: (name: string) => Topic<unknown>,
    private readonly place: TickPlacement,
  ) {}

  quotes(id: InstrumentId): TickFeed<QuoteSeries> {
    return this.get(this.quoteFeeds, id, quotesTopic(id), () => new QuoteView(id));
  }

  trades(id: InstrumentId): TickFeed<TradeSeries> {
    return this.get(this.tradeFeeds, id, tradesTopic(id), () => new TradeView(id));
  }

  private get<S extends TickSeries>(
    feeds: Map<string, TickFeed<S>>,
    id: InstrumentId,
    topic: string,
    view: () => TickView<S>,
  ): TickFeed<S> {
    let feed = feeds.get(id);
    if (feed === undefined) {
      feed = { ...this.place(id), topic: this.topic(topic), view: view(), aggregator: undefined };
      feeds.set(id, feed);
    }
    return feed;
  }
}

/** Refuses a tick older than the engine's time (the last tick, or the close of the last bar). */
export function tickOutOfOrder(id: string, kind: string, time: number, now: number, row: number): never {
  throw new Error(
    `${kind} of ${id} must not go back in time: row ${row} of the chunk is at ${time}, the engine is at ${now} ` +
      '(ticks come in non-decreasing time, after the bars already processed)',
  );
}
