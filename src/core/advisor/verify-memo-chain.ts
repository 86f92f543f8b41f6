import { GENESIS_HASH, memoCanonicalText, type PolicyMemo } from './policy-memo.ts';

/** How a chain is broken at the first bad memo. */
export const MemoChainBreak = {
  /** A field cannot be hashed (a value JSON cannot carry, a missing hash). */
  Unreadable: 'unreadable',
  /** The memo's content does not give its hash: it was edited after sealing. */
  Edited: 'edited',
  /** The sequence number is not the previous one + 1: a memo was removed, inserted or moved. */
  OutOfSequence: 'out_of_sequence',
  /** `previousHash` is not the previous memo's hash: a memo before it was removed, replaced or moved. */
  BrokenLink: 'broken_link',
  /** The chain ends before the expected head: memos at the end were removed. */
  Truncated: 'truncated',
} as const;
export type MemoChainBreak = (typeof MemoChainBreak)[keyof typeof MemoChainBreak];

export type MemoChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly index: number; readonly reason: MemoChainBreak; readonly detail: string };

export interface VerifyMemoChainOptions {
  /**
   * Where the given memos start, when they are a later part of the chain (older files pruned):
   * the sequence and hash of the memo just before the first. Default: the chain's start.
   */
  readonly after?: { readonly sequence: number; readonly hash: string };
  /**
   * The head kept elsewhere (the store's last memo, for the JSONL files): without it, removing
   * memos from the end, or rewriting a whole tail with fresh hashes, leaves a valid shorter chain.
   */
  readonly expectedHead?: { readonly sequence: number; readonly hash: string };
}

/**
 * Checks a memo chain with the same `hash` it was sealed with. Returns ok with the count and the
 * head, or the index (in `memos`) and kind of the first broken link: an edited memo breaks at its
 * own index, a removed, inserted or moved one at the first memo whose number or link no longer fits.
 */
export function verifyMemoChain(
  memos: readonly PolicyMemo[],
  hash: (text: string) => string,
  options: VerifyMemoChainOptions = {},
): MemoChainVerdict {
  let sequence = options.after?.sequence ?? 0;
  let previousHash = options.after?.hash ?? GENESIS_HASH;
  for (let index = 0; index < memos.length; index++) {
    const memo = memos[index] as PolicyMemo;
    const broken = (reason: MemoChainBreak, detail: string): MemoChainVerdict => ({ ok: false, index, reason, detail });
    let computed: string;
    try {
      if (typeof memo.hash !== 'string') throw new Error('it has no hash');
      computed = hash(memoCanonicalText(memo));
    } catch (error) {
      return broken(MemoChainBreak.Unreadable, `memo ${index} cannot be hashed: ${(error as Error).message}`);
    }
    if (computed !== memo.hash)
      return broken(MemoChainBreak.Edited, `memo ${index} (id ${memo.id}) hashes to ${computed}, not its ${memo.hash}`);
    if (memo.sequence !== sequence + 1)
      return broken(MemoChainBreak.OutOfSequence, `memo ${index} is number ${memo.sequence}, expected ${sequence + 1}`);
    if (memo.previousHash !== previousHash)
      return broken(
        MemoChainBreak.BrokenLink,
        `memo ${index} links to ${memo.previousHash}, but the memo before it hashes to ${previousHash}`,
      );
    sequence = memo.sequence;
    previousHash = memo.hash;
  }
  const head = options.expectedHead;
  if (head !== undefined && (head.sequence !== sequence || head.hash !== previousHash))
    return {
      ok: false,
      index: memos.length,
      reason: MemoChainBreak.Truncated,
      detail: `the chain ends at number ${sequence} (${previousHash}); expected number ${head.sequence} (${head.hash})`,
    };
  return { ok: true, count: memos.length, headHash: previousHash };
}
