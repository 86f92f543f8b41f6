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

  /** The memos the store holds, in sequence order. */
  async memos(): Promise<PolicyMemo[]> {
    return (await this.store.llmDecisions(this.runId)).map((row) => JSON.parse(row.payload) as PolicyMemo);
  }

  /**
   * Brings the store level with the files: appends the memos it lacks; throws when it holds a memo
   * the files lack or a different one at the same place (naming the memo).
   */
  async catchUp(lines: readonly MemoLine[]): Promise<number> {
    const stored = await this.memos();
    for (let i = 0; i < stored.length; i++) {
      const kept = stored[i] as PolicyMemo;
      const line = lines[i];
      if (line === undefined)
        throw new MemoMirrorError(
          `the store holds memo #${kept.sequence} (${kept.id}, ${kept.hash}) that logs/llm_decisions lacks: the files were truncated`,
        );
      if (line.memo.hash !== kept.hash)
        throw new MemoMirrorError(
          `memo #${kept.sequence} differs: the store has ${kept.hash}, logs/llm_decisions ${line.memo.hash}`,
        );
    }
    const missing = lines.slice(stored.length).map((line) => line.memo);
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

  async close(): Promise<void> {
    await this.store.close();
  }
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
