import { createHash } from 'node:crypto';
import type { AuditLog } from '../../adapters/logs/index.ts';
import type { TradingKernel } from '../../core/kernel/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { RunMode, TradingStore } from '../../core/persistence/index.ts';
import { PaperJournal, ReconciliationError, type SequencedChange } from './paper-journal.ts';
import { PaperMirrors } from './paper-mirrors.ts';
import type { PaperNode } from './paper-node.ts';
import { type ReconciliationReport, reconcileWithStore } from './reconcile-with-store.ts';
import { barAt } from './replay-data-client.ts';

/** Where and how a paper node keeps its run. */
export interface PaperPersistence {
  readonly store: TradingStore;
  /** Run id; default `paper-<first 12 hex digits of the run's identity digest>`. */
  readonly runId?: string;
  /** Bars between portfolio snapshots (default 1,440: a day of minute bars). */
  readonly snapshotEveryBars?: number;
  /** The JSONL mirrors (`logs/trades.log.jsonl`, `logs/risk.log.jsonl`); absent: none. */
  readonly audit?: AuditLog;
}

/** What decides a run's results: the resolved config and the replay's start and warm-up (not its end or pace). */
export interface RunIdentity {
  readonly config: unknown;
  readonly mode: string;
  readonly from: number | undefined;
  readonly warmupBars: number;
  /** Added by `openPaperRun` from the persistence settings. */
  readonly snapshotEveryBars?: number;
}

/** The run identity's digest (hex SHA-256 of its JSON): equal identities give the same default run id. */
export function runIdentityHash(identity: RunIdentity): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** How a persisted session began: a new run, or a restart that re-executed and verified the stored one. */
export interface PaperResume {
  readonly runId: string;
  /** Stored events the re-execution regenerated and found equal (0 for a new run). */
  readonly verifiedEvents: number;
  /** Bars re-executed to rebuild the state before trading on. */
  readonly catchUpBars: number;
  readonly reconciliation: ReconciliationReport;
}

/** The run's id (`--run`, else `paper-` + 12 hex digits of its identity's digest) and what it derives from. */
export function paperRunId(
  persistence: PaperPersistence,
  runIdentity: RunIdentity,
): { identity: RunIdentity; configHash: string; runId: string; snapshotEveryBars: number } {
  const snapshotEveryBars = persistence.snapshotEveryBars ?? 1_440;
  // Snapshots append events: their spacing is part of what a restart must regenerate.
  const identity = { ...runIdentity, snapshotEveryBars };
  const configHash = runIdentityHash(identity);
  return { identity, configHash, runId: persistence.runId ?? `paper-${configHash.slice(0, 12)}`, snapshotEveryBars };
}

/**
 * Opens (or reopens) the run in the store and attaches its journal to the node's kernel: the
 * configuration is recorded once per hash; a run id already used by another configuration is
 * refused; the stored events are loaded for the re-execution to verify. Call before the warm-up.
 */
export async function openPaperRun(options: {
  readonly persistence: PaperPersistence;
  readonly identity: RunIdentity;
  readonly mode: RunMode;
  readonly kernel: TradingKernel;
  /** Length of one bar (ms) and bars per year, for the metrics windows. */
  readonly barMillis: number;
  readonly barsPerYear: number;
  readonly onFailure: (error: Error) => void;
}): Promise<{ journal: PaperJournal; runId: string }> {
  const { persistence, kernel } = options;
  const { identity, configHash, runId, snapshotEveryBars } = paperRunId(persistence, options.identity);
  const store = persistence.store;
  const existing = await store.run(runId);
  if (existing !== undefined && existing.configHash !== configHash)
    throw new ReconciliationError(
      `run ${runId} was started with another configuration (hash ${existing.configHash.slice(0, 12)}, now ${configHash.slice(0, 12)}); ` +
        'restore it, or start a new run with another --run id',
    );
  const now = Date.now();
  await store.recordConfigVersion({
    configHash,
    configVersion: configHash.slice(0, 12),
    createdAt: now,
    content: JSON.stringify(identity, null, 2),
  });
  await store.startRun({
    runId,
    mode: options.mode,
    configHash,
    configVersion: configHash.slice(0, 12),
    startedAt: now,
  });
  const storedEvents = await store.events(runId, 0);
  const mirrors = persistence.audit === undefined ? undefined : new PaperMirrors(persistence.audit, runId);
  await mirrors?.catchUp(store);
  const journal = new PaperJournal({
    store,
    runId,
    kernel,
    snapshotEveryBars,
    barMillis: options.barMillis,
    barsPerYear: options.barsPerYear,
    storedEvents,
    onFailure: options.onFailure,
    ...(mirrors === undefined ? {} : { onCommitted: (changes: readonly SequencedChange[]) => mirrors.append(changes) }),
  });
  return { journal, runId };
}

/**
 * Crash-only start: re-executes the replay's bars from the run's first one, synchronously, until
 * the journal has regenerated every stored event (each checked against the store), commits what
 * that step added, then reconciles the rebuilt node with the store. Returns how many bars it took;
 * the replay goes on from the next one. A fresh run takes no bar. Throws `ReconciliationError`
 * when the bars run out before the stored events do, or when the state differs.
 *
 * `whole` (a live session's stored bars): every bar of `series` is re-executed, also those after
 * the last stored event (they were stepped before the stop, and the stream does not send them again).
 */
export async function catchUp(
  node: PaperNode,
  journal: PaperJournal,
  series: BarSeries,
  store: TradingStore,
  runId: string,
  whole = false,
): Promise<{ bars: number; reconciliation: ReconciliationReport }> {
  let bars = 0;
  while ((whole || journal.verifying) && bars < series.length && journal.failed === undefined)
    node.onBar(barAt(series, bars++));
  if (journal.failed !== undefined) throw journal.failed;
  if (journal.verifying)
    throw new ReconciliationError(
      whole
        ? `run ${runId}: ${journal.remaining} stored events are after the last stored live bar ` +
            `(${series.length} bars re-executed); the stored bars were changed or removed, restore them or start a new run with --run`
        : `run ${runId}: ${journal.remaining} stored events are after the replay's last bar ` +
            `(${series.length} bars re-executed); replay at least as far as the run went (--to), or start a new run with --run`,
    );
  await journal.flush();
  if (journal.failed !== undefined) throw journal.failed;
  const reconciliation = await reconcileWithStore(store, runId, node.engine.kernel);
  return { bars, reconciliation };
}
