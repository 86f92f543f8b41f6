import type { DataSink, DataStatusEvent } from '../../core/data/data-client.ts';
import {
  allocateBarSeries,
  type Bar,
  type BarSeries,
  copyBar,
  type QuoteTick,
  type TradeTick,
  writeBarRow,
} from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import type { Timeframe } from '../../core/model/time.ts';
import type { BarPhase, StoredBar, TradingStore } from '../../core/persistence/index.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import type { PaperJournal } from './paper-journal.ts';
import { ReconciliationError } from './paper-journal.ts';
import type { PaperNode } from './paper-node.ts';
import { barAt } from './replay-data-client.ts';

/**
 * A stored live session's inputs, read back for a restart: the warm-up bars it started from
 * (pinned: the catalog may have grown since) and every live bar it was fed, in order.
 */
export interface StoredLiveInputs {
  readonly warmup: BarSeries;
  readonly live: BarSeries;
  readonly timeframe: string;
  /** Bars stored (warm-up and live): the next live bar gets sequence `count + 1`. */
  readonly count: number;
  /** Open time of the last stored bar: a live bar must open after it. */
  readonly lastTimestamp: number | undefined;
}

/**
 * Reads the run's stored bars (undefined when it has none: a new run) and checks they are one run's
 * input: sequences 1..n without gaps, the warm-up before the live bars, one instrument and timeframe,
 * open times strictly increasing. A stored bar that breaks this throws `ReconciliationError` naming it.
 */
export async function loadStoredLiveInputs(
  store: TradingStore,
  runId: string,
  instrumentId: InstrumentId,
): Promise<StoredLiveInputs | undefined> {
  const bars = await store.bars(runId);
  if (bars.length === 0) return undefined;
  const timeframe = bars[0]!.timeframe;
  const problem = (bar: StoredBar, what: string): ReconciliationError =>
    new ReconciliationError(
      `run ${runId}: stored bar ${bar.sequence} (${bar.phase}, ${bar.instrumentId} ${bar.timeframe} at ${bar.timestamp}) ${what}; ` +
        'the stored bars were changed, restore them or start a new run with --run <id>',
    );
  let warmupCount = 0;
  bars.forEach((bar, i) => {
    if (bar.sequence !== i + 1) throw problem(bar, `is at position ${i + 1} of the run's input`);
    if (bar.instrumentId !== instrumentId) throw problem(bar, `is not of the run's instrument ${instrumentId}`);
    if (bar.timeframe !== timeframe) throw problem(bar, `is not of the run's timeframe ${timeframe}`);
    if (bar.phase === 'warmup') {
      if (warmupCount !== i) throw problem(bar, 'is a warm-up bar after a live bar');
      warmupCount++;
    }
    const previous = bars[i - 1];
    if (previous !== undefined && !(bar.timestamp > previous.timestamp))
      throw problem(bar, `does not open after the previous bar (${previous.timestamp})`);
  });
  return {
    warmup: seriesOf(bars.slice(0, warmupCount), instrumentId, timeframe),
    live: seriesOf(bars.slice(warmupCount), instrumentId, timeframe),
    timeframe,
    count: bars.length,
    lastTimestamp: bars[bars.length - 1]!.timestamp,
  };
}

/** Stores a new live run's warm-up bars (phase `warmup`, sequences 1..n) in one commit. */
export async function storeWarmupBars(store: TradingStore, runId: string, warmup: BarSeries): Promise<void> {
  if (warmup.length === 0) return;
  const rows = Array.from({ length: warmup.length }, (_, i) => storedBar(barAt(warmup, i), i + 1, 'warmup'));
  await store.commit(runId, [{ bars: rows }]);
}

export function storedBar(bar: Bar, sequence: number, phase: BarPhase): StoredBar {
  return { sequence, phase, ...copyBar(bar) };
}

function seriesOf(bars: readonly StoredBar[], instrumentId: InstrumentId, timeframe: string): BarSeries {
  const series = allocateBarSeries(instrumentId, timeframe as Timeframe, bars.length);
  bars.forEach((bar, i) => {
    writeBarRow(series, i, bar);
  });
  return { ...series, length: bars.length };
}

/**
 * The live stream's sink in front of the node: relabels the venue's bars with the node's
 * instrument and timeframe, drops a bar that does not open after the last one (a reconnect delivers the last bar
 * again; after a restart, the stored bars are the last ones), and, when the session is stored,
 * journals each bar (the next sequence, phase `live`) before the node steps it.
 */
export class LiveBarGate implements DataSink {
  private journal: PaperJournal | undefined;
  private nextSequence = 1;
  private lastTimestamp: number | undefined;
  /** Bars dropped because they did not open after the last bar. */
  dropped = 0;

  constructor(
    private readonly options: {
      readonly node: PaperNode;
      readonly instrumentId: InstrumentId;
      readonly timeframe: Timeframe;
      readonly logger: Logger;
      /** Open time of the last bar the node has (the warm-up's, or the last stored bar's). */
      readonly lastTimestamp: number | undefined;
    },
  ) {
    this.lastTimestamp = options.lastTimestamp;
  }

  /** From now on, journals each live bar before the node steps it, from sequence `storedBars + 1`. */
  journalTo(journal: PaperJournal, storedBars: number): void {
    this.journal = journal;
    this.nextSequence = storedBars + 1;
  }

  onBar(received: Bar): void {
    const { node, instrumentId, timeframe } = this.options;
    const bar =
      received.instrumentId === instrumentId && received.timeframe === timeframe
        ? received
        : { ...received, instrumentId, timeframe };
    if (this.lastTimestamp !== undefined && !(bar.timestamp > this.lastTimestamp)) {
      this.dropped++;
      this.options.logger.warn('live_bar_dropped', { timestamp: bar.timestamp, last_bar: this.lastTimestamp });
      return;
    }
    // A stopped (or failed) node takes no bar: nothing is journaled that the node did not step.
    if (!node.suspended) {
      this.journal?.addBar(storedBar(bar, this.nextSequence++, 'live'));
      this.lastTimestamp = bar.timestamp;
    }
    node.onBar(bar);
  }

  onTradeTick(trade: TradeTick): void {
    this.options.node.onTradeTick(trade);
  }

  onQuoteTick(quote: QuoteTick): void {
    this.options.node.onQuoteTick(quote);
  }

  onStatus(event: DataStatusEvent): void {
    this.options.node.onStatus(event);
  }
}
