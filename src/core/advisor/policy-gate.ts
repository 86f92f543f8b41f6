import type { UnixMillis } from '../model/time.ts';
import { type AdvisorPolicy, type ApprovalRule, needsApproval, validateAdvisorPolicy } from './advisor-policy.ts';
import {
  applyToView,
  evaluatePolicyChange,
  type PolicyCommand,
  type PolicySnapshot,
  type WorkingView,
  workingView,
} from './evaluate-policy-change.ts';
import type { ParsedChange } from './parse-advisor-proposal.ts';
import type { PolicyChange } from './policy-change.ts';

const DAY_MS = 86_400_000;

/** The gate's verdict on one proposed change. */
export const GateStatus = { Applied: 'applied', PendingApproval: 'pending_approval', Rejected: 'rejected' } as const;
export type GateStatus = (typeof GateStatus)[keyof typeof GateStatus];

/** The verdict on one entry of a proposal, in the proposal's order. */
export type GateDecision =
  | { readonly index: number; readonly status: 'applied'; readonly command: PolicyCommand }
  | {
      readonly index: number;
      readonly status: 'pending_approval';
      readonly pendingId: string;
      /** What it would do if approved now; approval judges it again against the world then. */
      readonly command: PolicyCommand;
    }
  | { readonly index: number; readonly status: 'rejected'; readonly reason: string };

/** A change that passed the bounds and waits for a person. */
export interface PendingChange {
  /** `<proposalId>.<index + 1>`. */
  readonly pendingId: string;
  readonly proposalId: string;
  readonly change: PolicyChange;
  /** Who proposed it (the advisor's name, or the operator of a rollback). */
  readonly by: string;
  readonly proposedAt: UnixMillis;
  /** After this the change can no longer be approved: the world it was judged in is gone. */
  readonly expiresAt: UnixMillis;
}

/** What `approve` and `reject` did. */
export type ApprovalOutcome =
  | { readonly pendingId: string; readonly status: 'applied'; readonly by: string; readonly command: PolicyCommand }
  | { readonly pendingId: string; readonly status: 'rejected'; readonly by: string; readonly reason: string }
  /** No such pending change, or an approver who may not approve it (the change stays pending). */
  | { readonly pendingId: string; readonly status: 'not_found' | 'not_allowed'; readonly reason: string };

/** Everything the gate remembers, as plain data: persist it and pass it back after a restart. */
export interface PolicyGateState {
  readonly pending: readonly PendingChange[];
  /** Movement of each parameter on its last UTC day with a change (day = floor(ms / 86 400 000)). */
  readonly dailyMoves: readonly {
    readonly strategyId: string;
    readonly name: string;
    readonly day: number;
    readonly used: number;
  }[];
}

export interface PolicyGateOptions {
  readonly policy: AdvisorPolicy;
  readonly approval: ApprovalRule;
  /** How long a pending change may be approved; default one day. */
  readonly pendingTtlMillis?: number;
  readonly state?: PolicyGateState;
}

export interface ReviewRequest {
  /** The memo id of the proposal; pending ids derive from it. */
  readonly proposalId: string;
  readonly entries: readonly ParsedChange[];
  /** Who proposes: the advisor's name, or an operator for a rollback. */
  readonly by: string;
  /**
   * True when a person proposes (an operator's rollback): the person is the approval, so the
   * change applies in every mode once it passes the bounds. Never true for an advisor.
   */
  readonly byPerson?: boolean;
  readonly now: UnixMillis;
  readonly snapshot: PolicySnapshot;
}

/**
 * Decides what an advisor's proposal may do: each change is judged against the hard bounds, the
 * daily change limits and the trading states, then against the approval rule. It returns the
 * commands the runtime would run and keeps changes that wait for a person; it applies nothing
 * itself. Its authority is structural: it knows no change that places an order or raises a limit
 * above its hard bound, and a resume cannot lift a kill switch.
 */
export class PolicyGate {
  private readonly policy: AdvisorPolicy;
  private readonly approval: ApprovalRule;
  private readonly ttl: number;
  private readonly pendingById = new Map<string, PendingChange>();
  private readonly moves = new Map<string, { day: number; used: number }>();

  constructor(options: PolicyGateOptions) {
    this.policy = validateAdvisorPolicy(options.policy);
    this.approval = options.approval;
    this.ttl = options.pendingTtlMillis ?? DAY_MS;
    for (const pending of options.state?.pending ?? []) this.pendingById.set(pending.pendingId, pending);
    for (const move of options.state?.dailyMoves ?? [])
      this.moves.set(moveKey(move.strategyId, move.name), { day: move.day, used: move.used });
  }

