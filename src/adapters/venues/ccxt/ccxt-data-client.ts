import type { Exchange } from 'ccxt';
import { type BackoffPolicy, backoffDelay } from '../../../core/clock/backoff.ts';
import type { AggregatedBar } from '../../../core/data/aggregated-bar.ts';
import { LatePolicy } from '../../../core/data/bar-aggregator.ts';
import {
  DataChannel,
  type DataClient,
  type DataClientTimers,
  type DataSink,
  DataTransport,
} from '../../../core/data/data-client.ts';
import { createTradeBarAggregator } from '../../../core/data/trade-bars.ts';
import { SeededRandom } from '../../../core/kernel/random.ts';
import { AggressorSide, type Bar, copyBar } from '../../../core/model/data.ts';
import { instrumentId } from '../../../core/model/ids.ts';
import { type Timeframe, timeframeMillis } from '../../../core/model/time.ts';
import { type Logger, SILENT_LOGGER } from '../../../core/strategy/logger.ts';
import { backfillMissedBars } from './backfill-missed-bars.ts';
import { fetchCandles } from './fetch-candles.ts';
import { DEFAULT_STREAM_BACKOFF } from './stream-backoff.ts';
import { type BarTrack, bucketOf, StreamState } from './stream-state.ts';
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

type Candle = number[];

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
  private readonly random: () => number;
  private readonly logger: Logger;
  private running = false;

  constructor(private readonly options: CcxtDataClientOptions) {
    const generator = new SeededRandom(options.seed ?? 1);
    this.random = () => generator.next();
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  subscribeBars(symbol: string, timeframe: Timeframe): void {
    const fromTrades = this.options.barSource === BarSource.Trades;
    const stream = fromTrades
      ? this.stream(symbol, DataChannel.Trades, undefined, 2 * timeframeMillis(timeframe))
      : this.stream(symbol, DataChannel.Bars, timeframe, 2 * timeframeMillis(timeframe));
    if (stream.bars.some((track) => track.timeframe === timeframe)) return;
    const track: BarTrack = {
      timeframe,
      timeframeMs: timeframeMillis(timeframe),
      lastEmitted: Number.NEGATIVE_INFINITY,
      pending: undefined,
      aggregator: undefined,
      outbox: [],
      needsBackfill: false,
      backfillTo: undefined,
      cancelCloseTimer: undefined,
    };
    if (fromTrades)
      track.aggregator = createTradeBarAggregator({
        instrumentId: stream.instrumentId,
        spec: { kind: 'time', timeframe },
        late: LatePolicy.Drop,
        onBar: (bar) => this.onBuiltBar(stream, track, bar),
      });
    stream.bars.push(track);
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
        const data = polling ? await this.poll(stream) : await this.watch(stream);
        if (!this.running) return;
        // ccxt resolves only a watch already waiting: the next watch starts at once and the data
        // is handled in order on the stream's queue (a backfill there must not stall receiving).
        stream.enqueue(() => {
          stream.alive();
          return this.deliver(stream, data);
        });
        if (polling) {
          await stream.settled();
          await this.sleep(this.pollInterval(stream));
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
    await this.sleep(backoffDelay(stream.failures, this.options.backoff ?? DEFAULT_STREAM_BACKOFF, this.random));
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

  /** One REST round: candles since the last emitted bar, trades since the last trade, or the ticker. */
  private async poll(stream: StreamState): Promise<unknown> {
    const { exchange, timers } = this.options;
    const { symbol, channel, timeframe } = stream.key;
    if (channel === DataChannel.Bars) {
      const track = stream.bars[0];
      const now = timers.now();
      const since = Number.isFinite(track.lastEmitted)
        ? track.lastEmitted + track.timeframeMs
        : bucketOf(track.timeframe, now).start - track.timeframeMs;
      const page = await fetchCandles({
        exchange,
        symbol,
        timeframe: timeframe as string,
        since,
        limit: 1000,
        now: timers.now,
      });
      const candles: Candle[] = [];
      for (let i = 0; i < page.timestamp.length; i++)
        if (page.timestamp[i] + track.timeframeMs <= now)
          candles.push([page.timestamp[i], page.open[i], page.high[i], page.low[i], page.close[i], page.volume[i]]);
      return { closed: candles };
    }
    try {
      if (channel === DataChannel.Trades)
        return await exchange.fetchTrades(
          symbol,
          Number.isFinite(stream.lastTradeTime) ? stream.lastTradeTime : undefined,
        );
      return [await exchange.fetchTicker(symbol)];
    } catch (error) {
      throw translateCcxtError(error, exchange, timers.now());
    }
  }

  private pollInterval(stream: StreamState): number {
    if (this.options.pollIntervalMs !== undefined) return this.options.pollIntervalMs;
    return stream.key.channel === DataChannel.Bars ? stream.bars[0].timeframeMs : 2000;
  }

  private async deliver(stream: StreamState, data: unknown): Promise<void> {
    const { channel } = stream.key;
    if (channel === DataChannel.Quotes) return this.deliverQuotes(stream, data as Record<string, unknown>[]);
    if (channel === DataChannel.Trades) {
      this.deliverTrades(stream, data as Record<string, unknown>[]);
      for (const track of stream.bars) await this.flushTrack(stream, track, track.backfillTo);
      return;
    }
    const track = stream.bars[0];
    if (typeof data === 'object' && data !== null && 'closed' in data) {
      for (const candle of (data as { closed: Candle[] }).closed) this.closeCandle(stream, track, candle);
      return this.flushTrack(stream, track, track.outbox[0]?.timestamp);
    }
    for (const candle of data as Candle[]) {
      if (candle[0] <= track.lastEmitted) continue;
      const pending = track.pending;
      if (pending !== undefined && candle[0] < pending[0]) continue;
      if (pending !== undefined && candle[0] > pending[0]) this.closeCandle(stream, track, pending);
      track.pending = candle;
    }
    const firstLive = track.outbox[0]?.timestamp ?? track.pending?.[0];
    await this.flushTrack(stream, track, firstLive);
    this.armCandleTimer(stream, track);
  }

  private closeCandle(stream: StreamState, track: BarTrack, candle: Candle): void {
    if (candle[0] <= track.lastEmitted || candle[0] <= (track.outbox.at(-1)?.timestamp ?? Number.NEGATIVE_INFINITY))
      return;
    track.outbox.push(candleBar(stream, track, candle));
  }

  /** Backfills the hole before `firstLive` when one is owed, then emits the outbox in order. */
  private async flushTrack(stream: StreamState, track: BarTrack, firstLive: number | undefined): Promise<void> {
    if (track.needsBackfill && firstLive !== undefined) {
      track.needsBackfill = false;
      track.backfillTo = undefined;
      await this.fillGap(stream, track, track.lastEmitted + track.timeframeMs, firstLive);
    }
    if (track.needsBackfill) return;
    for (const bar of track.outbox.splice(0)) this.emitBar(track, bar);
  }

  private async fillGap(stream: StreamState, track: BarTrack, from: number, to: number): Promise<void> {
    if (from >= to) return;
    const { exchange, timers } = this.options;
    try {
      const bars = await backfillMissedBars({
        exchange,
        symbol: stream.key.symbol,
        instrumentId: stream.instrumentId,
        timeframe: track.timeframe,
        timeframeMs: track.timeframeMs,
        from,
        to,
        now: timers.now,
        maxAttempts: this.options.backfillAttempts ?? 4,
        sleepBeforeRetry: (attempt, error) =>
          this.sleep(
            error.retryAfterMs ?? backoffDelay(attempt, this.options.backoff ?? DEFAULT_STREAM_BACKOFF, this.random),
          ),
      });
      for (const bar of bars) this.emitBar(track, bar);
      stream.emit({
        type: 'DataGapFilled',
        from: bars[0]?.timestamp ?? from,
        to: bars.at(-1)?.timestamp ?? to - track.timeframeMs,
        bars: bars.length,
      });
    } catch (error) {
      this.logger.error('data_gap_backfill_failed', { ...stream.key, from, to, reason: String(error) });
    }
  }

  private emitBar(track: BarTrack, bar: Bar): void {
    if (bar.timestamp <= track.lastEmitted) return;
    track.lastEmitted = bar.timestamp;
    this.options.sink.onBar(bar);
  }

  private armCandleTimer(stream: StreamState, track: BarTrack): void {
    track.cancelCloseTimer?.();
    const pending = track.pending;
    if (pending === undefined) return;
    const { timers } = this.options;
    const due = pending[0] + track.timeframeMs + (this.options.closeDelayMs ?? 2000);
    track.cancelCloseTimer = timers.schedule(Math.max(0, due - timers.now()), () => {
      track.cancelCloseTimer = undefined;
      if (track.pending !== pending || track.needsBackfill) return;
      track.pending = undefined;
      this.closeCandle(stream, track, pending);
      for (const bar of track.outbox.splice(0)) this.emitBar(track, bar);
    });
  }

  private deliverTrades(stream: StreamState, trades: Record<string, unknown>[]): void {
    for (const trade of trades) {
      const timestamp = trade.timestamp as number;
      const id = String(trade.id);
      if (timestamp < stream.lastTradeTime) continue;
      if (timestamp === stream.lastTradeTime) {
        if (stream.lastTradeIds.has(id)) continue;
      } else {
        stream.lastTradeTime = timestamp;
        stream.lastTradeIds.clear();
      }
      stream.lastTradeIds.add(id);
      const price = trade.price as number;
      const size = trade.amount as number;
      if (stream.emitTicks)
        this.options.sink.onTradeTick({
          instrumentId: stream.instrumentId,
          timestamp,
          price,
          size,
          aggressorSide:
            trade.side === 'buy'
              ? AggressorSide.Buyer
              : trade.side === 'sell'
                ? AggressorSide.Seller
                : AggressorSide.None,
          tradeId: id,
        });
      for (const track of stream.bars) {
        track.aggregator?.addTrade(timestamp, price, size);
        this.armTradeBarTimer(stream, track);
      }
    }
  }

  private onBuiltBar(stream: StreamState, track: BarTrack, bar: AggregatedBar): void {
    if (!bar.partial) {
      track.outbox.push(copyBar(bar));
      return;
    }
    if (Number.isFinite(track.lastEmitted)) {
      track.needsBackfill = true;
      track.backfillTo = bar.timestamp + track.timeframeMs;
    }
    this.logger.debug('data_partial_bar_dropped', { ...stream.key, timeframe: track.timeframe, open: bar.timestamp });
  }

  /** A timer at the forming bucket's close (plus the delay) closes it when no later trade did. */
  private armTradeBarTimer(stream: StreamState, track: BarTrack): void {
    if (track.cancelCloseTimer !== undefined || track.aggregator?.pending !== true) return;
    const { timers } = this.options;
    const delay = this.options.closeDelayMs ?? 2000;
    const due = bucketOf(track.timeframe, stream.lastTradeTime).end + delay;
    track.cancelCloseTimer = timers.schedule(Math.max(0, due - timers.now()), () => {
      track.cancelCloseTimer = undefined;
      track.aggregator?.closeUpTo(timers.now() - delay);
      if (!track.needsBackfill) for (const bar of track.outbox.splice(0)) this.emitBar(track, bar);
      this.armTradeBarTimer(stream, track);
    });
  }

  private deliverQuotes(stream: StreamState, tickers: Record<string, unknown>[]): void {
    for (const ticker of tickers) {
      const bid = ticker.bid as number | undefined;
      const ask = ticker.ask as number | undefined;
      if (typeof bid !== 'number' || typeof ask !== 'number') continue;
      this.options.sink.onQuoteTick({
        instrumentId: stream.instrumentId,
        timestamp: (ticker.timestamp as number | undefined) ?? this.options.timers.now(),
        bid,
        ask,
        bidSize: (ticker.bidVolume as number | undefined) ?? Number.NaN,
        askSize: (ticker.askVolume as number | undefined) ?? Number.NaN,
      });
    }
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

function candleBar(stream: StreamState, track: BarTrack, candle: Candle): Bar {
  return {
    instrumentId: stream.instrumentId,
    timeframe: track.timeframe,
    timestamp: candle[0],
    open: candle[1],
    high: candle[2],
    low: candle[3],
    close: candle[4],
    volume: candle[5],
  };
}
