import type { StrategyId } from '../model/ids.ts';
import type { RiskLimits } from '../risk/risk-limits.ts';
import type { AgentAllocation, RiskPolicyChange } from '../risk/risk-policy.ts';
import { TradingState } from '../risk/state/trading-state.ts';
import type { AdvisorPolicy } from './advisor-policy.ts';
import { DEFAULT_REDUCED_LIMITS, type PolicyChange, PolicyChangeKind } from './policy-change.ts';

/** A strategy as the runtime sees it when the gate decides. */
export interface StrategySnapshot {
  /**
   * Its effective trading state over the global, account and strategy scopes (kill switches,
   * breakers, operators), not counting a pause by the advisor. The advisor never lifts these.
   */
  readonly state: TradingState;
  /** Who paused it (the advisor's name, or an operator), undefined while it runs. */
  readonly pausedBy?: string;
  readonly preset?: string;
  /** Current values of its numeric parameters (at least the adjustable ones). */
  readonly parameters: Readonly<Record<string, number>>;
}

/** The facts the gate judges against, read by the runtime at the moment of the decision. */
export interface PolicySnapshot {
  /** The policy in force (the runtime passes its `RiskPolicy`, which the gate only reads). */
  readonly riskPolicy: {
    readonly limits: RiskLimits;
    readonly version: number;
    readonly bounds: RiskLimits;
    agent(strategyId: string): AgentAllocation | undefined;
  };
  readonly strategies: Readonly<Record<string, StrategySnapshot>>;
}

/**
 * What the runtime does for an applied change. The gate never does it itself. `ChangeRiskLimits`
 * goes to `RiskPolicy.apply` (which checks the hard bounds and version once more); the others
 * to the strategy host (a pause is best held as a trading-state hold whose source is the advisor,
 * so a resume can only release that hold).
 */
export type PolicyCommand =
  | { readonly type: 'ChangeRiskLimits'; readonly change: RiskPolicyChange }
  | { readonly type: 'PauseStrategy'; readonly strategyId: StrategyId; readonly by: string }
  | { readonly type: 'ResumeStrategy'; readonly strategyId: StrategyId; readonly by: string }
  | {
      readonly type: 'SwitchPreset';
      readonly strategyId: StrategyId;
      readonly from: string | null;
      readonly to: string;
    }
  | {
      readonly type: 'SetParameter';
      readonly strategyId: StrategyId;
      readonly name: string;
      readonly from: number;
      readonly to: number;
    };

/** The gate's working copy of the world: the snapshot plus the changes applied earlier in the same review. */
export interface WorkingView {
  readonly snapshot: PolicySnapshot;
  /** Limits after earlier applied changes, by scope key (`''` for the account, else the strategy id). */
  readonly limits: Map<string, RiskLimits>;
  version: number;
  readonly strategies: Map<string, StrategySnapshot>;
  /** Movement already used today, by `strategyId/name`. */
  readonly usedToday: (strategyId: string, name: string) => number;
}

/** A fresh working view over a snapshot. */
export function workingView(snapshot: PolicySnapshot, usedToday: WorkingView['usedToday']): WorkingView {
  return {
    snapshot,
    limits: new Map(),
    version: snapshot.riskPolicy.version,
    strategies: new Map(Object.entries(snapshot.strategies)),
    usedToday,
  };
}

export type Evaluation = { readonly command: PolicyCommand } | { readonly reason: string };

/**
 * Judges one valid change against the bounds and the view (not the approval rule), changing
 * nothing. Returns the command the runtime would run, or why the change is refused, naming the numbers.
 */
