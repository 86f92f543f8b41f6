import type { RiskLimitsChanged } from '../risk/risk-events.ts';
import { type NumericRiskLimit, RISK_LIMIT_NAMES, type RiskLimits } from '../risk/risk-limits.ts';
import { type AdvisorProposal, PolicyChangeKind, PROPOSAL_BOUNDS, type RestoreLimits } from './policy-change.ts';

/** Where a scope's limits started and every version since (the risk audit's `RiskLimitsChanged` events). */
export interface LimitsHistory {
  /** The scope's limits at version 1 (the account's, or the agent's from configuration). */
  readonly initial: RiskLimits;
  /** Every `RiskLimitsChanged` of the policy, any scope, in order. */
  readonly changes: readonly RiskLimitsChanged[];
  /** The agent whose limits are meant; undefined for the account's. */
  readonly strategyId?: string;
}

/**
 * A scope's limits as they stood at policy `version`: the initial limits with every change of that
 * scope up to and including that version replayed. Throws for a version that never existed.
 */
export function limitsAtVersion(history: LimitsHistory, version: number): RiskLimits {
  const last = history.changes.at(-1)?.version ?? 1;
  if (!Number.isInteger(version) || version < 1 || version > last)
    throw new Error(`limitsAtVersion: version ${version} does not exist (1 to ${last})`);
  const limits: Record<string, number | boolean> = { ...history.initial };
  for (const change of history.changes) {
    if (change.version > version) break;
    if ((change.strategyId ?? undefined) !== history.strategyId) continue;
    for (const moved of change.changes)
      if ((RISK_LIMIT_NAMES as readonly string[]).includes(moved.limit)) limits[moved.limit] = moved.to;
  }
  return limits as unknown as RiskLimits;
}

/**
 * An operator's `policy rollback <version>` as a proposal with one `restore_limits` change: the
 * numeric limits of that version. Parse it with `{ allowRestore: true }` and review it with
 * `byPerson: true`: the gate still holds every value to the hard bounds, and the runtime's
 * `RiskPolicy.apply` makes it the next version (a rollback never rewrites history). Limits that
 * were off (Infinity) at that version are left as they are now, since JSON cannot carry Infinity
 * into the memo; `roundToIncrements` is not restored either. Both are said in the rationale.
 */
export function rollbackProposal(options: {
  readonly history: LimitsHistory;
  readonly toVersion: number;
  readonly by: string;
  readonly reason: string;
}): AdvisorProposal {
  const at = limitsAtVersion(options.history, options.toVersion);
  const limits: Partial<Record<NumericRiskLimit, number>> = {};
  const off: string[] = [];
  for (const name of RISK_LIMIT_NAMES) {
    if (name === 'roundToIncrements') continue;
    if (Number.isFinite(at[name])) limits[name] = at[name];
    else off.push(name);
  }
  const kept = off.length === 0 ? '' : ` (${off.join(', ')} were off then and stay as they are)`;
  const rationale = `rollback to version ${options.toVersion} by ${options.by}: ${options.reason}${kept}`;
  const change: RestoreLimits = {
    kind: PolicyChangeKind.RestoreLimits,
    to_version: options.toVersion,
    limits,
    ...(options.history.strategyId === undefined ? {} : { strategy_id: options.history.strategyId }),
    rationale: rationale.slice(0, PROPOSAL_BOUNDS.maxRationaleLength),
    confidence: 'high',
  };
  return { changes: [change] };
}
