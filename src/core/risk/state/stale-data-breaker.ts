import type { DataResumed, DataStale, DataStreamKey } from '../../data/data-client.ts';
import type { UnixMillis } from '../../model/time.ts';
import type { CircuitBreakerEvent } from './circuit-breaker.ts';
import { GLOBAL_SCOPE, type TradingScope, TradingState, TradingStateReason } from './trading-state.ts';

export interface StaleDataBreakerOptions {
  /** Scope to hold while a stream is stale (default global). */
  readonly scope?: TradingScope;
  /** State to ask for (default HALTED: prices from a silent stream cannot be trusted). */
  readonly state?: TradingState;
  /** A bar stream is stale after more than this many intervals without a bar (default 2). */
  readonly staleAfterIntervals?: number;
}

interface Stream {
  readonly intervalMs: number;
  lastBarAt: number;
  stale: boolean;
}

/** `BTC/USDT bars 1m`: the name a DataStale / DataResumed stream key goes by here. */
export function dataStreamName(key: DataStreamKey): string {
  return key.timeframe === undefined ? `${key.symbol} ${key.channel}` : `${key.symbol} ${key.channel} ${key.timeframe}`;
}

/**
 * Stale data halts trading. A watched stream is stale when no bar arrived for more than
 * `staleAfterIntervals` intervals (seen by `check(now)`, which the kernel calls on a Clock timer,
 * e.g. once per interval) or when the data client says so (DataStale). Each stream holds the scope
 * on its own (source `STALE_DATA:<stream>`); it resets at its next bar or at DataResumed, so the
 * scope stays held until every stale stream delivers again. Unwatched streams are tracked from
 * their first status event. All times are passed in.
 */
export class StaleDataBreaker {
  private readonly scope: TradingScope;
  private readonly state: TradingState;
  private readonly intervals: number;
  private readonly streams = new Map<string, Stream>();

  constructor(options: StaleDataBreakerOptions = {}) {
    this.scope = options.scope ?? GLOBAL_SCOPE;
    this.state = options.state ?? TradingState.Halted;
    this.intervals = options.staleAfterIntervals ?? 2;
    if (!(this.intervals > 0)) throw new Error(`staleAfterIntervals ${this.intervals} must be > 0`);
  }

  /** Starts watching a bar stream of `intervalMs` bars; silence is counted from `since`. */
  watch(stream: string, intervalMs: number, since: UnixMillis): void {
    if (!(intervalMs > 0)) throw new Error(`stream ${stream}: intervalMs ${intervalMs} must be > 0`);
    this.streams.set(stream, { intervalMs, lastBarAt: since, stale: false });
  }

  /** A bar of `stream` arrived at `timestamp` (arrival, i.e. clock time); resets the stream if stale. */
  onBar(stream: string, timestamp: UnixMillis): CircuitBreakerEvent | undefined {
    const s = this.streams.get(stream);
    if (s === undefined) return undefined;
    const silentMs = timestamp - s.lastBarAt;
    s.lastBarAt = timestamp;
    if (!s.stale) return undefined;
    s.stale = false;
    return this.reset(stream, timestamp, `bar after ${silentMs} ms of silence`, silentMs, s.intervalMs);
  }

  /** The data client's own verdict: DataStale trips, DataResumed resets. */
  onStatus(event: DataStale | DataResumed): CircuitBreakerEvent | undefined {
    const name = dataStreamName(event);
    let s = this.streams.get(name);
    if (s === undefined) this.streams.set(name, (s = { intervalMs: 0, lastBarAt: event.timestamp, stale: false }));
    if (event.type === 'DataStale') {
      if (s.stale) return undefined;
      s.stale = true;
      return this.trip(name, event.timestamp, `data client: silent for ${event.silentMs} ms`, event.silentMs, 0);
    }
    s.lastBarAt = event.timestamp;
    if (!s.stale) return undefined;
    s.stale = false;
    return this.reset(name, event.timestamp, `data client: resumed after ${event.silentMs} ms`, event.silentMs, 0);
  }

  /** Trips every watched bar stream silent for more than its limit at `now`. */
  check(now: UnixMillis): CircuitBreakerEvent[] {
    const events: CircuitBreakerEvent[] = [];
    for (const [name, s] of this.streams) {
      if (s.stale || s.intervalMs === 0) continue;
      const limit = this.intervals * s.intervalMs;
      const silentMs = now - s.lastBarAt;
      if (silentMs <= limit) continue;
      s.stale = true;
      events.push(
        this.trip(name, now, `no bar for ${silentMs} ms > ${this.intervals} × ${s.intervalMs} ms`, silentMs, limit),
      );
    }
    return events;
  }

  /** True when `stream` is stale now. */
  isStale(stream: string): boolean {
    return this.streams.get(stream)?.stale ?? false;
  }

  private trip(stream: string, timestamp: UnixMillis, detail: string, value: number, threshold: number) {
    return {
      type: 'CircuitBreakerTripped',
      breaker: `STALE_DATA:${stream}`,
      scope: this.scope,
      state: this.state,
      reason: TradingStateReason.StaleData,
      detail: `${stream}: ${detail}`,
      value,
      threshold,
      timestamp,
    } as const;
  }

  private reset(stream: string, timestamp: UnixMillis, detail: string, value: number, intervalMs: number) {
    return {
      type: 'CircuitBreakerReset',
      breaker: `STALE_DATA:${stream}`,
      scope: this.scope,
      reason: TradingStateReason.DataResumed,
      detail: `${stream}: ${detail}`,
      value,
      threshold: this.intervals * intervalMs,
      timestamp,
    } as const;
  }
}
