import type { UnixMillis } from '../model/time.ts';
import type {
  ConfigVersion,
  EventRecord,
  LlmDecisionRecord,
  MetricsWindowRecord,
  PortfolioSnapshotRecord,
  ProcessedMessage,
  RiskEventRecord,
  RunStart,
  RunStatus,
  StoredBar,
  StoredEvent,
  StoredFill,
  StoredOrder,
  StoredPosition,
  StoredRun,
  StoredSnapshot,
} from './store-records.ts';

/**
 * One logical change: the events that happened and the state rows they change, applied all or
 * nothing. A change carrying a `message` is skipped whole when that message was processed before
 * (idempotent consumer); one carrying a `fill` is skipped whole when that trade id was applied
 * before (a repeated trade id is applied once). Within a change the store appends, in this order,
 * `events`, then `riskEvents`, then `llmDecisions` to the event log; `snapshot` is taken after them.
 * `bars` are input bars of the run, stored under their own sequences (not events).
 */
export interface StoreChange {
  readonly message?: ProcessedMessage;
  readonly fill?: StoredFill;
  readonly events?: readonly EventRecord[];
  readonly orders?: readonly StoredOrder[];
  readonly positions?: readonly StoredPosition[];
  readonly riskEvents?: readonly RiskEventRecord[];
  readonly llmDecisions?: readonly LlmDecisionRecord[];
  readonly metrics?: readonly MetricsWindowRecord[];
  readonly snapshot?: PortfolioSnapshotRecord;
  /** Input bars of the run (a live session's journal), written with the change's other rows. */
  readonly bars?: readonly StoredBar[];
}

/** How many records `change` appends to the event log (its events, risk events and LLM decisions). */
export function loggedRecordCount(change: StoreChange): number {
  return (change.events?.length ?? 0) + (change.riskEvents?.length ?? 0) + (change.llmDecisions?.length ?? 0);
}

/** What happened to one change of a commit. */
export const ChangeOutcome = {
  Applied: 'applied',
  /** Its message id was processed before (or earlier in the same batch): nothing written. */
  DuplicateMessage: 'duplicate_message',
  /** Its fill's (venue, trade id) was applied before (or earlier in the same batch): nothing written but its message id. */
  DuplicateTradeId: 'duplicate_trade_id',
} as const;
export type ChangeOutcome = (typeof ChangeOutcome)[keyof typeof ChangeOutcome];

/** The result of one `commit`. */
export interface CommitResult {
  /** One outcome per change, in order. */
  readonly outcomes: readonly ChangeOutcome[];
  /** Sequence of the first event appended by this commit; `lastSequence + 1` when none was. */
  readonly firstSequence: number;
  /** The run's last event sequence after the commit. */
  readonly lastSequence: number;
}

/** What a node reads at start-up (and after a crash: the same path), taken from one consistent read. */
export interface RecoveryState {
  readonly run: StoredRun;
  readonly snapshot: StoredSnapshot | undefined;
  /** Events after the snapshot's sequence (all events without a snapshot), in sequence order. */
  readonly eventsAfterSnapshot: readonly StoredEvent[];
  /** Orders not yet closed: initialized (in flight before submit), submitted, accepted, partially filled. */
  readonly openOrders: readonly StoredOrder[];
  readonly positions: readonly StoredPosition[];
}

/** A stored risk event or LLM decision carries its event-log sequence. */
export type Sequenced<T> = T & { readonly runId: string; readonly sequence: number };

/** The backend behind a store. */
export type StoreBackend = 'sqlite' | 'postgres';

/**
 * The operational store: runs, an append-only event log written in the same transaction as the
 * state rows it changes (orders, fills, positions, snapshots, metrics, risk events, LLM decisions,
 * processed message ids), config versions, and the reads recovery needs.
 *
 * Asynchronous because PostgreSQL is; a node batches many changes into one `commit` (one
 * transaction) so it never waits per event (docs/adr/0009-operational-store.md). Commits of one
 * store instance are applied in call order. Every time is UTC epoch milliseconds from the
 * caller's clock: the store never reads the wall clock.
 */
export interface TradingStore {
  readonly backend: StoreBackend;
  /**
   * Creates the run. A run that exists already (a restart) keeps its rows, start and config and is
   * marked `running` again (its end cleared); it is returned as stored.
   */
  startRun(run: RunStart): Promise<StoredRun>;
  /** Marks the run ended (`stopped` or `failed`) at `endedAt`. */
  endRun(runId: string, endedAt: UnixMillis, status: Exclude<RunStatus, 'running'>): Promise<void>;
  run(runId: string): Promise<StoredRun | undefined>;
  /** All runs, newest start first. */
  runs(): Promise<readonly StoredRun[]>;
  /**
   * Applies the changes in one transaction, in order, appending their events with gap-free
   * sequences. Any error rolls the whole batch back (nothing half-written) and rejects. The run
   * must exist. A run's commits apply in call order, and a commit issued while an earlier commit
   * of the same run is still pending fails without writing when that one fails: a writer may hand
   * over batch after batch without waiting, and no batch lands after a lost one.
   */
  commit(runId: string, changes: readonly StoreChange[]): Promise<CommitResult>;
  /** Keeps a configuration once per hash (a second call with the same hash is a no-op). */
  recordConfigVersion(config: ConfigVersion): Promise<void>;
  configVersion(configHash: string): Promise<ConfigVersion | undefined>;
  /** True when the consumer recorded this message id. */
  hasProcessedMessage(consumer: string, messageId: string): Promise<boolean>;
  /** Events with sequence > `afterSequence`, in order, at most `limit` (default: all). */
  events(runId: string, afterSequence: number, limit?: number): Promise<readonly StoredEvent[]>;
  latestSnapshot(runId: string): Promise<StoredSnapshot | undefined>;
  /** Every snapshot of the run, oldest (lowest sequence) first. */
  snapshots(runId: string): Promise<readonly StoredSnapshot[]>;
  /** Every order of the run, by creation time then client order id. */
  orders(runId: string): Promise<readonly StoredOrder[]>;
  /** Orders not yet closed (see `RecoveryState.openOrders`). */
  openOrders(runId: string): Promise<readonly StoredOrder[]>;
  fills(runId: string): Promise<readonly StoredFill[]>;
  positions(runId: string): Promise<readonly StoredPosition[]>;
  metricsWindows(runId: string): Promise<readonly MetricsWindowRecord[]>;
  riskEvents(runId: string): Promise<readonly Sequenced<RiskEventRecord>[]>;
  llmDecisions(runId: string): Promise<readonly Sequenced<LlmDecisionRecord>[]>;
  /** The run's stored input bars, in sequence order (empty when none were kept). */
  bars(runId: string): Promise<readonly StoredBar[]>;
  /** Snapshot + events after it + open orders + positions, from one consistent read; undefined for an unknown run. */
  recoveryState(runId: string): Promise<RecoveryState | undefined>;
  /** The schema versions applied, oldest first. */
  appliedMigrations(): Promise<readonly string[]>;
  close(): Promise<void>;
}
