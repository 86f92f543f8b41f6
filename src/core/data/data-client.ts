import type { Bar, QuoteTick, TradeTick } from '../model/data.ts';
import type { Timeframe, UnixMillis } from '../model/time.ts';

/** What a subscription streams: exchange or trade-built bars, trade prints, or top-of-book quotes. */
export const DataChannel = { Bars: 'bars', Trades: 'trades', Quotes: 'quotes' } as const;
export type DataChannel = (typeof DataChannel)[keyof typeof DataChannel];

/** How a subscription is served: a venue push stream, or REST requests repeated on a timer. */
export const DataTransport = { WebSocket: 'websocket', Polling: 'polling' } as const;
export type DataTransport = (typeof DataTransport)[keyof typeof DataTransport];

/** Names one subscription in status events: venue symbol, channel and (bars) timeframe. */
export interface DataStreamKey {
  /** Unified venue symbol, e.g. `BTC/USDT`. */
  readonly symbol: string;
  readonly channel: DataChannel;
  /** Bars only. */
  readonly timeframe?: Timeframe;
}

/** The stream's first data after start. */
export interface DataStreamConnected extends DataStreamKey {
  readonly type: 'DataStreamConnected';
  readonly timestamp: UnixMillis;
  readonly transport: DataTransport;
}

/** The stream failed (connection closed, refused, timed out); a reconnect follows unless stopped. */
export interface DataStreamDisconnected extends DataStreamKey {
  readonly type: 'DataStreamDisconnected';
  readonly timestamp: UnixMillis;
  readonly reason: string;
}

/** The stream delivers again after a failure; `attempt` is the 1-based attempt that succeeded. */
export interface DataStreamReconnected extends DataStreamKey {
  readonly type: 'DataStreamReconnected';
  readonly timestamp: UnixMillis;
  readonly attempt: number;
}

/**
 * Connected but silent for longer than the stream's staleness limit (bars: two timeframes;
 * trades and quotes: a configured silence). Emitted once per silent period; prices derived from
 * this stream should not be trusted until {@link DataResumed}.
 */
export interface DataStale extends DataStreamKey {
  readonly type: 'DataStale';
  readonly timestamp: UnixMillis;
  /** Time since the stream's last message (or subscription), ms, when the limit was crossed. */
  readonly silentMs: number;
}

/** A stale stream delivers again. */
export interface DataResumed extends DataStreamKey {
  readonly type: 'DataResumed';
  readonly timestamp: UnixMillis;
  /** How long the stream was silent, ms. */
  readonly silentMs: number;
}

/**
 * Bars missed while the stream was down were fetched over REST and emitted (in order, before the
 * live bars that follow). `from` / `to` are the open times (Unix ms) of the first and last bar
 * filled; `bars` how many (0 when the venue had none for the hole, which then stays a hole).
 */
export interface DataGapFilled extends DataStreamKey {
  readonly type: 'DataGapFilled';
  readonly timestamp: UnixMillis;
  readonly from: UnixMillis;
  readonly to: UnixMillis;
  readonly bars: number;
}

/** The subscription moved to another transport (WebSocket kept failing, or the venue has none). */
export interface DataTransportSwitched extends DataStreamKey {
  readonly type: 'DataTransportSwitched';
  readonly timestamp: UnixMillis;
  readonly from: DataTransport | undefined;
  readonly to: DataTransport;
  readonly reason: string;
}

/** Health of a subscription, as a discriminated union on `type` (the risk engine acts on DataStale). */
export type DataStatusEvent =
  | DataStreamConnected
  | DataStreamDisconnected
  | DataStreamReconnected
  | DataStale
  | DataResumed
  | DataGapFilled
  | DataTransportSwitched;

/**
 * Where a DataClient delivers. Bars are closed bars only, each (instrument, timeframe) in strictly
 * increasing open time, never twice; trades in the venue's order, each trade id once.
 * Objects handed over are the receiver's to keep.
 */
export interface DataSink {
  onBar(bar: Bar): void;
  onTradeTick(trade: TradeTick): void;
  onQuoteTick(quote: QuoteTick): void;
  onStatus(event: DataStatusEvent): void;
}

/**
 * Live market data for paper and live trading. Subscriptions are declared before or after
 * {@link start}; {@link stop} ends every stream and resolves when no more events will be delivered.
 */
export interface DataClient {
  /** Closed bars of `symbol` (unified venue symbol) in `timeframe`. */
  subscribeBars(symbol: string, timeframe: Timeframe): void;
  /** Every trade print of `symbol`. */
  subscribeTrades(symbol: string): void;
  /** Top of book (best bid / ask) of `symbol`. */
  subscribeQuotes(symbol: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Time for a data client: `now()` Unix ms and one-shot timers. Live nodes pass the wall clock;
 * tests pass a manual one, so staleness, bar closing and backoff never depend on real time.
 */
export interface DataClientTimers {
  now(): UnixMillis;
  /** Calls `callback` once after `delayMs`; the returned function cancels it. */
  schedule(delayMs: number, callback: () => void): () => void;
}

/** A status event's stream key as text, e.g. `BTC/USDT bars 1m` (logs, maps). */
export function dataStreamLabel(key: DataStreamKey): string {
  return key.timeframe === undefined ? `${key.symbol} ${key.channel}` : `${key.symbol} ${key.channel} ${key.timeframe}`;
}
