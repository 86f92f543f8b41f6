import type { Exchange } from 'ccxt';
import { bucketAlignment } from '../../../core/data/bucket-alignment.ts';
import {
  type DataClientTimers,
  type DataSink,
  type DataStatusEvent,
  type DataStreamKey,
  DataTransport,
} from '../../../core/data/data-client.ts';
import type { TradeBarAggregator } from '../../../core/data/trade-bars.ts';
import type { Bar } from '../../../core/model/data.ts';
import type { InstrumentId } from '../../../core/model/ids.ts';
import type { Timeframe } from '../../../core/model/time.ts';
import type { Logger } from '../../../core/strategy/logger.ts';

/**
 * What the stream functions (delivery, polling, bar closing, gap backfill) share with the client
 * that owns them: the venue, where data goes, the clock, and the client's settings resolved.
 */
export interface StreamContext {
  readonly exchange: Exchange;
  readonly sink: DataSink;
  readonly timers: DataClientTimers;
  readonly logger: Logger;
  /** A forming bar is closed by timer this long after its close when no newer data closed it, ms. */
  readonly closeDelayMs: number;
  /** Polling: REST request spacing, ms (undefined: the timeframe for bars, 2,000 for trades and quotes). */
  readonly pollIntervalMs: number | undefined;
  /** Attempts per REST backfill page. */
  readonly backfillAttempts: number;
  /** Delay before retry `attempt` (1-based), ms, with the client's seeded jitter. */
  backoffDelay(attempt: number): number;
  /** Waits `ms` on the injected timers; resolves early when the client stops. */
  sleep(ms: number): Promise<void>;
}

/** Bars one stream produces: its timeframe, what was emitted, and what is still forming. */
export interface BarTrack {
  readonly timeframe: Timeframe;
  readonly timeframeMs: number;
  /** Open time of the last bar handed to the sink (−∞ before the first). */
  lastEmitted: number;
  /** The newest exchange candle seen and not emitted: [open time, o, h, l, c, v]. */
  pending: number[] | undefined;
  /** Trade-built bars: the aggregator (partial bars are dropped, see the client). */
  aggregator: TradeBarAggregator | undefined;
  /** Closed bars waiting to be emitted after a backfill. */
  outbox: Bar[];
  /** After a failure: the bars from lastEmitted to the first live bar must be fetched over REST. */
  needsBackfill: boolean;
  /** Trade-built bars: a partial bucket after a reconnect asked to backfill up to here (exclusive). */
  backfillTo: number | undefined;
  cancelCloseTimer: (() => void) | undefined;
}

/** A status event without the fields the stream fills in (its key and the time). */
export type StatusBody = DataStatusEvent extends infer E
  ? E extends DataStatusEvent
    ? Omit<E, keyof DataStreamKey | 'timestamp'>
    : never
  : never;

/**
 * One watched venue stream (a watchOHLCV, watchTrades or watchTicker loop) and its health:
 * connection status, staleness and the bars it feeds. Status events go to the sink from here,
 * each once per change.
 */
