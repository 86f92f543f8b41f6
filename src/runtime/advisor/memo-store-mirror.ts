import type { PolicyMemo } from '../../core/advisor/index.ts';
import type { RunMode, TradingStore } from '../../core/persistence/index.ts';
import { type MemoLine, sha256 } from './memo-log.ts';

/** The event type of a memo in the store's event log and `llm_decisions` table. */
export const POLICY_MEMO_EVENT = 'PolicyMemoSealed';

/** A store whose memo chain and the JSONL files disagree: one of them was edited, truncated or replaced. */
export class MemoMirrorError extends Error {
  override readonly name = 'MemoMirrorError';
}

/** The store run that holds the memos of a workspace: `advice-<run id>`. */
export const adviceRunId = (runId: string): string => `advice-${runId}`;

/**
 * The memo chain's copy in the operational store: one `llm_decisions` row (and event) per memo,
 * under the run `advice-<run id>`, so that a database holds the advisor's trail beside the
 * trading runs. The JSONL files are written first and the store follows: a crash in between
 * leaves the store one memo behind, which the next open appends. The store holding a memo the
 * files lack, or a different one, means the files were tampered with.
 */
export class MemoStoreMirror {
  private constructor(
    private readonly store: TradingStore,
    readonly runId: string,
  ) {}

  static async open(
    store: TradingStore,
    options: { readonly runId: string; readonly mode: RunMode; readonly configText: string; readonly now: number },
  ): Promise<MemoStoreMirror> {
    const runId = adviceRunId(options.runId);
    const configHash = sha256(options.configText).slice(0, 16);
    await store.recordConfigVersion({
      configHash,
      configVersion: 'advisor',
      createdAt: options.now,
      content: options.configText,
    });
    await store.startRun({ runId, mode: options.mode, configHash, configVersion: 'advisor', startedAt: options.now });
    return new MemoStoreMirror(store, runId);
  }

  /**
   * Brings the store level with the files: appends the memos it lacks; throws when it holds a memo
   * the files lack or a different one at the same place (naming the memo).
   */
  async catchUp(lines: readonly MemoLine[]): Promise<number> {
    const stored = await storedMemos(this.store, this.runId);
    const files = lines.map((line) => line.memo);
    const difference = storeDifference(stored, files);
    if (difference !== undefined) throw new MemoMirrorError(difference);
    const missing = files.slice(stored.length);
    if (missing.length > 0)
      await this.store.commit(
        this.runId,
        missing.map((memo) => ({ llmDecisions: [record(memo)] })),
      );
    return missing.length;
  }

  async append(memo: PolicyMemo): Promise<void> {
    await this.store.commit(this.runId, [{ llmDecisions: [record(memo)] }]);
  }

  /** Marks the advice run stopped (until the next command re-opens it); the store stays open. */
  async finish(now: number): Promise<void> {
    await this.store.endRun(this.runId, now, 'stopped');
  }
}

/** The memos a store holds for the advice run `runId` (`advice-<run id>`), in sequence order. */
export async function storedMemos(store: TradingStore, runId: string): Promise<PolicyMemo[]> {
  return (await store.llmDecisions(runId)).map((row) => JSON.parse(row.payload) as PolicyMemo);
}

/**
 * Why the store's copy of a chain and the files' chain cannot both be true, or undefined when the
 * store's memos are the files' first memos (the files may lead: a crash between the two writes).
 */
export function storeDifference(stored: readonly PolicyMemo[], files: readonly PolicyMemo[]): string | undefined {
  if (stored.length > files.length) {
    const first = stored[files.length] as PolicyMemo;
    return `the store holds memo #${first.sequence} (${first.id}, ${first.hash}) that logs/llm_decisions lacks: the files were truncated (the store has ${stored.length} memos, the files ${files.length})`;
  }
  for (let i = 0; i < stored.length; i++) {
    const kept = stored[i] as PolicyMemo;
    const file = files[i] as PolicyMemo;
    if (file.hash !== kept.hash)
      return `memo #${kept.sequence} differs: the store has ${kept.hash}, logs/llm_decisions ${file.hash}`;
  }
  return undefined;
}

function record(memo: PolicyMemo) {
  return {
    type: POLICY_MEMO_EVENT,
    timestamp: memo.time,
    payload: JSON.stringify(memo),
    decisionId: memo.id,
    model: memo.model ?? memo.advisor,
    outcome: memo.outcome,
  };
}