  /** Judges every entry in order; changes applied earlier in the proposal count for the later ones. */
  review(request: ReviewRequest): readonly GateDecision[] {
    const view = this.view(request.snapshot, request.now);
    const wait = needsApproval(this.approval) && !request.byPerson;
    return request.entries.map((entry): GateDecision => {
      if (!entry.valid) return { index: entry.index, status: 'rejected', reason: entry.reason };
      const evaluation = evaluatePolicyChange(entry.change, view, this.policy, request.by);
      if ('reason' in evaluation) return { index: entry.index, status: 'rejected', reason: evaluation.reason };
      if (wait) {
        const pendingId = `${request.proposalId}.${entry.index + 1}`;
        if (this.pendingById.has(pendingId)) throw new Error(`policy gate: pending id ${pendingId} is taken`);
        this.pendingById.set(pendingId, {
          pendingId,
          proposalId: request.proposalId,
          change: entry.change,
          by: request.by,
          proposedAt: request.now,
          expiresAt: request.now + this.ttl,
        });
        return { index: entry.index, status: 'pending_approval', pendingId, command: evaluation.command };
      }
      this.commit(view, evaluation.command, request.now);
      return { index: entry.index, status: 'applied', command: evaluation.command };
    });
  }

  /**
   * A person approves a pending change: it is judged again against `snapshot` (the world now) and
   * applies only if it still passes. The proposer may not approve their own change.
   */
  approve(pendingId: string, approval: { by: string; now: UnixMillis; snapshot: PolicySnapshot }): ApprovalOutcome {
    const pending = this.pendingById.get(pendingId);
    if (pending === undefined) return { pendingId, status: 'not_found', reason: `no pending change ${pendingId}` };
    const by = approval.by.trim();
    if (by.length === 0 || by === pending.by)
      return {
        pendingId,
        status: 'not_allowed',
        reason: `${pending.by} proposed ${pendingId}; another person must approve it`,
      };
    this.pendingById.delete(pendingId);
    if (approval.now > pending.expiresAt)
      return { pendingId, status: 'rejected', by, reason: `expired at ${pending.expiresAt}, before approval` };
    const view = this.view(approval.snapshot, approval.now);
    const evaluation = evaluatePolicyChange(pending.change, view, this.policy, pending.by);
    if ('reason' in evaluation) return { pendingId, status: 'rejected', by, reason: evaluation.reason };
    this.commit(view, evaluation.command, approval.now);
    return { pendingId, status: 'applied', by, command: evaluation.command };
  }

  /** A person refuses a pending change. */
  reject(pendingId: string, rejection: { by: string; reason: string }): ApprovalOutcome {
    if (!this.pendingById.delete(pendingId))
      return { pendingId, status: 'not_found', reason: `no pending change ${pendingId}` };
    return { pendingId, status: 'rejected', by: rejection.by, reason: rejection.reason };
  }

  /** Drops the pending changes whose approval window ended before `now`, and returns them (to be memoed). */
  expire(now: UnixMillis): readonly PendingChange[] {
    const expired = this.pending().filter((pending) => now > pending.expiresAt);
    for (const pending of expired) this.pendingById.delete(pending.pendingId);
    return expired;
  }

  /** Changes waiting for a person, oldest first (`tradewind policy list`). */
  pending(): readonly PendingChange[] {
    return [...this.pendingById.values()].sort((a, b) => a.proposedAt - b.proposedAt);
  }

  /** The gate's memory as plain data. */
  state(): PolicyGateState {
    return {
      pending: this.pending(),
      dailyMoves: [...this.moves].map(([key, move]) => {
        const [strategyId, name] = key.split('\u0000') as [string, string];
        return { strategyId, name, ...move };
      }),
    };
  }

  private view(snapshot: PolicySnapshot, now: UnixMillis): WorkingView {
    const day = utcDay(now);
    return workingView(snapshot, (strategyId, name) => {
      const move = this.moves.get(moveKey(strategyId, name));
      return move !== undefined && move.day === day ? move.used : 0;
    });
  }

  private commit(view: WorkingView, command: PolicyCommand, now: UnixMillis): void {
    if (command.type === 'SetParameter') {
      const key = moveKey(command.strategyId, command.name);
      const day = utcDay(now);
      const before = this.moves.get(key);
      const used = before !== undefined && before.day === day ? before.used : 0;
      this.moves.set(key, { day, used: used + Math.abs(command.to - command.from) });
    }
    applyToView(view, command);
  }
}

/** The UTC day number of a time. */
export function utcDay(time: UnixMillis): number {
  return Math.floor(time / DAY_MS);
}

const moveKey = (strategyId: string, name: string): string => `${strategyId}\u0000${name}`;
