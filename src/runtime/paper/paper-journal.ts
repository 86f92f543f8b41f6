import type { TradingKernel } from '../../core/kernel/index.ts';
import type { OrderEvent, PositionChanged } from '../../core/model/events.ts';
import {
  BatchingStoreWriter,
  currentEventPayload,
  type EventRecord,
  loggedRecordCount,
  type StoreChange,
  type StoredBar,
  type StoredEvent,
  type StoredOrder,
  type StoredPosition,
  type TradingStore,
  toEventRecord,
  toStoredFill,
  toStoredOrder,
} from '../../core/persistence/index.ts';
import { RISK_EVENTS_TOPIC, type RiskEvent } from '../../core/risk/risk-events.ts';
import { WindowMetrics, windowLabel } from './window-metrics.ts';

/** The node's state and the store disagree: the node does not trade and says why. */
export class ReconciliationError extends Error {}

/** Bus priority of the journal's handlers (above every strategy's and engine's). */
const JOURNAL_PRIORITY = 1_000_000;

/**
 * Strategy key of the position rows: the account nets positions per instrument, so the row is the
 * instrument's net position (the event log keeps which strategy's fill moved it).
 */
export const NET_POSITION = 'NET';

/** A committed change with the sequence of its first event. */
export interface SequencedChange {
  readonly change: StoreChange;
  readonly firstSequence: number;
}

/** The event a checkpoint appends to the log; its sequence keys the portfolio snapshot taken with it. */
export const SNAPSHOT_EVENT = 'PortfolioSnapshotTaken';

export interface PaperJournalOptions {
  readonly store: TradingStore;
  readonly runId: string;
  readonly kernel: TradingKernel;
  /** Bars between two snapshots (counted from the run's first bar, so a re-execution takes them at the same bars). */
  readonly snapshotEveryBars: number;
  /** Length of one bar (ms): labels the metrics windows (`1d` for 1,440 minute bars). */
  readonly barMillis: number;
  /** Bars in a year, to annualise each window's Sharpe and Sortino ratios. */
  readonly barsPerYear: number;
  /**
   * The run's stored events (a restart): the re-execution must regenerate each of them, in order
   * and byte for byte, before the journal writes anything new. Empty for a new run.
   */
  readonly storedEvents: readonly StoredEvent[];
  /** Changes per transaction at most (default 10,000). */
  readonly maxBatch?: number;
  /**
   * Group commit: the first change after a commit starts a timer of this many ms; when it fires,
   * everything added meanwhile is committed in one transaction (one fsync). Default 20 ms: a paced
   * node commits each bar's changes within 20 ms, a replay at max speed commits a few thousand
   * bars at a time instead of paying an fsync per bar.
   */
  readonly commitIntervalMs?: number;
  /** Called with the changes of each committed flush (the JSONL mirrors), in commit order. */
  readonly onCommitted?: (changes: readonly SequencedChange[]) => void;
  /** Called once when the journal fails (a mismatch or a failed commit): the node must stop trading. */
  readonly onFailure: (error: Error) => void;
}

/**
 * The paper node's write-ahead record: it turns the kernel's order, fill, position and risk events
 * into store changes (each change's events and the rows they change in one transaction) and
 * commits them in batches (group commit: every `commitIntervalMs`, or when a batch is full). On a restart the node re-executes its
 * inputs from the run's start; the journal then checks each regenerated event against the stored
 * one (same sequence, type, time and payload) instead of writing it, and starts writing at the
 * first event the store does not have. A crash at any point therefore loses nothing that was
 * committed and doubles nothing: the committed prefix is regenerated, the rest is written once
 * (docs/adr/0011-crash-only-paper-node.md).
 */
export class PaperJournal {
  private readonly writer: BatchingStoreWriter;
  private readonly stored: (StoredEvent | undefined)[];
  /** Sequence the next regenerated event will have. */
  private nextSequence = 1;
  private barsSinceSnapshot = 0;
  private equityPeak = Number.NEGATIVE_INFINITY;
  private flushScheduled = false;
  private committing: SequencedChange[] = [];
  private failure: Error | undefined;
  private readonly metrics: WindowMetrics;
  /** Orders changed by the changes queued since the last batch was cut: their rows end the batch. */
  private readonly changedOrders = new Set<string>();
  /** The latest position event of each instrument since the last batch was cut: its row ends the batch. */
  private readonly changedPositions = new Map<string, PositionChanged>();
  /** Events regenerated and found equal to the stored ones. */
  verified = 0;