export class StreamState {
  readonly key: DataStreamKey;
  readonly instrumentId: InstrumentId;
  /** Silence (ms) beyond which the connected stream is stale. */
  readonly staleAfterMs: number;
  transport: DataTransport | undefined;
  emitTicks = false;
  readonly bars: BarTrack[] = [];
  connected = false;
  everConnected = false;
  /** Consecutive failures since the last message. */
  failures = 0;
  lastMessageAt: number;
  stale = false;
  /** Trades: time and ids of the newest trade passed on (duplicates across reconnects are dropped). */
  lastTradeTime = Number.NEGATIVE_INFINITY;
  lastTradeIds = new Set<string>();
  private cancelStaleTimer: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    options: { key: DataStreamKey; instrumentId: InstrumentId; staleAfterMs: number; transport: DataTransport },
    private readonly timers: DataClientTimers,
    private readonly sink: DataSink,
  ) {
    this.key = options.key;
    this.instrumentId = options.instrumentId;
    this.staleAfterMs = options.staleAfterMs;
    this.transport = options.transport;
    this.lastMessageAt = timers.now();
  }

  /** Status event with this stream's key and the current time. */
  emit(event: StatusBody): void {
    this.sink.onStatus({ ...this.key, timestamp: this.timers.now(), ...event } as unknown as DataStatusEvent);
  }

  /** Runs `task` after every task queued before it; a failing task is logged by `onError`, never lost. */
  enqueue(task: () => void | Promise<void>, onError: (error: unknown) => void = this.onTaskError): void {
    this.queue = this.queue.then(task).catch(onError);
  }

  /** Resolves when every queued task has run. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Where a failing queued task's error goes (set by the client to its logger). */
  onTaskError: (error: unknown) => void = (error) => {
    throw error;
  };

  /** The subscription is under way: silence counts from now. */
  begin(): void {
    this.lastMessageAt = this.timers.now();
    this.armStaleTimer();
  }

  /** Data arrived: (re)connected, resumed, and the silence clock restarts. */
  alive(): void {
    const now = this.timers.now();
    if (!this.connected) {
      this.connected = true;
      if (!this.everConnected) {
        this.everConnected = true;
        this.emit({ type: 'DataStreamConnected', transport: this.transport ?? DataTransport.WebSocket });
      } else {
        this.emit({ type: 'DataStreamReconnected', attempt: this.failures });
      }
      this.failures = 0;
    }
    if (this.stale) {
      this.stale = false;
      // Messages may have been lost in the silence: check the bars against REST before going on.
      // A trade-built bar forming across the silence may lack trades: it is dropped, and the next
      // bucket (partial) bounds the backfill, as after a reconnect.
      for (const track of this.bars) {
        if (track.aggregator !== undefined) {
          track.cancelCloseTimer?.();
          track.cancelCloseTimer = undefined;
          resetAggregator(track);
        }
        if (Number.isFinite(track.lastEmitted)) track.needsBackfill = true;
      }
      this.emit({ type: 'DataResumed', silentMs: now - this.lastMessageAt });
    }
    this.lastMessageAt = now;
    this.armStaleTimer();
  }

  /** The stream failed: disconnected (once), forming bars dropped, a backfill owed. */
  failed(reason: string): void {
    this.failures++;
    this.cancelStale();
    this.stale = false;
    if (!this.connected) return;
    this.connected = false;
    this.emit({ type: 'DataStreamDisconnected', reason });
    for (const track of this.bars) {
      track.pending = undefined;
      track.cancelCloseTimer?.();
      track.cancelCloseTimer = undefined;
      if (track.aggregator !== undefined) resetAggregator(track);
      if (Number.isFinite(track.lastEmitted)) track.needsBackfill = true;
    }
  }

  cancelStale(): void {
    this.cancelStaleTimer?.();
    this.cancelStaleTimer = undefined;
  }

  private armStaleTimer(): void {
    if (this.cancelStaleTimer !== undefined) return;
    const due = this.lastMessageAt + this.staleAfterMs + 1;
    this.cancelStaleTimer = this.timers.schedule(Math.max(0, due - this.timers.now()), () => {
      this.cancelStaleTimer = undefined;
      const silentMs = this.timers.now() - this.lastMessageAt;
      if (silentMs > this.staleAfterMs) {
        if (!this.stale) {
          this.stale = true;
          this.emit({ type: 'DataStale', silentMs });
        }
        return;
      }
      this.armStaleTimer();
    });
  }
}

/** Trade-built bars forget the forming bucket; the next bucket is partial until it is backfilled. */
function resetAggregator(track: BarTrack): void {
  const aggregator = track.aggregator as unknown as { reset?: (coverageStart?: number) => void };
  aggregator.reset?.();
}

/** Open time of the bucket holding `time` and its close, for a timeframe. */
export function bucketOf(timeframe: Timeframe, time: number): { start: number; end: number } {
  const alignment = bucketAlignment(timeframe);
  const start = alignment.bucketStart(time);
  return { start, end: alignment.bucketEnd(start) };
}
