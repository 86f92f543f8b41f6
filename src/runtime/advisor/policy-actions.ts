import {
  type ApprovalOutcome,
  adviceMemoContent,
  approvalMemoContent,
  type PolicyMemo,
  PolicyMemoKind,
  parseAdvisorProposal,
  rollbackProposal,
} from '../../core/advisor/index.ts';
import type { TradingState } from '../../core/risk/state/trading-state.ts';
import type { MemoLog } from './memo-log.ts';
import type { PolicyWorkspace } from './policy-workspace.ts';

/** A person's act on the policy: who, when (wall clock) and the trading states now. */
export interface PersonAct {
  readonly log: MemoLog;
  readonly workspace: PolicyWorkspace;
  readonly runId: string;
  /** The person; never an advisor's name. */
  readonly by: string;
  readonly now: number;
  readonly states?: Readonly<Record<string, TradingState>>;
}

/** What approve / reject did: the gate's outcome and the memo that records it (none for an unknown id). */
export interface PersonActResult {
  readonly outcome: ApprovalOutcome;
  readonly memo: PolicyMemo | undefined;
}

/** The next memo's id and a time that keeps the chain in time order. */
function nextMemo(log: MemoLog, now: number): { id: string; time: number } {
  return { id: `m${log.lines.length + 1}`, time: Math.max(now, log.lines.at(-1)?.ts_ms ?? Number.NEGATIVE_INFINITY) };
}

/**
 * `tradewind policy approve <id>`: the pending change is judged again against the world now and,
 * if it still passes, carried out; the approval memo names the person. A proposer cannot approve
 * their own change (`not_allowed`, memoed). An unknown id changes nothing and writes no memo.
 */
export async function approvePending(act: PersonAct, pendingId: string): Promise<PersonActResult> {
  const { log, workspace } = act;
  const { id, time } = nextMemo(log, act.now);
  const pending = workspace.pendingChanges().find((p) => p.pendingId === pendingId);
  let outcome = workspace
    .gate()
    .approve(pendingId, { by: act.by, now: time, snapshot: workspace.snapshot(act.states) });
  if (outcome.status === 'not_found') return { outcome, memo: undefined };
  if (outcome.status === 'applied') {
    const refused = workspace.execute(outcome.command, time);
    if (refused !== undefined) outcome = { pendingId, status: 'rejected', by: outcome.by, reason: refused };
  }
  return { outcome, memo: await approvalMemo(act, id, time, outcome, pending?.change ?? null) };
}

/** `tradewind policy reject <id>`: a person refuses a pending change, with a reason. */
export async function rejectPending(act: PersonAct, pendingId: string, reason: string): Promise<PersonActResult> {
  const { id, time } = nextMemo(act.log, act.now);
  const pending = act.workspace.pendingChanges().find((p) => p.pendingId === pendingId);
  const outcome = act.workspace.gate().reject(pendingId, { by: act.by, reason });
  if (outcome.status === 'not_found') return { outcome, memo: undefined };
  return { outcome, memo: await approvalMemo(act, id, time, outcome, pending?.change ?? null) };
}

function approvalMemo(
  act: PersonAct,
  id: string,
  time: number,
  outcome: ApprovalOutcome,
  change: PolicyMemo['changes'][number],
): Promise<PolicyMemo> {
  const content = approvalMemoContent({ id, time, mode: act.workspace.baseline.mode, by: act.by, outcome, change });
  return act.log.append(content, act.runId);
}

/**
 * `tradewind policy rollback <version>`: the account's limits as they stood at that version become
 * the next version (history is never rewritten), still held to the hard bounds. The person is the
 * approval, in every mode.
 */
export async function rollbackPolicy(act: PersonAct, toVersion: number, reason: string): Promise<PolicyMemo> {
  const { log, workspace } = act;
  const { id, time } = nextMemo(log, act.now);
  const proposal = rollbackProposal({
    history: { initial: workspace.baseline.riskPolicy().limits, changes: workspace.riskChanges },
    toVersion,
    by: act.by,
    reason,
  });
  const parsed = parseAdvisorProposal(proposal, { allowRestore: true });
  const reviewed = workspace.gate().review({
    proposalId: id,
    entries: parsed.entries,
    by: act.by,
    byPerson: true,
    now: time,
    snapshot: workspace.snapshot(act.states),
  });
  const content = adviceMemoContent({
    id,
    kind: PolicyMemoKind.Rollback,
    time,
    mode: workspace.baseline.mode,
    advisor: act.by,
    approvedBy: act.by,
    inputsDigest: '',
    prompt: `policy rollback ${toVersion}: ${reason}`,
    rawOutput: JSON.stringify(proposal),
    proposal: parsed,
    decisions: workspace.carryOut(reviewed, time),
  });
  return log.append(content, act.runId);
}
