import type { Exchange } from 'ccxt';
import { type BackoffPolicy, backoffDelay } from '../../../core/clock/backoff.ts';
import {
  DataChannel,
  type DataClient,
  type DataClientTimers,
  type DataSink,
  DataTransport,
} from '../../../core/data/data-client.ts';
import { SeededRandom } from '../../../core/kernel/random.ts';
import { instrumentId } from '../../../core/model/ids.ts';
import { type Timeframe, timeframeMillis } from '../../../core/model/time.ts';
import { type Logger, SILENT_LOGGER } from '../../../core/strategy/logger.ts';
import { createBarTrack } from './bar-track-closing.ts';
import { deliverStreamData } from './deliver-stream-data.ts';
import { pollInterval, pollStream } from './poll-stream.ts';
import { DEFAULT_STREAM_BACKOFF } from './stream-backoff.ts';
import { type StreamContext, StreamState } from './stream-state.ts';
import { translateCcxtError, VenueError, VenueErrorKind } from './venue-error.ts';

/** Where closed bars come from: the venue's candles, or bars built here from its trades. */
export const BarSource = { Exchange: 'exchange', Trades: 'trades' } as const;
export type BarSource = (typeof BarSource)[keyof typeof BarSource];

export interface CcxtDataClientOptions {
  /** A ccxt pro exchange (createCcxtProExchange): watch* for streams, fetch* for backfill and polling. */
  readonly exchange: Exchange;
  readonly sink: DataSink;
  readonly timers: DataClientTimers;
  /** Venue part of instrument ids (default: the exchange id). */
  readonly venue?: string;
  /** Default `exchange`. */
  readonly barSource?: BarSource;
  /** `auto` (default): WebSocket when ccxt has it, polling after `maxWebSocketFailures`. */
  readonly transport?: 'auto' | DataTransport;
  /** Consecutive WebSocket failures after which `auto` switches to polling (default 5). */
  readonly maxWebSocketFailures?: number;
  readonly backoff?: BackoffPolicy;
  /** Seed of the reconnect jitter (default 1). */
  readonly seed?: number;
  /** Trades and quotes: silence after which a stream is stale, ms (default 60,000). Bars: 2 × timeframe. */
  readonly staleAfterMs?: number;
  /** A forming bar is closed by timer this long after its close, ms, when no newer data closed it (default 2,000). */
  readonly closeDelayMs?: number;
  /** Polling: REST request spacing, ms (default: the timeframe for bars, 2,000 for trades and quotes). */
  readonly pollIntervalMs?: number;
  /** Attempts per REST backfill page (default 4). */
  readonly backfillAttempts?: number;
  readonly logger?: Logger;
}

/**
 * A DataClient on ccxt: one watch loop per stream (watchOHLCV, watchTrades shared by trade ticks
 * and trade-built bars, watchTicker), reconnect with seeded exponential backoff, a stale detector
 * on the injected timers, a REST backfill of the bars missed while down (emitted in order before
 * the live ones, never a bar twice), and REST polling when WebSocket is absent or keeps failing.
 * An exchange candle is closed when a newer candle arrives, or by timer `closeDelayMs` after its
 * close (a later update of a candle already emitted is dropped). Trade-built bars never emit a
 * partial bucket: the first after a start is dropped, the first after a reconnect is backfilled.
 */
export class CcxtDataClient implements DataClient {
  private readonly streams = new Map<string, StreamState>();
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly logger: Logger;
  private readonly context: StreamContext;
  private running = false;

  constructor(private readonly options: CcxtDataClientOptions) {
    const generator = new SeededRandom(options.seed ?? 1);
    const random = () => generator.next();
    this.logger = options.logger ?? SILENT_LOGGER;
    const backoff = options.backoff ?? DEFAULT_STREAM_BACKOFF;
    this.context = {
      exchange: options.exchange,
      sink: options.sink,
      timers: options.timers,
      logger: this.logger,
      closeDelayMs: options.closeDelayMs ?? 2000,
      pollIntervalMs: options.pollIntervalMs,
      backfillAttempts: options.backfillAttempts ?? 4,
      backoffDelay: (attempt) => backoffDelay(attempt, backoff, random),
      sleep: (ms) => this.sleep(ms),
    };
  }

  subscribeBars(symbol: string, timeframe: Timeframe): void {
    const fromTrades = this.options.barSource === BarSource.Trades;
    const stream = fromTrades
      ? this.stream(symbol, DataChannel.Trades, undefined, 2 * timeframeMillis(timeframe))
      : this.stream(symbol, DataChannel.Bars, timeframe, 2 * timeframeMillis(timeframe));
    if (stream.bars.some((track) => track.timeframe === timeframe)) return;
    stream.bars.push(createBarTrack(this.context, stream, timeframe, fromTrades));
  }

  subscribeTrades(symbol: string): void {
    this.stream(symbol, DataChannel.Trades, undefined, undefined).emitTicks = true;
  }

