import type { AggregatedBar } from '../../../core/data/aggregated-bar.ts';
import { LatePolicy } from '../../../core/data/bar-aggregator.ts';
import { createTradeBarAggregator } from '../../../core/data/trade-bars.ts';
import { type Bar, copyBar } from '../../../core/model/data.ts';
import { type Timeframe, timeframeMillis } from '../../../core/model/time.ts';
import { backfillMissedBars } from './backfill-missed-bars.ts';
import { type Candle, decodeCcxtCandle } from './ccxt-decoders.ts';
import { type BarTrack, bucketOf, type StreamContext, type StreamState } from './stream-state.ts';

/**
 * A new bar track of `timeframe` on `stream`; with `fromTrades`, an aggregator that builds its bars
 * from the stream's trades (late trades dropped, partial buckets never emitted, see onBuiltBar).
 */
export function createBarTrack(
  context: StreamContext,
  stream: StreamState,
  timeframe: Timeframe,
  fromTrades: boolean,
): BarTrack {
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
      onBar: (bar) => onBuiltBar(context, stream, track, bar),
    });
  return track;
}

/** Queues a closed exchange candle for emission unless it, or a later one, was already queued or emitted. */
export function closeCandle(stream: StreamState, track: BarTrack, candle: Candle): void {
  if (candle[0] <= track.lastEmitted || candle[0] <= (track.outbox.at(-1)?.timestamp ?? Number.NEGATIVE_INFINITY))
    return;
  track.outbox.push(decodeCcxtCandle(stream.instrumentId, track.timeframe, candle));
}

/** Backfills the hole before `firstLive` when one is owed, then emits the outbox in order. */
export async function flushBarTrack(
  context: StreamContext,
  stream: StreamState,
  track: BarTrack,
  firstLive: number | undefined,
): Promise<void> {
  if (track.needsBackfill && firstLive !== undefined) {
    track.needsBackfill = false;
    track.backfillTo = undefined;
    await fillGap(context, stream, track, track.lastEmitted + track.timeframeMs, firstLive);
  }
  if (track.needsBackfill) return;
  emitOutbox(context, track);
}

/**
 * The venue's bars opening in [from, to) over REST, emitted and reported as DataGapFilled. A
 * backfill that still fails after its retries is logged and the hole stays (the live bars go on).
 */
async function fillGap(context: StreamContext, stream: StreamState, track: BarTrack, from: number, to: number) {
  if (from >= to) return;
  const { exchange, timers } = context;
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
      maxAttempts: context.backfillAttempts,
      sleepBeforeRetry: (attempt, error) => context.sleep(error.retryAfterMs ?? context.backoffDelay(attempt)),
    });
    for (const bar of bars) emitBar(context, track, bar);
    stream.emit({
      type: 'DataGapFilled',
      from: bars[0]?.timestamp ?? from,
      to: bars.at(-1)?.timestamp ?? to - track.timeframeMs,
      bars: bars.length,
    });
  } catch (error) {
    context.logger.error('data_gap_backfill_failed', { ...stream.key, from, to, reason: String(error) });
  }
}

/** Hands a bar to the sink unless one at or after its open time already went. */
function emitBar(context: StreamContext, track: BarTrack, bar: Bar): void {
  if (bar.timestamp <= track.lastEmitted) return;
  track.lastEmitted = bar.timestamp;
  context.sink.onBar(bar);
}

function emitOutbox(context: StreamContext, track: BarTrack): void {
  for (const bar of track.outbox.splice(0)) emitBar(context, track, bar);
}

/** A timer at the pending candle's close (plus the delay) closes it when no newer candle did. */
export function armCandleTimer(context: StreamContext, stream: StreamState, track: BarTrack): void {
  track.cancelCloseTimer?.();
  const pending = track.pending;
  if (pending === undefined) return;
  const { timers } = context;
  const due = pending[0] + track.timeframeMs + context.closeDelayMs;
  track.cancelCloseTimer = timers.schedule(Math.max(0, due - timers.now()), () => {
    track.cancelCloseTimer = undefined;
    if (track.pending !== pending || track.needsBackfill) return;
    track.pending = undefined;
    closeCandle(stream, track, pending);
    emitOutbox(context, track);
  });
}

/** A closed trade-built bar is queued; a partial one is dropped, and after a reconnect it owes a backfill. */
function onBuiltBar(context: StreamContext, stream: StreamState, track: BarTrack, bar: AggregatedBar): void {
  if (!bar.partial) {
    track.outbox.push(copyBar(bar));
    return;
  }
  if (Number.isFinite(track.lastEmitted)) {
    track.needsBackfill = true;
    track.backfillTo = bar.timestamp + track.timeframeMs;
  }
  context.logger.debug('data_partial_bar_dropped', { ...stream.key, timeframe: track.timeframe, open: bar.timestamp });
}

/** A timer at the forming bucket's close (plus the delay) closes it when no later trade did. */
export function armTradeBarTimer(context: StreamContext, stream: StreamState, track: BarTrack): void {
  if (track.cancelCloseTimer !== undefined || track.aggregator?.pending !== true) return;
  const { timers } = context;
  const delay = context.closeDelayMs;
  const due = bucketOf(track.timeframe, stream.lastTradeTime).end + delay;
  track.cancelCloseTimer = timers.schedule(Math.max(0, due - timers.now()), () => {
    track.cancelCloseTimer = undefined;
    track.aggregator?.closeUpTo(timers.now() - delay);
    if (!track.needsBackfill) emitOutbox(context, track);
    armTradeBarTimer(context, stream, track);
  });
}
