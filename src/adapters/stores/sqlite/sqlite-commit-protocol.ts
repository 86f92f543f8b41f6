import type { CommitResult } from '../../../core/persistence/index.ts';
import type { CommitBatchColumns } from './commit-batch-columns.ts';
import type { SqliteSynchronous } from './sqlite-synchronous.ts';

/** What the commit thread opens: the store's own file and settings. */
export interface SqliteCommitWorkerData {
  readonly path: string;
  readonly synchronous: SqliteSynchronous;
  readonly busyTimeoutMs: number;
}

/**
 * Main thread → commit thread: one commit, or the end. `after` is the id of the run's earlier
 * commit that was still pending when this one was issued: if that one failed, this one fails too.
 * The thread's own store cannot decide that: by the time the next message arrives there, the
 * earlier commit may have failed and settled, and a commit issued after a settled failure stands on
 * its own (the store contract's test of the rule fails the commit-thread backend without `after`).
 */
export type SqliteCommitRequest =
  | {
      readonly id: number;
      readonly runId: string;
      /** The commit's changes, by column (`encodeCommitBatch`). */
      readonly batch: CommitBatchColumns;
      readonly after: number | undefined;
    }
  | { readonly id: number; readonly close: true };

/** Commit thread → main thread. `id` 0 answers the opening. */
export type SqliteCommitReply =
  | { readonly id: number; readonly result?: CommitResult }
  | { readonly id: number; readonly failure: { readonly message: string; readonly stack?: string } };
