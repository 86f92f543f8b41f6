import type { BarSeries } from '../model/data.ts';
import type { Feed } from './bar-feed.ts';
import type { StaleDataWatch } from './stale-data-watch.ts';
import type { StepHost } from './tick-path.ts';

/** What the multi-instrument bar step needs beyond the shared step parts. */
export interface SliceHost extends StepHost {
  /** The stale-data watch, when the run has one (a feed with `staleCheck` implies it). */
  readonly staleData: StaleDataWatch | undefined;
  /** Open time of the last bar or slice processed, across all feeds. */
  lastSliceOpen(): number;
}

/**
 * Several instruments' chunks of one timeframe, merged by open time (see
 * `SimulatedVenueEngine.processBars`): each time slice is one step in which every venue matches
 * its instrument's bar before any instrument is marked, and equity is recorded once.
 */
export function processSlices(host: SliceHost, chunks: readonly BarSeries[]): void {
  const timeframe = chunks[0]!.timeframe;
  const mixed = chunks.find((c) => c.timeframe !== timeframe);
  if (mixed !== undefined)
    throw new Error(
      `bars processed together must share one timeframe: ${chunks[0]!.instrumentId} ${timeframe}, ${mixed.instrumentId} ${mixed.timeframe}`,
    );
  const feeds = chunks.map((c) => host.barFeed(c.instrumentId, c.timeframe));
  if (new Set(feeds).size !== feeds.length) throw new Error('each instrument may appear once among the chunks');
  let total = 0;
  let first = Number.POSITIVE_INFINITY;
  for (const c of chunks) {
    total += c.length;
    if (c.length > 0) first = Math.min(first, c.timestamp[0]!);
  }
  host.startAt(Number.isFinite(first) ? first : 0);
  const portfolio = host.kernel.portfolio;
  const staleData = host.staleData;
  const duration = feeds[0]!.durationMs;
  const cursors = new Int32Array(chunks.length);
  const due: Feed[] = [];
  let lastOpen = host.lastSliceOpen();
  host.reserve(total);
  for (;;) {
    let openTime = Number.POSITIVE_INFINITY;
    for (let j = 0; j < chunks.length; j++)
      if (cursors[j]! < chunks[j]!.length) openTime = Math.min(openTime, chunks[j]!.timestamp[cursors[j]!]!);
    if (openTime === Number.POSITIVE_INFINITY) break;
    if (!(openTime > lastOpen))
      throw new Error(`bars must move forward in time: a bar opening at ${openTime} follows the slice at ${lastOpen}`);
    lastOpen = openTime;
    const closeTime = openTime + duration;
    due.length = 0;
    for (let j = 0; j < chunks.length; j++) {
      const chunk = chunks[j]!;
      const i = cursors[j]!;
      if (i >= chunk.length || chunk.timestamp[i] !== openTime) continue;
      const feed = feeds[j]!;
      if (openTime - feed.lastTimestamp > feed.staleAfterMs) staleData!.scheduleCheck(feed, feed.lastTimestamp);
      feed.view.setRow(chunk, i);
      feed.lastTimestamp = openTime;
      cursors[j] = i + 1;
      due.push(feed);
    }
    // The one-feed step, for all the slice's feeds at once: every venue matches before any mark.
    host.moveClockTo(openTime);
    for (const feed of due) if (!feed.exchange.idle) feed.exchange.processBar(feed.view, closeTime);
    host.moveClockTo(closeTime);
    for (const feed of due) {
      portfolio.mark(feed.index, feed.view.close);
      if (feed.staleCheck) staleData!.resumed(feed, closeTime);
    }
    for (const feed of due) feed.topic.publish(feed.view);
    host.recordEquity(closeTime);
  }
  host.countBars(total);
  host.endChunk(lastOpen);
}
