import type { CommitResult, StoreChange, TradingStore } from './trading-store.ts';

export interface BatchingStoreWriterOptions {
  readonly store: Pick<TradingStore, 'commit'>;
  readonly runId: string;
  /** Changes per commit: reaching it commits the batch without waiting for `flush`. Default 1,000. */
  readonly maxBatch?: number;
  /**
   * Called as each batch is cut: the change it returns ends the batch. For rows whose latest state
   * is all the store keeps (an order row after three events of one order), built once per batch
   * instead of once per event, and still in the transaction of the events that changed them.
   */
  readonly closeBatch?: () => StoreChange | undefined;
}

/**
 * Collects a node's changes synchronously and commits them in batches, so the kernel's dispatch
 * never waits on the store per event (docs/adr/0009-operational-store.md). Each batch goes to the
 * store as it is cut, without waiting for the one before: a store with a commit thread works on
 * one batch while the node builds the next. The node calls `add`
 * from its handlers and `flush` at the end of a dispatch (or before it acts outside the process);
 * awaiting `flush` means everything added before it is durable. Commits keep the order of `add`.
 *
 * Fail closed: when a commit fails, the writer keeps the error and every later `add` or `flush`
 * throws it — a node must not go on trading with state it could not record.
 */
export class BatchingStoreWriter {
  readonly #store: Pick<TradingStore, 'commit'>;
  readonly #runId: string;
  readonly #maxBatch: number;
  readonly #closeBatch: (() => StoreChange | undefined) | undefined;
  #pending: StoreChange[] = [];
  #inFlight: Promise<unknown> = Promise.resolve();
  #failure: unknown;
  #failed = false;
  #committedChanges = 0;

  constructor(options: BatchingStoreWriterOptions) {
    const maxBatch = options.maxBatch ?? 1_000;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1)
      throw new Error(`BatchingStoreWriter: maxBatch must be a positive integer, got ${maxBatch}`);
    this.#store = options.store;
    this.#runId = options.runId;
    this.#maxBatch = maxBatch;
    this.#closeBatch = options.closeBatch;
  }

  /** Changes added and not yet handed to the store. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Changes whose commit succeeded. */
  get committedChanges(): number {
    return this.#committedChanges;
  }

  /** Queues a change; a full batch is handed to the store at once (without waiting for it). */
  add(change: StoreChange): void {
    this.#throwIfFailed();
    this.#pending.push(change);
    if (this.#pending.length >= this.#maxBatch) void this.#commitPending().catch(() => undefined);
  }

  /** Commits what is pending and resolves once every change added so far is stored. */
  async flush(): Promise<CommitResult | undefined> {
    this.#throwIfFailed();
    const result = this.#pending.length === 0 ? undefined : this.#commitPending();
    result?.catch(() => undefined); // its failure is reported below, as the writer's
    await this.#inFlight;
    this.#throwIfFailed();
    return result;
  }

  #commitPending(): Promise<CommitResult> {
    const last = this.#closeBatch?.();
    if (last !== undefined) this.#pending.push(last);
    const batch = this.#pending;
    this.#pending = [];
    // Handed over at once: the store applies a run's commits in call order and fails every commit
    // issued while a failing one was pending (TradingStore.commit), so nothing lands after a gap.
    const commit = this.#store.commit(this.#runId, batch);
    const count = batch.length; // not the batch: its changes may go once the store has them
    this.#inFlight = this.#inFlight.then(() =>
      commit.then(
        () => {
          this.#committedChanges += count;
        },
        (error: unknown) => {
          if (!this.#failed) {
            this.#failed = true;
            this.#failure = error;
          }
        },
      ),
    );
    return commit;
  }

  #throwIfFailed(): void {
    if (this.#failed)
      throw new Error(`store writer for run '${this.#runId}' failed; nothing after the failed batch is stored`, {
        cause: this.#failure,
      });
  }
}
