import type { Worker } from 'node:worker_threads';
import type { CommitResult, StoreChange } from '../../../core/persistence/index.ts';
import { startTypeScriptWorker } from '../../threads/index.ts';
import { encodeCommitBatch } from './commit-batch-columns.ts';
import type { SqliteCommitReply, SqliteCommitRequest, SqliteCommitWorkerData } from './sqlite-commit-protocol.ts';

const WORKER_MODULE = new URL('./sqlite-commit-worker.ts', import.meta.url);

interface Pending {
  readonly resolve: (result: CommitResult | undefined) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A worker thread that runs a SQLite store's commits on its own connection to the same file, so
 * that SQLite's work (inserts, index upkeep, the fsync of `synchronous=FULL`) runs on another core
 * while the node goes on (docs/adr/0017-sqlite-commit-thread.md). Commits are applied in the order
 * they are sent; a commit resolves once its transaction is durable, after which the main
 * connection's reads see it (WAL: each read transaction sees every commit before it began).
 * A thread that dies fails every commit in flight and every later one.
 */
export class SqliteCommitThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  /** Each run's last commit not answered yet (its id). */
  readonly #lastCommit = new Map<string, number>();
  #nextId = 1;
  #dead: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: SqliteCommitReply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if ('failure' in reply) {
        const error = new Error(reply.failure.message);
        if (reply.failure.stack !== undefined) error.stack = reply.failure.stack;
        pending.reject(error);
      } else pending.resolve(reply.result);
    });
    worker.on('error', (error) => this.#die(error));
    worker.on('exit', (code) => this.#die(new Error(`the SQLite commit thread exited (code ${code})`)));
  }

  /** Starts the thread and resolves once its connection is open (rejects with the reason it could not open). */
  static async start(data: SqliteCommitWorkerData): Promise<SqliteCommitThread> {
    const thread = new SqliteCommitThread(startTypeScriptWorker(WORKER_MODULE, { workerData: data }));
    try {
      await thread.#request(0, undefined);
    } catch (error) {
      await thread.#worker.terminate();
      throw new Error(
        `sqlite store ${data.path}: the commit thread could not open the file: ${(error as Error).message}`,
      );
    }
    return thread;
  }

  /**
   * Runs `changes` as one transaction in the thread (see `TradingStore.commit`). Not an async
   * function: its frame would hold the changes (and their columns) until the thread answers,
   * carrying every in-flight batch through the node's young-generation collections into the old one.
   */
  commit(runId: string, changes: readonly StoreChange[]): Promise<CommitResult> {
    const id = this.#nextId++;
    const after = this.#lastCommit.get(runId);
    this.#lastCommit.set(runId, id);
    let reply: Promise<CommitResult | undefined>;
    try {
      const { batch, transfer } = encodeCommitBatch(changes);
      reply = this.#request(id, { id, runId, batch, after }, transfer);
    } catch (error) {
      reply = Promise.reject(error);
    }
    return reply.finally(() => {
      if (this.#lastCommit.get(runId) === id) this.#lastCommit.delete(runId);
    }) as Promise<CommitResult>;
  }

  /** Waits for the commits sent so far, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    if (this.#dead !== undefined) return;
    const id = this.#nextId++;
    await this.#request(id, { id, close: true });
    this.#dead = new Error('the SQLite commit thread is closed');
  }

  #request(
    id: number,
    request: SqliteCommitRequest | undefined,
    transfer: readonly ArrayBuffer[] = [],
  ): Promise<CommitResult | undefined> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref();
      if (request !== undefined) this.#worker.postMessage(request, transfer);
    });
  }

  #die(error: Error): void {
    this.#dead ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