  constructor(private readonly options: PaperJournalOptions) {
    if (!Number.isSafeInteger(options.snapshotEveryBars) || options.snapshotEveryBars < 1)
      throw new Error(`snapshotEveryBars must be a positive integer, got ${options.snapshotEveryBars}`);
    this.writer = new BatchingStoreWriter({
      store: options.store,
      runId: options.runId,
      maxBatch: options.maxBatch ?? 10_000,
      closeBatch: () => this.changedRows(),
    });
    this.stored = [...options.storedEvents];
    this.metrics = new WindowMetrics(
      options.kernel.portfolio,
      options.snapshotEveryBars,
      options.barsPerYear,
      windowLabel(options.snapshotEveryBars * options.barMillis),
    );
    // First among the handlers: an event is journaled before a strategy reacts to it, so the log keeps cause before effect.
    const bus = options.kernel.bus;
    bus.subscribe<OrderEvent>('events.order.*', (event) => this.onOrderEvent(event), JOURNAL_PRIORITY);
    bus.subscribe<PositionChanged>('events.position.*', (event) => this.onPositionEvent(event), JOURNAL_PRIORITY);
    bus.subscribe<RiskEvent>(
      RISK_EVENTS_TOPIC,
      (event) => this.add({ riskEvents: [riskRecord(event)] }),
      JOURNAL_PRIORITY,
    );
  }

  /** Why the journal failed (a mismatch or a failed commit), once it has. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** True while stored events remain to be regenerated (the node is catching up; nothing is written). */
  get verifying(): boolean {
    return this.nextSequence <= this.stored.length;
  }

  /** Stored events not regenerated yet. */
  get remaining(): number {
    return Math.max(0, this.stored.length - this.nextSequence + 1);
  }

  /**
   * The node's last step ended at `closeTime` with `equity`: every `snapshotEveryBars` bars a
   * snapshot is due, with the metrics of the window of bars since the previous one.
   */
  afterStep(closeTime: number, equity: number): void {
    if (equity > this.equityPeak) this.equityPeak = equity;
    this.metrics.add(closeTime - this.options.barMillis, equity);
    if (++this.barsSinceSnapshot < this.options.snapshotEveryBars) return;
    this.barsSinceSnapshot = 0;
    this.add({ ...this.snapshotChange(closeTime, equity), metrics: [this.metrics.close(closeTime)] });
  }

  /** Commits what is pending; resolves once everything added so far is durable (rejects after a failure). */
  async flush(): Promise<void> {
    const batch = this.committing;
    this.committing = [];
    try {
      await this.writer.flush();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      throw this.failure;
    }
    if (batch.length > 0) this.options.onCommitted?.(batch);
  }

  /**
   * Journals a live bar before the node steps it: its row goes into the batch ahead of the events
   * the step adds, so a committed batch that holds a bar's events also holds the bar (batches commit
   * in order). Refused while stored events remain to be verified (the catch-up re-executes stored bars).
   */
  addBar(bar: StoredBar): void {
    if (this.failure !== undefined) return;
    if (this.verifying) {
      this.fail(new ReconciliationError(`run ${this.options.runId}: a new bar arrived before the catch-up ended`));
      return;
    }
    this.queue({ bars: [bar] }, 0);
  }

  private onOrderEvent(event: OrderEvent): void {
    if (event.type === 'OrderDenied') {
      this.add({ riskEvents: [riskRecord(event)] }, event.clientOrderId);
      return;
    }
    const events = [toEventRecord(event)];
    this.add(event.type === 'OrderFilled' ? { fill: toStoredFill(event), events } : { events }, event.clientOrderId);
  }

  /**
   * The rows of the orders and positions the batch changed, in their state as the batch is cut
   * (after its last event): one row per order or position per batch, however many events moved it.
   */
  private changedRows(): StoreChange | undefined {
    if (this.changedOrders.size === 0 && this.changedPositions.size === 0) return undefined;
    const orders: StoredOrder[] = [];
    for (const id of this.changedOrders) {
      const order = this.options.kernel.cache.order(id);
      if (order !== undefined) orders.push(toStoredOrder(order));
    }
    const positions: StoredPosition[] = [];
    for (const event of this.changedPositions.values())
      positions.push({
        instrumentId: event.instrumentId,
        strategyId: NET_POSITION,
        quantity: event.quantity,
        averageEntryPrice: event.averageEntryPrice,
        realizedPnl: event.totalRealizedPnl,
        updatedAt: event.timestamp,
      });
    this.changedOrders.clear();
    this.changedPositions.clear();
    return { orders, positions };
  }

