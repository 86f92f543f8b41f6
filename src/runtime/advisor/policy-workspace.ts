import {
  type AdvisorPolicy,
  type GateDecision,
  type PendingChange,
  type PolicyCommand,
  PolicyGate,
  type PolicyGateState,
  type PolicyMemo,
  type PolicySnapshot,
  type StrategySnapshot,
  utcDay,
} from '../../core/advisor/index.ts';
import type { RunMode } from '../../core/persistence/index.ts';
import type { RiskLimitsChanged, RiskPolicy } from '../../core/risk/index.ts';
import { TradingState } from '../../core/risk/state/trading-state.ts';
import type { AdvisorConfig } from './advisor-config.ts';
import type { CurrentPolicyView } from './inputs/index.ts';
import type { MemoLine } from './memo-log.ts';

/** What a run started with: its risk policy at version 1 and its strategies' parameters. */
export interface PolicyBaseline {
  readonly runId: string;
  readonly mode: RunMode;
  /** A fresh `RiskPolicy` at version 1, from the run's configuration (called once per replay). */
  readonly riskPolicy: () => RiskPolicy;
  /** Numeric parameters of each strategy, by strategy id, as configured. */
  readonly strategies: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A strategy's state under the policy: who paused it, its preset, its parameters now. */
export interface StrategyPolicy {
  pausedBy?: string;
  preset?: string;
  readonly parameters: Record<string, number>;
}

/**
 * The policy in force for one run, recomputed from the memo chain: every applied command of every
 * memo, in order, on top of the run's configuration. There is no second copy to drift from the
 * audit trail: a memo that is in the chain took effect, and nothing else did. Changes waiting for
 * a person and the parameters' daily movement are recomputed the same way.
 */
export class PolicyWorkspace {
  readonly riskPolicy: RiskPolicy;
  /** Versions 2, 3, … of the risk policy, as applied. */
  readonly riskChanges: RiskLimitsChanged[] = [];
  readonly strategies = new Map<string, StrategyPolicy>();
  private readonly pending = new Map<string, PendingChange>();
  private readonly moves = new Map<string, { strategyId: string; name: string; day: number; used: number }>();

  constructor(
    readonly baseline: PolicyBaseline,
    readonly config: AdvisorConfig,
    lines: readonly MemoLine[],
  ) {
    this.riskPolicy = baseline.riskPolicy();
    for (const [id, parameters] of Object.entries(baseline.strategies))
      this.strategies.set(id, { parameters: { ...parameters } });
    for (const line of lines) this.replay(line.memo);
  }

  /** The advisor's authority, from the config. */
  advisorPolicy(): AdvisorPolicy {
    const strategies: Record<string, AdvisorPolicy['strategies'][string]> = {};
    for (const [id, entry] of Object.entries(this.config.policy.strategies))
      strategies[id] = {
        presets: entry.presets,
        parameters: Object.fromEntries(
          Object.entries(entry.parameters).map(([name, b]) => [
            name,
            { min: b.min, max: b.max, maxDailyChange: b.max_daily_change, integer: b.integer },
          ]),
        ),
      };
    return { strategies };
  }

  /** A gate holding the recomputed pending changes and daily movement. */
  gate(): PolicyGate {
    const state: PolicyGateState = { pending: [...this.pending.values()], dailyMoves: [...this.moves.values()] };
    return new PolicyGate({
      policy: this.advisorPolicy(),
      approval: { mode: this.baseline.mode, autoApprove: this.config.auto_approve },
      pendingTtlMillis: this.ttl(),
      state,
    });
  }

  /** Changes waiting for a person, oldest first. */
  pendingChanges(): readonly PendingChange[] {
    return [...this.pending.values()].sort((a, b) => a.proposedAt - b.proposedAt);
  }

