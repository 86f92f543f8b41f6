import type { Kysely } from 'kysely';
import type {
  CommitResult,
  ConfigVersion,
  LlmDecisionRecord,
  MetricsWindowRecord,
  RecoveryState,
  RiskEventRecord,
  RunStart,
  RunStatus,
  Sequenced,
  StoreBackend,
  StoreChange,
  StoredBar,
  StoredEvent,
  StoredFill,
  StoredOrder,
  StoredPosition,
  StoredRun,
  StoredSnapshot,
  TradingStore,
} from '../../core/persistence/index.ts';
import { commitChanges } from './commit-changes.ts';
import { InsertTemplates } from './insert-templates.ts';
import { appliedMigrations } from './store-migrations.ts';
import {
  readBars,
  readEvents,
  readLatestSnapshot,
  readOpenOrders,
  readPositions,
  readRun,
  readSnapshots,
} from './store-reads.ts';
import { fillRecord, metricsRecord, millis, orderRecord, orUndefined, runRecord } from './store-rows.ts';
import type { StoreDatabase } from './store-schema.ts';

/** What the SQLite and PostgreSQL adapters hand to the shared query layer. */
export interface KyselyTradingStoreOptions {
  readonly db: Kysely<StoreDatabase>;
  readonly backend: StoreBackend;
  /**
   * Whether `recoveryState` asks for a repeatable-read transaction (PostgreSQL; under read
   * committed each statement would see a different moment). A SQLite read transaction is a
   * snapshot already.
   */
  readonly repeatableReads: boolean;
}

/**
 * The `TradingStore` as Kysely queries, one code path for both backends: only the dialect (and
 * its connection settings) differs. Commits are queued so one instance applies them in call order
 * even over a pool of connections.
 */
export class KyselyTradingStore implements TradingStore {
  readonly backend: StoreBackend;
  readonly #db: Kysely<StoreDatabase>;
  readonly #repeatableReads: boolean;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #templates = new InsertTemplates();
  /** Each run's last commit not settled yet: a commit issued meanwhile fails if it fails. */
  readonly #pendingCommits = new Map<string, Promise<CommitResult>>();

  constructor(options: KyselyTradingStoreOptions) {
    this.#db = options.db;
    this.backend = options.backend;
    this.#repeatableReads = options.repeatableReads;
  }

  async startRun(run: RunStart): Promise<StoredRun> {
    await this.#db
      .insertInto('runs')
      .values({
        run_id: run.runId,
        mode: run.mode,
        config_hash: run.configHash,
        config_version: run.configVersion,
        started_at: millis('run startedAt', run.startedAt),
        ended_at: null,
        status: 'running',
        last_sequence: 0,
      })
      .onConflict((oc) => oc.column('run_id').doUpdateSet({ status: 'running', ended_at: null }))
      .execute();
    const stored = await this.run(run.runId);
    if (stored === undefined) throw new Error(`store: run '${run.runId}' missing right after insert`);
    return stored;
  }

