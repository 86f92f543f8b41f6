import type { DataClient, DataClientTimers, DataSink } from '../../core/data/data-client.ts';
import { DataChannel, DataTransport } from '../../core/data/data-client.ts';
import type { Bar, BarSeries } from '../../core/model/data.ts';

/** Bars handed over per turn of the event loop at `max` speed (signals and timers run in between). */
const MAX_SPEED_BATCH = 512;

export interface ReplayDataClientOptions {
  /** The recorded bars, in increasing open time. */
  readonly series: BarSeries;
  /** Unified venue symbol the node subscribes with (checked against the subscription). */
  readonly symbol: string;
  readonly sink: DataSink;
  /** Real-time multiple (60: an hour of bars a minute); Infinity: as fast as the sink takes them. */
  readonly speed: number;
  readonly timers: DataClientTimers;
}

/**
 * A DataClient over recorded bars, for the paper node offline: the same port, the same sink and
 * therefore the same live path as a venue stream. Each bar is delivered as a new object when it
 * has closed on the replay's time line: with speed s, the bar closing at c is delivered
 * (c − first close) / s ms of wall time after `start`; `max` delivers in batches, yielding to the
 * event loop between batches so a stop request is served mid-replay. `finished` resolves when the
 * last bar was delivered or the client stopped.
 */
export class ReplayDataClient implements DataClient {
  private subscribed = false;
  private next = 0;
  private cancel: (() => void) | undefined;
  private stopped = false;
  private wallStart = 0;
  private resolveFinished!: () => void;
  /** Resolves once every bar was delivered, or after `stop`. */
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(private readonly options: ReplayDataClientOptions) {
    if (!(options.speed > 0)) throw new Error(`replay speed must be above 0, got ${options.speed}`);
  }

  /** Bars delivered so far. */
  get delivered(): number {
    return this.next;
  }

  subscribeBars(symbol: string, timeframe: string): void {
    if (symbol !== this.options.symbol || timeframe !== this.options.series.timeframe)
      throw new Error(
        `the replay holds ${this.options.symbol} ${this.options.series.timeframe} bars, not ${symbol} ${timeframe}`,
      );
    this.subscribed = true;
  }

  subscribeTrades(symbol: string): void {
    throw new Error(`the replay holds bars only, no trades of ${symbol}`);
  }

  subscribeQuotes(symbol: string): void {
    throw new Error(`the replay holds bars only, no quotes of ${symbol}`);
  }

  async start(): Promise<void> {
    if (!this.subscribed) throw new Error('subscribe to the replayed bars before start');
    const { timers, series, symbol, sink } = this.options;
    this.wallStart = timers.now();
    sink.onStatus({
      type: 'DataStreamConnected',
      symbol,
      channel: DataChannel.Bars,
      timeframe: series.timeframe,
      timestamp: this.wallStart,
      transport: DataTransport.Polling,
    });
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    this.resolveFinished();
  }

  private schedule(): void {
    const { series, timers, speed } = this.options;
    if (this.stopped) return;
    if (this.next >= series.length) {
      this.resolveFinished();
      return;
    }
    const delay = speed === Number.POSITIVE_INFINITY ? 0 : Math.max(0, this.dueAt(this.next) - timers.now());
    this.cancel = timers.schedule(delay, () => {
      this.cancel = undefined;
      this.deliver();
      this.schedule();
    });
  }

  /** Delivers every bar due by now (`max`: the next batch). */
  private deliver(): void {
    const { series, timers, speed, sink } = this.options;
    const unpaced = speed === Number.POSITIVE_INFINITY;
    const end = unpaced ? Math.min(series.length, this.next + MAX_SPEED_BATCH) : series.length;
    const now = timers.now();
    while (this.next < end && !this.stopped && (unpaced || this.dueAt(this.next) <= now)) {
      sink.onBar(barAt(series, this.next));
      this.next++;
    }
  }

  /** Wall time at which bar `i` is delivered: its close on the replay's time line. */
  private dueAt(i: number): number {
    const { series, speed } = this.options;
    return this.wallStart + (series.timestamp[i]! - series.timestamp[0]!) / speed;
  }
}

/** Bar `i` of `series` as its own object (a sink keeps what it receives). */
export function barAt(series: BarSeries, i: number): Bar {
  return {
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    timestamp: series.timestamp[i]!,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!,
  };
}