  subscribeQuotes(symbol: string): void {
    this.stream(symbol, DataChannel.Quotes, undefined, undefined);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const stream of this.streams.values()) this.launch(stream);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const wake of this.wakers) wake();
    for (const stream of this.streams.values()) {
      stream.cancelStale();
      for (const track of stream.bars) track.cancelCloseTimer?.();
    }
    await this.options.exchange.close();
    await Promise.allSettled(this.loops);
    for (const stream of this.streams.values()) await stream.settled();
  }

  private stream(symbol: string, channel: DataChannel, timeframe: Timeframe | undefined, barsStaleMs?: number) {
    const id = `${symbol}|${channel}|${timeframe ?? ''}`;
    let stream = this.streams.get(id);
    const silence = this.options.staleAfterMs ?? 60_000;
    if (stream === undefined) {
      const transport = this.initialTransport(channel);
      const key = timeframe === undefined ? { symbol, channel } : { symbol, channel, timeframe };
      const instrument = instrumentId(symbol, this.options.venue ?? this.options.exchange.id);
      const staleAfterMs = barsStaleMs ?? silence;
      stream = new StreamState(
        { key, instrumentId: instrument, staleAfterMs, transport },
        this.options.timers,
        this.options.sink,
      );
      const created = stream;
      created.onTaskError = (error) =>
        this.logger.error('data_stream_delivery_failed', { ...created.key, reason: String(error) });
      this.streams.set(id, stream);
      if (this.running) this.launch(stream);
    } else if (barsStaleMs !== undefined && barsStaleMs < stream.staleAfterMs) {
      (stream as { staleAfterMs: number }).staleAfterMs = barsStaleMs;
    }
    return stream;
  }

  private initialTransport(channel: DataChannel): DataTransport {
    const chosen = this.options.transport ?? 'auto';
    if (chosen !== 'auto') return chosen;
    const method =
      channel === DataChannel.Bars ? 'watchOHLCV' : channel === DataChannel.Trades ? 'watchTrades' : 'watchTicker';
    return this.options.exchange.has[method] === true ? DataTransport.WebSocket : DataTransport.Polling;
  }

  private launch(stream: StreamState): void {
    if (stream.transport === DataTransport.Polling && this.options.transport !== DataTransport.Polling)
      stream.emit({
        type: 'DataTransportSwitched',
        from: undefined,
        to: DataTransport.Polling,
        reason: `${this.options.exchange.id} has no WebSocket ${stream.key.channel} stream in ccxt`,
      });
    stream.begin();
    this.loops.push(this.run(stream));
  }

  private async run(stream: StreamState): Promise<void> {
    while (this.running) {
      const polling = stream.transport === DataTransport.Polling;
      try {
        const data = polling ? await pollStream(this.context, stream) : await this.watch(stream);
        if (!this.running) return;
        // ccxt resolves only a watch already waiting: the next watch starts at once and the data
        // is handled in order on the stream's queue (a backfill there must not stall receiving).
        stream.enqueue(() => {
          stream.alive();
          return deliverStreamData(this.context, stream, data);
        });
        if (polling) {
          await stream.settled();
          await this.sleep(pollInterval(this.context, stream));
        }
      } catch (error) {
        if (!this.running) return;
        if (!(await this.recover(stream, error))) return;
      }
    }
  }

  /** After a failure: status, backoff, maybe a switch to polling. False when the stream must end. */
  private async recover(stream: StreamState, error: unknown): Promise<boolean> {
    const venueError = translateCcxtError(error, this.options.exchange, this.options.timers.now());
    const reason = venueError instanceof Error ? venueError.message : String(venueError);
    await stream.settled();
    const wasConnected = stream.connected;
    stream.failed(reason);
    this.logger.warn('data_stream_failed', { ...stream.key, reason, failures: stream.failures });
    if (!(venueError instanceof VenueError) || venueError.kind === VenueErrorKind.Permanent) {
      this.logger.error('data_stream_ended', { ...stream.key, reason });
      if (!wasConnected) stream.emit({ type: 'DataStreamDisconnected', reason: `stream ended: ${reason}` });
      return false;
    }
    const limit = this.options.maxWebSocketFailures ?? 5;
    if (
      stream.transport === DataTransport.WebSocket &&
      (this.options.transport ?? 'auto') === 'auto' &&
      stream.failures >= limit
    ) {
      stream.transport = DataTransport.Polling;
      stream.emit({
        type: 'DataTransportSwitched',
        from: DataTransport.WebSocket,
        to: DataTransport.Polling,
        reason: `${stream.failures} WebSocket failures in a row: ${reason}`,
      });
      stream.begin();
      return true;
    }
    await this.sleep(this.context.backoffDelay(stream.failures));
    if (this.running) stream.begin();
    return true;
  }

  private async watch(stream: StreamState): Promise<unknown> {
    const { exchange } = this.options;
    const { symbol, channel, timeframe } = stream.key;
    if (channel === DataChannel.Bars) return exchange.watchOHLCV(symbol, timeframe);
    if (channel === DataChannel.Trades) return exchange.watchTrades(symbol);
    return [await exchange.watchTicker(symbol)];
  }

  /** Waits on the injected timers; stop() wakes every sleeper at once. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.wakers.delete(wake);
        cancel();
        resolve();
      };
      const cancel = this.options.timers.schedule(ms, wake);
      this.wakers.add(wake);
    });
  }
}