  private onPositionEvent(event: PositionChanged): void {
    this.add({ events: [toEventRecord(event)] }, undefined, event);
  }

  private snapshotChange(closeTime: number, equity: number): StoreChange {
    const { portfolio, cache } = this.options.kernel;
    const positions = portfolio
      .allPositions()
      .filter((p) => p.quantity !== 0)
      .map((p) => ({ instrument_id: p.instrument.id, quantity: p.quantity, average_entry_price: p.averageEntryPrice }));
    const openOrders = cache.openOrderList.map((o) => o.clientOrderId);
    const cash = portfolio.cash();
    const drawdown = this.equityPeak > 0 ? Math.max(0, 1 - equity / this.equityPeak) : 0;
    const state = JSON.stringify({
      balances: portfolio.account.balancesByCurrency(),
      positions,
      open_orders: openOrders,
      equity_peak: this.equityPeak,
    });
    return {
      events: [{ type: SNAPSHOT_EVENT, timestamp: closeTime, payload: JSON.stringify({ cash, equity, drawdown }) }],
      snapshot: {
        timestamp: closeTime,
        cash,
        equity,
        grossExposure: portfolio.grossExposure(),
        netExposure: portfolio.netExposure(),
        drawdown,
        payload: state,
      },
    };
  }

  /**
   * Verifies a regenerated change against the stored log, or queues it for the store; `orderId`
   * names the order whose row the change moves, `position` the position event whose row it moves
   * (both rows are written as the batch is cut, so they are noted before the change is queued).
   */
  private add(change: StoreChange, orderId?: string, position?: PositionChanged): void {
    if (this.failure !== undefined) return;
    if (this.verifying) {
      for (const records of [change.events, change.riskEvents, change.llmDecisions])
        for (const regenerated of records ?? []) if (!this.verify(regenerated)) return;
      return;
    }
    if (orderId !== undefined) this.changedOrders.add(orderId);
    if (position !== undefined) this.changedPositions.set(position.instrumentId, position);
    this.queue(change, loggedRecordCount(change));
  }

  /** Checks a regenerated event against the stored one of its sequence (false: the journal failed). */
  private verify(regenerated: EventRecord): boolean {
    const sequence = this.nextSequence++;
    const stored = this.stored[sequence - 1];
    if (stored === undefined) {
      // A change is stored whole or not at all: its first event decides.
      this.fail(new ReconciliationError(`event ${sequence}: the store ends inside a change`));
      return false;
    }
    this.stored[sequence - 1] = undefined; // verified: let it go
    if (
      stored.type !== regenerated.type ||
      stored.timestamp !== regenerated.timestamp ||
      (stored.payload !== regenerated.payload && currentEventPayload(stored.payload) !== regenerated.payload)
    ) {
      this.fail(
        new ReconciliationError(
          `run ${this.options.runId}: stored event ${sequence} is ${describe(stored)} but the re-execution produced ` +
            `${describe(regenerated)}; the configuration, the code or the data changed since the run started ` +
            '(start a new run with --run <id>)',
        ),
      );
      return false;
    }
    this.verified++;
    return true;
  }

  /** Hands a change (with `events` log records) to the writer and schedules the group commit. */
  private queue(change: StoreChange, events: number): void {
    const firstSequence = this.nextSequence;
    this.nextSequence += events;
    try {
      this.writer.add(change);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (this.options.onCommitted !== undefined) this.committing.push({ change, firstSequence });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => {
        this.flushScheduled = false;
        this.flush().catch(() => undefined); // reported through onFailure
      }, this.options.commitIntervalMs ?? 20);
    }
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.options.onFailure(error);
  }
}

function riskRecord(event: RiskEvent | OrderEvent): EventRecord & {
  instrumentId: string | undefined;
  strategyId: string | undefined;
} {
  const fields = event as { instrumentId?: string; strategyId?: string };
  return { ...toEventRecord(event), instrumentId: fields.instrumentId, strategyId: fields.strategyId };
}

function describe(event: EventRecord): string {
  const payload = event.payload.length > 160 ? `${event.payload.slice(0, 160)}…` : event.payload;
  return `${event.type} at ${event.timestamp} ${payload}`;
}
