import type { UnixMillis } from '../model/time.ts';
import type { RunMode } from '../persistence/store-records.ts';
import { canonicalJson } from './canonical-json.ts';
import type { PolicyCommand } from './evaluate-policy-change.ts';
import type { ParsedProposal } from './parse-advisor-proposal.ts';
import type { PolicyChange } from './policy-change.ts';
import type { ApprovalOutcome, GateDecision } from './policy-gate.ts';

/** What a memo records: an advisor's proposal and the gate's verdicts, or a person's verdict on a pending change. */
export const PolicyMemoKind = { Advice: 'advice', Approval: 'approval', Rollback: 'rollback' } as const;
export type PolicyMemoKind = (typeof PolicyMemoKind)[keyof typeof PolicyMemoKind];

/** The verdict on one change, as the memo keeps it. */
export interface MemoDecision {
  /** Position in the proposal (advice), or 0 for the one change an approval memo is about. */
  readonly index: number;
  /** The change's kind when it had one that was a string. */
  readonly kind: string | null;
  readonly status: 'applied' | 'pending_approval' | 'rejected' | 'not_found' | 'not_allowed';
  readonly reason: string | null;
  readonly pendingId: string | null;
  readonly command: PolicyCommand | null;
}

/** Everything a memo says, before it is chained. Every field is hashed. */
export interface PolicyMemoContent {
  /** Unique id (the runtime's; pending ids derive from it). */
  readonly id: string;
  readonly kind: PolicyMemoKind;
  readonly time: UnixMillis;
  readonly mode: RunMode;
  /** `rule_based`, `llm`, or the operator for an approval or rollback. */
  readonly advisor: string;
  readonly provider: string | null;
  readonly model: string | null;
  /** Digest of the tables the advisor read (the caller's hash of their text). */
  readonly inputsDigest: string;
  readonly prompt: string;
  readonly rawOutput: string;
  /** Why the whole output was unusable, or the advisor failed (timeout, provider error); else null. */
  readonly error: string | null;
  /** The proposal's entries by index: the validated change, or null for an entry that was refused. */
  readonly changes: readonly (PolicyChange | null)[];
  readonly decisions: readonly MemoDecision[];
  /** The person who approved or rejected (approval memos), else null. */
  readonly approvedBy: string | null;
  /** What happened in the end, in words (`applied 1, pending 1, rejected 2`, `RiskPolicy refused: …`). */
  readonly outcome: string;
}

/** A memo in the chain. `hash` covers every other field, `previousHash` included. */
export interface PolicyMemo extends PolicyMemoContent {
  /** 1 for the first memo ever, then +1 per memo. */
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
}

/** The `previousHash` of the first memo. */
export const GENESIS_HASH = '0'.repeat(64);

/** Tag of the canonical text's format, hashed with it: a later format cannot collide with this one. */
const MEMO_FORMAT = 'tradewind.policy-memo.v1';

/**
 * The text a memo's hash is computed over: a format tag, a newline, then the canonical JSON (keys
 * sorted at every depth) of every field but `hash`. Any edit of any field, however deep, changes it.
 */
export function memoCanonicalText(memo: Omit<PolicyMemo, 'hash'> | PolicyMemo): string {
  const { hash: _hash, ...hashed } = memo as PolicyMemo;
  return `${MEMO_FORMAT}\n${canonicalJson(hashed)}`;
}

/**
 * Chains a memo after `previous` (undefined for the first): numbers it, links it and hashes it with
 * `hash` (the runtime passes SHA-256 hex; the core imports no crypto). The result is frozen.
 */
export function sealMemo(
  content: PolicyMemoContent,
  previous: Pick<PolicyMemo, 'sequence' | 'hash'> | undefined,
  hash: (text: string) => string,
): PolicyMemo {
  const unsealed = {
    ...content,
    sequence: previous === undefined ? 1 : previous.sequence + 1,
    previousHash: previous === undefined ? GENESIS_HASH : previous.hash,
  };
  return Object.freeze({ ...unsealed, hash: hash(memoCanonicalText(unsealed)) });
}

/** The memo's view of a proposal's entries: each validated change, or null where an entry was refused. */
export function memoChanges(proposal: ParsedProposal): (PolicyChange | null)[] {
  return proposal.entries.map((entry) => (entry.valid ? entry.change : null));
}

