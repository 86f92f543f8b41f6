import { describe, expect, it } from 'vitest';
import { BatchingStoreWriter } from './batching-store-writer.ts';
import type { CommitResult, StoreChange } from './trading-store.ts';

/**
 * A store double that records each commit's changes and can be told to fail one; like every
 * `TradingStore`, it fails a commit issued while a failing one was pending.
 */
function recordingStore(failAt?: number) {
  const commits: StoreChange[][] = [];
  let last = 0;
  let issued = 0;
  let tail: Promise<unknown> = Promise.resolve();
  return {
    commits,
    commit: (_runId: string, changes: readonly StoreChange[]): Promise<CommitResult> => {
      const index = issued++;
      const next = tail.then(async () => {
        await Promise.resolve();
        if (index === failAt) throw new Error('disk full');
        commits.push([...changes]);
        const first = last + 1;
        last += changes.length;
        return { outcomes: changes.map(() => 'applied' as const), firstSequence: first, lastSequence: last };
      });
      tail = next;
      return next;
    },
  };
}

const change = (i: number): StoreChange => ({ events: [{ type: 'E', timestamp: i, payload: String(i) }] });

describe('BatchingStoreWriter', () => {
  it('hands full batches to the store without waiting and commits the rest on flush, in order', async () => {
    const store = recordingStore();
    const writer = new BatchingStoreWriter({ store, runId: 'r', maxBatch: 3 });
    for (let i = 0; i < 7; i++) writer.add(change(i));
    expect(writer.pending, 'two full batches left at once').toBe(1);
    const result = await writer.flush();
    expect(store.commits.map((c) => c.map((x) => x.events?.[0].timestamp))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(result?.lastSequence).toBe(7);
    expect(writer.committedChanges).toBe(7);
    expect(await writer.flush(), 'nothing pending: no commit').toBeUndefined();
    expect(store.commits.length).toBe(3);
  });

  it('fails closed: after a failed commit nothing more is committed and every call throws', async () => {
    const store = recordingStore(1);
    const writer = new BatchingStoreWriter({ store, runId: 'r', maxBatch: 2 });
    for (let i = 0; i < 6; i++) writer.add(change(i)); // batches 0-1 (ok), 2-3 (fails), 4-5 (must not run)
    await expect(writer.flush()).rejects.toThrow(/failed/);
    expect(store.commits.length, 'the batch after the failed one is not committed').toBe(1);
    expect(() => writer.add(change(9))).toThrow(/failed/);
    await expect(writer.flush()).rejects.toThrow(/failed/);
    expect(writer.committedChanges).toBe(2);
  });

  it('refuses a batch size below one', () => {
    expect(() => new BatchingStoreWriter({ store: recordingStore(), runId: 'r', maxBatch: 0 })).toThrow(/maxBatch/);
  });
});
