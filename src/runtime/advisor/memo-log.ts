import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditRecord, LLM_DECISIONS_DIR, LLM_DECISIONS_FILE, openAuditLog } from '../../adapters/logs/index.ts';
import {
  type MemoChainVerdict,
  type PolicyMemo,
  type PolicyMemoContent,
  sealMemo,
  verifyMemoChain,
} from '../../core/advisor/index.ts';

/** SHA-256 in hex: what every memo of the chain is sealed with. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Tokens a model call used, kept on the memo's line (outside the hash) for the daily tier-3 budget. */
export interface MemoUsage {
  readonly tier: number | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** One line of `logs/llm_decisions/<day>.jsonl`: when, whose run, the tokens, and the sealed memo. */
export interface MemoLine {
  readonly ts: string;
  readonly ts_ms: number;
  readonly run_id: string;
  readonly usage: MemoUsage | null;
  readonly memo: PolicyMemo;
}

/** A memo line that cannot be read: the file and line are named. */
export class MemoLogError extends Error {
  override readonly name = 'MemoLogError';
}

/**
 * The memo chain of one advisor workspace, kept as JSONL day files under `<logsDir>/llm_decisions/`
 * (the audit log's own folder and format). Nothing is pruned: a workspace's chain is its whole
 * policy history, and the policy in force is recomputed from it.
 */
export class MemoLog {
  private constructor(
    readonly logsDir: string,
    readonly lines: MemoLine[],
    /** `<file>:<line>` of each memo line, for reports. */
    readonly locations: string[],
  ) {}

  /**
   * Reads every day file in day order; a line that is not a memo line throws, naming file and line.
   * With `runId`, only that run's lines: several runs' chains may share one logs folder.
   */
  static open(logsDir: string, runId?: string): MemoLog {
    const dir = join(logsDir, LLM_DECISIONS_DIR);
    const lines: MemoLine[] = [];
    const locations: string[] = [];
    if (existsSync(dir)) {
      const files = readdirSync(dir)
        .filter((name) => LLM_DECISIONS_FILE.test(name))
        .sort();
      for (const name of files) {
        const path = join(dir, name);
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((text, index) => {
            if (text.trim() === '') return;
            const where = `${path}:${index + 1}`;
            const line = parseLine(text, where);
            if (runId !== undefined && line.run_id !== runId) return;
            lines.push(line);
            locations.push(where);
          });
      }
    }
    return new MemoLog(logsDir, lines, locations);
  }

  get memos(): readonly PolicyMemo[] {
    return this.lines.map((line) => line.memo);
  }

  /** The verdict on the lines as read; appends extend an intact chain, so it is computed once. */
  #verdict: MemoChainVerdict | undefined;

  /** The chain's verdict: the first edited, removed, inserted or reordered memo. */
  verify(): MemoChainVerdict {
    if (this.#verdict === undefined || this.#verdict.ok) this.#verdict = verifyMemoChain(this.memos, sha256);
    return this.#verdict;
  }

  /** Where each appended memo is copied after its line is written (the operational store), if anywhere. */
  private mirror: { append(memo: PolicyMemo): Promise<void> } | undefined;

  /** Copies every memo appended from now on to `mirror` (after the file: the files lead, ADR 0013). */
  mirrorTo(mirror: { append(memo: PolicyMemo): Promise<void> }): void {
    this.mirror = mirror;
  }

  /**
   * Seals `content` after the last memo and appends its line (one write; the chain must be
   * intact), then copies it to the mirror.
   */
  async append(content: PolicyMemoContent, runId: string, usage: MemoUsage | null = null): Promise<PolicyMemo> {
    // The lines as read are verified once; every memo appended since was sealed onto the last one.
    this.#verdict ??= verifyMemoChain(this.memos, sha256);
    if (!this.#verdict.ok)
      throw new MemoLogError(`the memo chain in ${this.logsDir} is broken: ${this.#verdict.detail}`);
    const memo = sealMemo(content, this.lines.at(-1)?.memo, sha256);
    const line: MemoLine = { ts: new Date(memo.time).toISOString(), ts_ms: memo.time, run_id: runId, usage, memo };
    openAuditLog({ dir: this.logsDir, retentionDays: 0, now: () => memo.time }).appendLlmDecisions([
      line as unknown as AuditRecord,
    ]);
    this.lines.push(line);
    this.locations.push(join(this.logsDir, LLM_DECISIONS_DIR, `${line.ts.slice(0, 10)}.jsonl`));
    await this.mirror?.append(memo);
    return memo;
  }
}

function parseLine(text: string, where: string): MemoLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MemoLogError(`${where}: not JSON: ${(error as Error).message}`);
  }
  const line = value as Partial<MemoLine> | null;
  if (line === null || typeof line !== 'object' || typeof line.memo !== 'object' || line.memo === null)
    throw new MemoLogError(`${where}: not a memo line (no "memo" object)`);
  if (typeof line.run_id !== 'string') throw new MemoLogError(`${where}: no "run_id"`);
  return {
    ts: String(line.ts),
    ts_ms: Number(line.ts_ms),
    run_id: line.run_id,
    usage: line.usage ?? null,
    memo: line.memo,
  };
}