/** The memo's view of the gate's verdicts on a proposal. */
export function memoDecisions(proposal: ParsedProposal, decisions: readonly GateDecision[]): MemoDecision[] {
  return decisions.map((decision) => {
    const entry = proposal.entries[decision.index];
    const kind = entry === undefined ? null : entry.valid ? entry.change.kind : (entry.kind ?? null);
    return {
      index: decision.index,
      kind,
      status: decision.status,
      reason: decision.status === 'rejected' ? decision.reason : null,
      pendingId: decision.status === 'pending_approval' ? decision.pendingId : null,
      command: decision.status === 'rejected' ? null : decision.command,
    };
  });
}

/** The memo's view of a person's verdict on a pending change. */
export function memoApproval(outcome: ApprovalOutcome, kind: string | null): MemoDecision {
  return {
    index: 0,
    kind,
    status: outcome.status,
    reason: outcome.status === 'applied' ? null : outcome.reason,
    pendingId: outcome.pendingId,
    command: outcome.status === 'applied' ? outcome.command : null,
  };
}

/**
 * The content of an advice memo (or of an operator's rollback, which is a proposal too): the
 * proposer's identity and inputs, the raw output, the parsed entries and the gate's verdicts. `error` (an advisor failure: timeout, provider error) or the
 * parser's error makes the outcome `no change: <why>`: the policy in force stays.
 */
export function adviceMemoContent(options: {
  readonly id: string;
  /** `rollback` for an operator's rollback proposal (default `advice`). */
  readonly kind?: typeof PolicyMemoKind.Advice | typeof PolicyMemoKind.Rollback;
  /** The person whose proposal this is, when a person proposed (a rollback); else null. */
  readonly approvedBy?: string;
  readonly time: UnixMillis;
  readonly mode: RunMode;
  readonly advisor: string;
  readonly provider?: string | null;
  readonly model?: string | null;
  readonly inputsDigest: string;
  readonly prompt: string;
  readonly rawOutput: string;
  readonly proposal: ParsedProposal;
  readonly decisions: readonly GateDecision[];
  readonly error?: string;
}): PolicyMemoContent {
  const error = options.error ?? options.proposal.error ?? null;
  const decisions = memoDecisions(options.proposal, options.decisions);
  return {
    id: options.id,
    kind: options.kind ?? PolicyMemoKind.Advice,
    time: options.time,
    mode: options.mode,
    advisor: options.advisor,
    provider: options.provider ?? null,
    model: options.model ?? null,
    inputsDigest: options.inputsDigest,
    prompt: options.prompt,
    rawOutput: options.rawOutput,
    error,
    changes: memoChanges(options.proposal),
    decisions,
    approvedBy: options.approvedBy ?? null,
    outcome: error === null ? summarizeDecisions(decisions) : `no change: ${error}`,
  };
}

/**
 * The content of an approval memo: a person's verdict on one pending change (`policy approve` /
 * `reject`). `approvedBy` is the person when the verdict took effect (applied or rejected), null
 * for an attempt the gate refused (`not_allowed`).
 */
export function approvalMemoContent(options: {
  readonly id: string;
  readonly time: UnixMillis;
  readonly mode: RunMode;
  readonly by: string;
  readonly outcome: ApprovalOutcome;
  /** The pending change, when it was known. */
  readonly change: PolicyChange | null;
}): PolicyMemoContent {
  const { outcome, by } = options;
  const words =
    outcome.status === 'applied'
      ? `${outcome.pendingId} applied by ${outcome.by}`
      : `${outcome.pendingId} ${outcome.status} (${by}): ${outcome.reason}`;
  return {
    id: options.id,
    kind: PolicyMemoKind.Approval,
    time: options.time,
    mode: options.mode,
    advisor: by,
    provider: null,
    model: null,
    inputsDigest: '',
    prompt: '',
    rawOutput: '',
    error: null,
    changes: [options.change],
    decisions: [memoApproval(outcome, options.change?.kind ?? null)],
    approvedBy: outcome.status === 'applied' || outcome.status === 'rejected' ? by : null,
    outcome: words,
  };
}

/** `applied 1, pending 1, rejected 2`: the counts of a memo's decisions. */
export function summarizeDecisions(decisions: readonly MemoDecision[]): string {
  const count = (status: MemoDecision['status']) => decisions.filter((d) => d.status === status).length;
  return `applied ${count('applied')}, pending ${count('pending_approval')}, rejected ${count('rejected')}`;
}