  /** The facts the gate judges against; `states` are the strategies' trading states (ACTIVE when unknown). */
  snapshot(states: Readonly<Record<string, TradingState>> = {}): PolicySnapshot {
    const strategies: Record<string, StrategySnapshot> = {};
    for (const [id, strategy] of this.strategies)
      strategies[id] = {
        state: states[id] ?? TradingState.Active,
        ...(strategy.pausedBy === undefined ? {} : { pausedBy: strategy.pausedBy }),
        ...(strategy.preset === undefined ? {} : { preset: strategy.preset }),
        parameters: strategy.parameters,
      };
    return { riskPolicy: this.riskPolicy, strategies };
  }

  /** The policy in force, as the compact tables show it. */
  view(): CurrentPolicyView {
    const strategies: Record<string, CurrentPolicyView['strategies'][string]> = {};
    for (const [id, s] of this.strategies)
      strategies[id] = {
        ...(s.pausedBy === undefined ? {} : { pausedBy: s.pausedBy }),
        ...(s.preset === undefined ? {} : { preset: s.preset }),
        parameters: s.parameters,
      };
    return { version: this.riskPolicy.version, limits: this.riskPolicy.limits, strategies };
  }

  /**
   * Carries out one command the gate returned. Returns undefined when it took effect, or why the
   * runtime refused it (`RiskPolicy.apply` judges the bounds and the version once more).
   */
  execute(command: PolicyCommand, time: number): string | undefined {
    if (command.type === 'ChangeRiskLimits') {
      const result = this.riskPolicy.apply(command.change, time);
      if (result.type === 'RiskPolicyRejected') return `RiskPolicy refused: ${result.violations.join('; ')}`;
      this.riskChanges.push(result);
      return undefined;
    }
    const strategy = this.strategies.get(command.strategyId);
    if (strategy === undefined) return `unknown strategy ${command.strategyId}`;
    switch (command.type) {
      case 'PauseStrategy':
        strategy.pausedBy = command.by;
        break;
      case 'ResumeStrategy':
        delete strategy.pausedBy;
        break;
      case 'SwitchPreset':
        strategy.preset = command.to;
        break;
      case 'SetParameter': {
        strategy.parameters[command.name] = command.to;
        const key = `${command.strategyId}\u0000${command.name}`;
        const day = utcDay(time);
        const before = this.moves.get(key);
        const used =
          (before !== undefined && before.day === day ? before.used : 0) + Math.abs(command.to - command.from);
        this.moves.set(key, { strategyId: command.strategyId, name: command.name, day, used });
        break;
      }
    }
    return undefined;
  }

  /** Carries out the applied decisions of a review, in order; one the runtime refuses becomes a rejection with its reason. */
  carryOut(decisions: readonly GateDecision[], time: number): GateDecision[] {
    return decisions.map((decision): GateDecision => {
      if (decision.status !== 'applied') return decision;
      const refused = this.execute(decision.command, time);
      return refused === undefined ? decision : { index: decision.index, status: 'rejected', reason: refused };
    });
  }

  /** Tier-3 calls and tokens spent on the UTC day of `now`. */
  static tier3Usage(lines: readonly MemoLine[], now: number): { calls: number; tokens: number } {
    const day = utcDay(now);
    let calls = 0;
    let tokens = 0;
    for (const line of lines)
      if (line.usage?.tier === 3 && utcDay(line.ts_ms) === day) {
        calls += 1;
        tokens += line.usage.promptTokens + line.usage.completionTokens;
      }
    return { calls, tokens };
  }

  private ttl(): number {
    return this.config.pending_ttl_hours * 3_600_000;
  }

  private replay(memo: PolicyMemo): void {
    for (const decision of memo.decisions) {
      if (memo.kind === 'approval') {
        if (decision.pendingId !== null && (decision.status === 'applied' || decision.status === 'rejected'))
          this.pending.delete(decision.pendingId);
      } else if (decision.status === 'pending_approval' && decision.pendingId !== null) {
        const change = memo.changes[decision.index];
        if (change !== null && change !== undefined)
          this.pending.set(decision.pendingId, {
            pendingId: decision.pendingId,
            proposalId: memo.id,
            change,
            by: memo.advisor,
            proposedAt: memo.time,
            expiresAt: memo.time + this.ttl(),
          });
      }
      if (decision.status === 'applied' && decision.command !== null) this.execute(decision.command, memo.time);
    }
  }
}
