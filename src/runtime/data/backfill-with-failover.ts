import type { Exchange } from 'ccxt';
import { VenueError } from '../../adapters/venues/ccxt/index.ts';
import { SeededRandom } from '../../core/kernel/random.ts';
import { type InstrumentId, instrumentId as makeInstrumentId } from '../../core/model/ids.ts';
import { timeframeMillis } from '../../core/model/time.ts';
import { SILENT_LOGGER } from '../../core/strategy/logger.ts';
import { type BackfillOptions, type BackfillResult, BackfillStop, backfillBars } from './backfill-bars.ts';
import { checkOverlap, type OverlapReport } from './backfill-overlap.ts';

/** A hand-over from one source to the next. */
export interface SourceSwitch {
  readonly from: string;
  readonly to: string;
  /** `failed`: the source raised a permanent error or ran out of retries; `lagging`: it had nothing newer but the next source had. */
  readonly reason: 'failed' | 'lagging';
  /** Open time of the next bar wanted at the switch, Unix ms. */
  readonly cursor: number;
  readonly error?: string;
}

/** Backfill from a ranked list of exchanges into one stored series. */
export interface FailoverOptions extends Omit<BackfillOptions, 'exchange'> {
  /** Primary first; each later source serves only when those before it failed or lag. */
  readonly sources: readonly Exchange[];
  /** Bars compared at a switch (the last ones stored before it); default 60, 0 turns the check off. */
  readonly overlapBars?: number;
  /** Relative price difference beyond which two sources disagree; default 0.001 (0.1 %). */
  readonly overlapTolerance?: number;
}

export interface FailoverResult {
  readonly instrumentId: InstrumentId;
  /** One entry per source run that completed, in order. */
  readonly runs: readonly BackfillResult[];
  readonly switches: readonly SourceSwitch[];
  /** One report per switch made with bars already stored (reference: stored bars, candidate: the new source). */
  readonly overlaps: readonly OverlapReport[];
  readonly barsWritten: number;
  readonly stop: BackfillStop;
}

/**
 * Backfills one series from several exchanges: the primary serves until it fails (a permanent
 * error, or retries exhausted) or lags (it has nothing newer while the next source has), then
 * the next one continues from the last stored bar. Every switch is logged (`backfill_source_switched`)
 * and, when bars are already stored, the new source is compared with the last `overlapBars` of
 * them; a disagreement beyond the tolerance is logged (`backfill_sources_disagree`) and reported.
 * Throws the last error when every source failed.
 */
export async function backfillWithFailover(options: FailoverOptions): Promise<FailoverResult> {
  const { sources, symbol, timeframe, store } = options;
  if (sources.length === 0) throw new Error('backfillWithFailover: at least one source is needed');
  const logger = options.logger ?? SILENT_LOGGER;
  const now = options.now ?? Date.now;
  const seeded = new SeededRandom(options.seed ?? 1);
  const random = options.random ?? (() => seeded.next());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const id = options.instrumentId ?? makeInstrumentId(symbol, sources[0].id.toUpperCase());
  const overlapBars = options.overlapBars ?? 60;
  const tolerance = options.overlapTolerance ?? 0.001;
  const step = timeframeMillis(timeframe);
  const runs: BackfillResult[] = [];
  const switches: SourceSwitch[] = [];
  const overlaps: OverlapReport[] = [];
  let stop: BackfillStop = BackfillStop.NoNewerBars;

  /** Records and logs a switch made at `cursor`; compares the new source with the bars stored before it. */
  const recordSwitch = async (
    from: number,
    reason: SourceSwitch['reason'],
    cursor: number,
    error?: string,
  ): Promise<void> => {
    const change: SourceSwitch = {
      from: sources[from].id,
      to: sources[from + 1].id,
      reason,
      cursor,
      ...(error === undefined ? {} : { error }),
    };
    switches.push(change);
    logger.warn('backfill_source_switched', { ...change, instrument_id: id });
    if (overlapBars === 0) return;
    const windowStart = Math.max(options.since, cursor - overlapBars * step);
    const reference = await store.readBars({ instrumentId: id, timeframe, from: windowStart, to: cursor });
    if (reference.length === 0) return;
    const report = await checkOverlap({
      reference,
      referenceName: `stored (${sources[from].id})`,
      candidate: sources[from + 1],
      symbol,
      tolerance,
      now,
      sleep,
      random,
      ...(options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
    });
    overlaps.push(report);
    if (!report.agree)
      logger.warn('backfill_sources_disagree', {
        instrument_id: id,
        reference: report.reference,
        candidate: report.candidate,
        compared_bars: report.comparedBars,
        disagreeing_bars: report.disagreements.length,
        max_relative_difference: report.maxRelativeDifference,
        tolerance,
      });
  };
  const nextCursor = async (): Promise<number> => {
    const last = await store.lastTimestamp(id, timeframe);
    return last === undefined ? options.since : Math.max(options.since, last + step);
  };

  let probingForLag = false;
  for (let index = 0; index < sources.length; index++) {
    const cursor = await nextCursor();
    let run: BackfillResult;
    try {
      run = await backfillBars({ ...options, exchange: sources[index], instrumentId: id, now, sleep, random });
    } catch (error) {
      if (!(error instanceof VenueError) || index === sources.length - 1) throw error;
      logger.error('backfill_source_failed', { exchange: sources[index].id, instrument_id: id, error: error.message });
      await recordSwitch(index, 'failed', await nextCursor(), error.message);
      probingForLag = false;
      continue;
    }
    // Asking the next source after a "nothing newer" is a switch only when it had newer bars.
    if (probingForLag && run.barsWritten > 0) await recordSwitch(index - 1, 'lagging', cursor);
    runs.push(run);
    stop = run.stop;
    if (run.stop !== BackfillStop.NoNewerBars || (probingForLag && run.barsWritten === 0)) break;
    probingForLag = true;
  }
  const barsWritten = runs.reduce((sum, run) => sum + run.barsWritten, 0);
  return { instrumentId: id, runs, switches, overlaps, barsWritten, stop };
}
