/**
 * The commit thread's module (see sqlite-commit-thread.ts): opens its own connection to the
 * store's file and runs each commit it is sent, in order, answering with the result or the
 * failure. Not imported by anything but the thread's bootstrap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { afterFailure } from '../kysely-trading-store.ts';
import { decodeCommitBatch } from './commit-batch-columns.ts';
import type { SqliteCommitReply, SqliteCommitRequest, SqliteCommitWorkerData } from './sqlite-commit-protocol.ts';
import { openSqliteTradingStore } from './sqlite-trading-store.ts';

const port = parentPort;
if (port === null) throw new Error('sqlite-commit-worker.ts runs only as a worker thread');
const data = workerData as SqliteCommitWorkerData;

const failure = (id: number, error: unknown): SqliteCommitReply => ({
  id,
  failure: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
});

try {
  const store = await openSqliteTradingStore({ ...data, commitThread: false });
  /** Ids of the commits that failed (or were failed after one), so a commit issued after them fails too. */
  const failed = new Set<number>();
  const handle = async (request: SqliteCommitRequest): Promise<SqliteCommitReply> => {
    if ('close' in request) {
      await store.close();
      return { id: request.id };
    }
    try {
      if (request.after !== undefined && failed.has(request.after))
        throw afterFailure(request.runId, new Error(`commit ${request.after} failed`));
      return { id: request.id, result: await store.commit(request.runId, decodeCommitBatch(request.batch)) };
    } catch (error) {
      failed.add(request.id);
      throw error;
    }
  };
  // One request at a time, in the order sent: a commit's predecessor has settled before it starts.
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', (request: SqliteCommitRequest) => {
    queue = queue.then(() =>
      handle(request).then(
        (reply) => {
          port.postMessage(reply);
          if ('close' in request) port.close();
        },
        (error: unknown) => port.postMessage(failure(request.id, error)),
      ),
    );
  });
  port.postMessage({ id: 0 } satisfies SqliteCommitReply);
} catch (error) {
  port.postMessage(failure(0, error));
}
