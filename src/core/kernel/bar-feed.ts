import type { Topic } from '../bus/message-bus.ts';
import type { Bar, BarSeries } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import { type Timeframe, timeframeMillis } from '../model/time.ts';
import type { SimulatedExchange } from '../simulation/simulated-exchange.ts';

/** A Bar whose fields the engine overwrites for each row: one object for the whole run. */
export class BarView implements Bar {
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

  /** Takes the prices, volume and open time of `bar` (a streamed bar). */
  copyFrom(bar: Bar): void {
    this.timestamp = bar.timestamp;
    this.open = bar.open;
    this.high = bar.high;
    this.low = bar.low;
    this.close = bar.close;
    this.volume = bar.volume;
  }

  /** Takes row `i` of a columnar chunk. */
  setRow(series: BarSeries, i: number): void {
    this.timestamp = series.timestamp[i]!;
    this.open = series.open[i]!;
    this.high = series.high[i]!;
    this.low = series.low[i]!;
    this.close = series.close[i]!;
    this.volume = series.volume[i]!;
  }
}

/** Refuses a bar that does not move its feed forward in time. */
export function barsOutOfOrder(id: string, openTime: number, last: number, row: number): never {
  throw new Error(
    `bars of ${id} must be strictly increasing in time: ${openTime} follows ${last} (row ${row} of the chunk); ` +
      'instruments traded over the same period go in one call: processBars([a, b])',
  );
}

/** One instrument-and-timeframe bar stream the engine drives: its venue, topic, reused bar and stale-data state. */
export interface Feed {
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

/** A feed of `instrumentId` bars of `timeframe`, before its first bar (not yet watched for stale data). */
export function createFeed(options: {
  readonly index: number;
  readonly exchange: SimulatedExchange;
  readonly topic: Topic<Bar>;
  readonly instrumentId: Bar['instrumentId'];
  readonly timeframe: Timeframe;
}): Feed {
  const { instrumentId, timeframe } = options;
  return {
    index: options.index,
    exchange: options.exchange,
    topic: options.topic,
    view: new BarView(instrumentId, timeframe),
    durationMs: timeframeMillis(timeframe),
    lastTimestamp: Number.NEGATIVE_INFINITY,
    stream: `${instrumentId} bars ${timeframe}`,
    staleAfterMs: Number.POSITIVE_INFINITY,
    staleCheck: false,
  };
}

/** The engine's feeds by instrument and timeframe, each made by `make` on first use. */
export class FeedTable {
  private readonly feeds = new Map<string, Feed>();
  private last: Feed | undefined;

  constructor(private readonly make: (id: InstrumentId, timeframe: Timeframe) => Feed) {}

  get(id: InstrumentId, timeframe: Timeframe): Feed {
    // A stream brings bar after bar of one feed: skip building the key and the lookup.
    const last = this.last;
    if (last !== undefined && last.view.instrumentId === id && last.view.timeframe === timeframe) return last;
    const key = `${id}|${timeframe}`;
    let feed = this.feeds.get(key);
    if (feed === undefined) {
      feed = this.make(id, timeframe);
      this.feeds.set(key, feed);
    }
    this.last = feed;
    return feed;
  }
}