export function evaluatePolicyChange(
  change: PolicyChange,
  view: Readonly<WorkingView>,
  policy: AdvisorPolicy,
  by: string,
): Evaluation {
  const reason = `${change.kind}: ${change.rationale}`;
  const sid = 'strategy_id' in change ? change.strategy_id : undefined;
  const strategy = sid === undefined ? undefined : view.strategies.get(sid);
  const unknownStrategy = { reason: `unknown strategy ${sid}` };
  switch (change.kind) {
    case PolicyChangeKind.ReduceRisk:
    case PolicyChangeKind.RestoreLimits: {
      const base = scopeLimits(view, sid);
      if (base === undefined)
        return { reason: `strategy ${sid} has no agent allocation of its own; omit strategy_id for the account's` };
      const limits: Record<string, number> = {};
      if (change.kind === PolicyChangeKind.ReduceRisk) {
        for (const name of change.limits ?? DEFAULT_REDUCED_LIMITS) {
          const before = base[name];
          if (!Number.isFinite(before)) continue; // a limit that is off stays off: scaling cannot loosen it
          const after = before * (1 - change.fraction);
          // Only a strict cut to a positive value is a change (rounding can leave a limit where it was).
          if (after > 0 && after < before) limits[name] = after;
        }
        if (Object.keys(limits).length === 0)
          return { reason: `no limit named can be cut (off, Infinity, or unchanged by a ${change.fraction} cut)` };
      } else {
        if (!(change.to_version < view.version))
          return { reason: `to_version ${change.to_version} is not an earlier version than ${view.version}` };
        // Agent limits are held to the account's bounds too: a rollback may not loosen beyond them anywhere.
        const bounds = view.snapshot.riskPolicy.bounds;
        const over: string[] = [];
        for (const [name, value] of Object.entries(change.limits)) {
          if (value > (bounds[name as keyof RiskLimits] as number))
            over.push(`${name} ${value} exceeds its hard bound ${bounds[name as keyof RiskLimits]}`);
          limits[name] = value;
        }
        if (over.length > 0) return { reason: over.join('; ') };
      }
      const riskChange: RiskPolicyChange = {
        limits,
        ...(sid === undefined ? {} : { strategyId: sid as StrategyId }),
        basedOnVersion: view.version,
        by,
        reason,
      };
      return { command: { type: 'ChangeRiskLimits', change: riskChange } };
    }
    case PolicyChangeKind.PauseStrategy: {
      if (strategy === undefined) return unknownStrategy;
      if (strategy.pausedBy !== undefined)
        return { reason: `strategy ${sid} is already paused by ${strategy.pausedBy}` };
      return { command: { type: 'PauseStrategy', strategyId: change.strategy_id as StrategyId, by } };
    }
    case PolicyChangeKind.ResumeStrategy: {
      if (strategy === undefined) return unknownStrategy;
      if (strategy.pausedBy === undefined) return { reason: `strategy ${sid} is not paused` };
      if (strategy.pausedBy !== by)
        return { reason: `strategy ${sid} was paused by ${strategy.pausedBy}; ${by} only lifts its own pauses` };
      // Resuming while any scope over it is HALTED or REDUCING would hand risk back that a kill
      // switch, breaker or operator took away: only ACTIVE is resumable.
      if (strategy.state !== TradingState.Active)
        return {
          reason: `strategy ${sid} is ${strategy.state} (kill switch, breaker or operator): it cannot be resumed`,
        };
      return { command: { type: 'ResumeStrategy', strategyId: change.strategy_id as StrategyId, by } };
    }
    case PolicyChangeKind.SwitchPreset: {
      if (strategy === undefined) return unknownStrategy;
      const presets = policy.strategies[change.strategy_id]?.presets ?? [];
      if (!presets.includes(change.preset))
        return {
          reason: `preset ${change.preset} is not listed for ${sid} (allowed: ${presets.join(', ') || 'none'})`,
        };
      if (strategy.preset === change.preset) return { reason: `strategy ${sid} already runs preset ${change.preset}` };
      return {
        command: {
          type: 'SwitchPreset',
          strategyId: change.strategy_id as StrategyId,
          from: strategy.preset ?? null,
          to: change.preset,
        },
      };
    }
    case PolicyChangeKind.SetParameter: {
      if (strategy === undefined) return unknownStrategy;
      const bound = policy.strategies[change.strategy_id]?.parameters?.[change.name];
      if (bound === undefined) return { reason: `parameter ${sid}.${change.name} is not adjustable` };
      const from = strategy.parameters[change.name];
      if (typeof from !== 'number' || !Number.isFinite(from))
        return { reason: `the current value of ${sid}.${change.name} is unknown` };
      const to = change.value;
      if (bound.integer && !Number.isInteger(to))
        return { reason: `${sid}.${change.name} takes whole numbers, not ${to}` };
      if (!(to >= bound.min && to <= bound.max))
        return { reason: `${sid}.${change.name} ${to} is outside its bounds [${bound.min}, ${bound.max}]` };
      if (to === from) return { reason: `${sid}.${change.name} is already ${to}` };
      const used = view.usedToday(change.strategy_id, change.name);
      const move = Math.abs(to - from);
      if (used + move > bound.maxDailyChange)
        return {
          reason: `${sid}.${change.name} ${from} → ${to} moves ${move}, but ${used} of its daily change limit ${bound.maxDailyChange} is used today`,
        };
      return {
        command: { type: 'SetParameter', strategyId: change.strategy_id as StrategyId, name: change.name, from, to },
      };
    }
  }
}

/**
 * Moves the view past an applied command, so that the next change of the same review is judged
 * against the world as it will be (two cuts compound; two moves of one parameter share its budget).
 */
export function applyToView(view: WorkingView, command: PolicyCommand): void {
  if (command.type === 'ChangeRiskLimits') {
    const sid = command.change.strategyId;
    const base = scopeLimits(view, sid) as RiskLimits;
    view.limits.set(sid ?? '', Object.freeze({ ...base, ...command.change.limits }));
    view.version++;
    return;
  }
  const strategy = view.strategies.get(command.strategyId) as StrategySnapshot;
  const next: StrategySnapshot =
    command.type === 'PauseStrategy'
      ? { ...strategy, pausedBy: command.by }
      : command.type === 'ResumeStrategy'
        ? { ...strategy, pausedBy: undefined }
        : command.type === 'SwitchPreset'
          ? { ...strategy, preset: command.to }
          : { ...strategy, parameters: { ...strategy.parameters, [command.name]: command.to } };
  view.strategies.set(command.strategyId, next);
}

/** The limits of a scope in the view: the account's (no id) or an agent's; undefined when the strategy is no agent. */
function scopeLimits(view: WorkingView, strategyId: string | undefined): RiskLimits | undefined {
  const key = strategyId ?? '';
  const seen = view.limits.get(key);
  if (seen !== undefined) return seen;
  if (strategyId === undefined) return view.snapshot.riskPolicy.limits;
  return view.snapshot.riskPolicy.agent(strategyId)?.limits;
}
