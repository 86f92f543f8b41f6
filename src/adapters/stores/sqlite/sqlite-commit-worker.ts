/**
 * The commit thread's module (see sqlite-commit-thread.ts): opens its own connection to the
 * store's file and runs each commit it is sent, in order, answering with the result or the
 * failure. Not imported by anything but the thread's bootstrap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CommitResult } from '../../../core/persistence/index.ts';
import { afterFailure, KyselyTradingStore } from '../kysely-trading-store.ts';
import { decodeCommitBatch } from './commit-batch-columns.ts';
import type { SqliteCommitReply, SqliteCommitRequest, SqliteCommitWorkerData } from './sqlite-commit-protocol.ts';
import { openSqliteTradingStore } from './sqlite-trading-store.ts';

const port = parentPort;
if (port === null) throw new Error('sqlite-commit-worker.ts runs only as a worker thread');
const data = workerData as SqliteCommitWorkerData;

/** Commits run as one transaction at most (group commit: one fsync for all of them). */
const MAX_GROUP = 32;

type CommitRequest = Extract<SqliteCommitRequest, { runId: string }>;

const failure = (id: number, error: unknown): SqliteCommitReply => ({
  id,
  failure: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
});

try {
  const store = await openSqliteTradingStore({ ...data, commitThread: false });
  if (!(store instanceof KyselyTradingStore)) throw new Error('the SQLite store is not a Kysely store');
  /** Ids of the commits that failed (or were failed after one), so a commit issued after them fails too. */
  const failed = new Set<number>();
  const commitOne = async (request: CommitRequest): Promise<CommitResult> => {
    try {
      if (request.after !== undefined && failed.has(request.after))
        throw afterFailure(request.runId, new Error(`commit ${request.after} failed`));
      return await store.commit(request.runId, decodeCommitBatch(request.batch));
    } catch (error) {
      failed.add(request.id);
      throw error;
    }
  };
  /**
   * Commits of one run queued one behind the other, run as one transaction. When it fails, they run
   * again one by one, so that each gets the outcome it would have had alone (the ones before the
   * failing one are stored, the ones issued after it fail with it).
   */
  const commitGroup = async (group: readonly CommitRequest[]): Promise<void> => {
    if (group.length > 1 && (group[0]!.after === undefined || !failed.has(group[0]!.after))) {
      try {
        const results = await store.commitGroup(
          group.map((r) => ({ runId: r.runId, changes: decodeCommitBatch(r.batch) })),
        );
        for (const [i, request] of group.entries())
          port.postMessage({ id: request.id, result: results[i] } satisfies SqliteCommitReply);
        return;
      } catch {
        // one of them fails: find which, below
      }
    }
    for (const request of group)
      await commitOne(request).then(
        (result) => port.postMessage({ id: request.id, result } satisfies SqliteCommitReply),
        (error: unknown) => port.postMessage(failure(request.id, error)),
      );
  };

  // Requests run one at a time in the order sent. Between two, the thread yields to its event loop
  // so that every request that arrived meanwhile is queued: consecutive commits of one run then go
  // in one transaction (the node cut them while this thread was busy; nothing waits longer for it).
  const queue: SqliteCommitRequest[] = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    draining = true;
    while (queue.length > 0) {
      const first = queue.shift()!;
      if ('close' in first) {
        await store.close();
        port.postMessage({ id: first.id } satisfies SqliteCommitReply);
        port.close();
        return;
      }
      const group: CommitRequest[] = [first];
      for (let next = queue[0]; next !== undefined && group.length < MAX_GROUP; next = queue[0]) {
        if ('close' in next || next.runId !== first.runId) break;
        group.push(queue.shift() as CommitRequest);
      }
      await commitGroup(group);
      await new Promise((resolve) => setImmediate(resolve));
    }
    draining = false;
  };
  port.on('message', (request: SqliteCommitRequest) => {
    queue.push(request);
    if (!draining) void drain();
  });
  port.postMessage({ id: 0 } satisfies SqliteCommitReply);
} catch (error) {
  port.postMessage(failure(0, error));
}