  async endRun(runId: string, endedAt: number, status: Exclude<RunStatus, 'running'>): Promise<void> {
    const result = await this.#db
      .updateTable('runs')
      .set({ ended_at: millis('run endedAt', endedAt), status })
      .where('run_id', '=', runId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Error(`store endRun: unknown run '${runId}'`);
  }

  async run(runId: string): Promise<StoredRun | undefined> {
    return readRun(this.#db, runId);
  }

  async runs(): Promise<readonly StoredRun[]> {
    const rows = await this.#db
      .selectFrom('runs')
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('run_id')
      .execute();
    return rows.map(runRecord);
  }

  commit(runId: string, changes: readonly StoreChange[]): Promise<CommitResult> {
    if (this.#closed) return Promise.reject(new Error('store commit: the store is closed'));
    const earlier = this.#pendingCommits.get(runId);
    const next = this.#tail.then(async () => {
      if (earlier !== undefined) await earlier.catch((error: unknown) => Promise.reject(afterFailure(runId, error)));
      return this.#db.transaction().execute((trx) => commitChanges(trx, this.#templates, runId, changes));
    });
    this.#tail = next.catch(() => undefined);
    this.#pendingCommits.set(runId, next);
    const settle = (): void => {
      if (this.#pendingCommits.get(runId) === next) this.#pendingCommits.delete(runId);
    };
    next.then(settle, settle);
    return next;
  }

  async recordConfigVersion(config: ConfigVersion): Promise<void> {
    await this.#db
      .insertInto('config_versions')
      .values({
        config_hash: config.configHash,
        config_version: config.configVersion,
        created_at: millis('config createdAt', config.createdAt),
        content: config.content,
      })
      .onConflict((oc) => oc.column('config_hash').doNothing())
      .execute();
  }

  async configVersion(configHash: string): Promise<ConfigVersion | undefined> {
    const r = await this.#db
      .selectFrom('config_versions')
      .selectAll()
      .where('config_hash', '=', configHash)
      .executeTakeFirst();
    return r === undefined
      ? undefined
      : { configHash: r.config_hash, configVersion: r.config_version, createdAt: r.created_at, content: r.content };
  }

  async hasProcessedMessage(consumer: string, messageId: string): Promise<boolean> {
    const r = await this.#db
      .selectFrom('processed_messages')
      .select('message_id')
      .where('consumer', '=', consumer)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return r !== undefined;
  }

  events(runId: string, afterSequence: number, limit?: number): Promise<readonly StoredEvent[]> {
    return readEvents(this.#db, runId, afterSequence, limit);
  }

  latestSnapshot(runId: string): Promise<StoredSnapshot | undefined> {
    return readLatestSnapshot(this.#db, runId);
  }

  snapshots(runId: string): Promise<readonly StoredSnapshot[]> {
    return readSnapshots(this.#db, runId);
  }

  async orders(runId: string): Promise<readonly StoredOrder[]> {
    const rows = await this.#db
      .selectFrom('orders')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('client_order_id')
      .execute();
    return rows.map(orderRecord);
  }

  openOrders(runId: string): Promise<readonly StoredOrder[]> {
    return readOpenOrders(this.#db, runId);
  }

  async fills(runId: string): Promise<readonly StoredFill[]> {
    const rows = await this.#db
      .selectFrom('fills')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('timestamp')
      .orderBy('venue')
      .orderBy('trade_id')
      .execute();
    return rows.map(fillRecord);
  }

  positions(runId: string): Promise<readonly StoredPosition[]> {
    return readPositions(this.#db, runId);
  }

  async metricsWindows(runId: string): Promise<readonly MetricsWindowRecord[]> {
    const rows = await this.#db
      .selectFrom('metrics_windows')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('label')
      .orderBy('window_start')
      .execute();
    return rows.map(metricsRecord);
  }

  async riskEvents(runId: string): Promise<readonly Sequenced<RiskEventRecord>[]> {
    const rows = await this.#db
      .selectFrom('risk_events')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('sequence')
      .execute();
    return rows.map((r) => ({
      runId: r.run_id,
      sequence: r.sequence,
      type: r.type,
      timestamp: r.timestamp,
      instrumentId: orUndefined(r.instrument_id),
      strategyId: orUndefined(r.strategy_id),
      payload: r.payload,
    }));
  }

  async llmDecisions(runId: string): Promise<readonly Sequenced<LlmDecisionRecord>[]> {
    const rows = await this.#db
      .selectFrom('llm_decisions')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('sequence')
      .execute();
    return rows.map((r) => ({
      runId: r.run_id,
      sequence: r.sequence,
      decisionId: r.decision_id,
      type: r.type,
      timestamp: r.timestamp,
      model: r.model,
      outcome: r.outcome,
      payload: r.payload,
    }));
  }

  bars(runId: string): Promise<readonly StoredBar[]> {
    return readBars(this.#db, runId);
  }

  recoveryState(runId: string): Promise<RecoveryState | undefined> {
    const builder = this.#db.transaction();
    return (this.#repeatableReads ? builder.setIsolationLevel('repeatable read') : builder).execute(async (trx) => {
      const run = await readRun(trx, runId);
      if (run === undefined) return undefined;
      const snapshot = await readLatestSnapshot(trx, runId);
      return {
        run,
        snapshot,
        eventsAfterSnapshot: await readEvents(trx, runId, snapshot?.sequence ?? 0, undefined),
        openOrders: await readOpenOrders(trx, runId),
        positions: await readPositions(trx, runId),
      };
    });
  }

  appliedMigrations(): Promise<readonly string[]> {
    return appliedMigrations(this.#db as unknown as Kysely<unknown>);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    await this.#db.destroy();
  }
}

/** The error of a commit issued while an earlier commit of its run was pending and then failed. */
export function afterFailure(runId: string, cause: unknown): Error {
  return new Error(`store commit: an earlier commit of run '${runId}' failed; this batch was not written`, { cause });
}
