import type { StrategyId } from '../model/ids.ts';
import type { UnixMillis } from '../model/time.ts';
import type { RiskLimitsChanged, RiskPolicyRejected } from './risk-events.ts';
import { RISK_LIMIT_NAMES, type RiskLimits, riskLimits } from './risk-limits.ts';

/**
 * An agent's share of the account: a strategy that trades `capitalFraction` of the account's
 * equity under its own limits (fractions of that capital), beside the global limits over the
 * whole account. A low-risk spot agent and a high-risk leveraged agent are two allocations.
 */
export interface AgentAllocation {
  /** Share of the account's equity the agent trades with, in (0, 1]. */
  readonly capitalFraction: number;
  readonly limits: RiskLimits;
}

export interface RiskPolicyOptions {
  /** The global limits at version 1. */
  readonly limits: RiskLimits;
  /**
   * Hard bounds: the loosest value any later version may set for each limit (a numeric limit may
   * not exceed its bound; `roundToIncrements` may turn on only if its bound is true). Default: the
   * starting limits, so changes may only tighten, or loosen back to where they started.
   */
  readonly bounds?: Partial<RiskLimits>;
  /** Agent allocations by strategy id. Capital fractions may sum to at most 1. */
  readonly agents?: Readonly<Record<string, AgentAllocation>>;
}

/** A proposed change: new values for some limits, of the global policy or of one agent. */
export interface RiskPolicyChange {
  readonly limits?: Partial<RiskLimits>;
  /** The agent whose allocation changes; undefined for the global limits. */
  readonly strategyId?: StrategyId;
  /** A new capital share for the agent. */
  readonly capitalFraction?: number;
  /** The version the proposer read; the change is refused when another version was applied since. */
  readonly basedOnVersion?: number;
  /** Who asks (an operator, `advisor`, `risk.yaml`). */
  readonly by: string;
  readonly reason: string;
}

/**
 * The risk limits in force, as numbered versions. Version 1 comes from configuration; every later
 * version is a change that passed the hard bounds, which no change can move. This is the only way
 * limits change at run time: operators and the LLM advisor's approved proposals both come here.
 */
export class RiskPolicy {
  private current: RiskLimits;
  private currentVersion = 1;
  readonly bounds: RiskLimits;
  private readonly agentsById = new Map<string, AgentAllocation>();

  constructor(options: RiskPolicyOptions) {
    this.current = riskLimits(options.limits, {}, 'risk policy');
    this.bounds = riskLimits(this.current, options.bounds ?? {}, 'risk policy bounds');
    const startProblems = boundViolations(this.current, this.bounds, 'limit');
    for (const [id, agent] of Object.entries(options.agents ?? {})) {
      const limits = riskLimits(agent.limits, {}, `agent ${id}`);
      this.agentsById.set(id, Object.freeze({ capitalFraction: agent.capitalFraction, limits }));
    }
    startProblems.push(...this.capitalViolations());
    if (startProblems.length > 0) throw new Error(`risk policy: ${startProblems.join('; ')}`);
  }

  get version(): number {
    return this.currentVersion;
  }

  /** The global limits in force. */
  get limits(): RiskLimits {
    return this.current;
  }

  /** The allocation of a strategy that trades as a separate agent, if it is one. */
  agent(strategyId: StrategyId | string): AgentAllocation | undefined {
    return this.agentsById.get(strategyId);
  }

  /** Every agent, by strategy id. */
  agents(): ReadonlyMap<string, AgentAllocation> {
    return this.agentsById;
  }

  /**
   * Applies a change as the next version when every new value is valid and within the hard
   * bounds, and the proposer saw the version in force; otherwise changes nothing. Returns the
   * audit event either way.
   */
  apply(change: RiskPolicyChange, timestamp: UnixMillis): RiskLimitsChanged | RiskPolicyRejected {
    const violations: string[] = [];
    const reject = (): RiskPolicyRejected => ({
      type: 'RiskPolicyRejected',
      version: this.currentVersion,
      ...(change.strategyId === undefined ? {} : { strategyId: change.strategyId }),
      violations,
      by: change.by,
      reason: change.reason,
      timestamp,
    });
    if (change.basedOnVersion !== undefined && change.basedOnVersion !== this.currentVersion)
      violations.push(`based on version ${change.basedOnVersion}, but version ${this.currentVersion} is in force`);
    const agent = change.strategyId === undefined ? undefined : this.agentsById.get(change.strategyId);
    if (change.strategyId !== undefined && agent === undefined)
      violations.push(`strategy ${change.strategyId} is not an agent with its own allocation`);
    if (change.strategyId === undefined && change.capitalFraction !== undefined)
      violations.push('capitalFraction belongs to an agent: give its strategyId');
    if (violations.length > 0) return reject();
    const before = agent === undefined ? this.current : agent.limits;
    let after: RiskLimits;
    try {
      after = riskLimits(before, change.limits ?? {}, 'proposed limits');
    } catch (error) {
      violations.push((error as Error).message);
      return reject();
    }
    // Hard bounds hold the account's limits; an agent's limits only divide what those allow (the
    // account's limits judge every agent's order too), so they cannot loosen past a bound.
    if (agent === undefined) violations.push(...boundViolations(after, this.bounds, 'limit'));
    const capitalFraction = change.capitalFraction ?? agent?.capitalFraction;
    if (agent !== undefined && capitalFraction !== undefined) {
      const previous = this.agentsById.get(change.strategyId as string) as AgentAllocation;
      this.agentsById.set(change.strategyId as string, { capitalFraction, limits: after });
      violations.push(...this.capitalViolations());
      this.agentsById.set(change.strategyId as string, previous);
    }
    if (violations.length > 0) return reject();
    const changes: { limit: string; from: number | boolean; to: number | boolean }[] = [];
    for (const name of RISK_LIMIT_NAMES)
      if (after[name] !== before[name]) changes.push({ limit: name, from: before[name], to: after[name] });
    if (agent !== undefined && capitalFraction !== agent.capitalFraction)
      changes.push({ limit: 'capitalFraction', from: agent.capitalFraction, to: capitalFraction as number });
    const previousVersion = this.currentVersion;
    this.currentVersion++;
    if (agent === undefined) this.current = after;
    else
      this.agentsById.set(
        change.strategyId as string,
        Object.freeze({ capitalFraction: capitalFraction as number, limits: after }),
      );
    return {
      type: 'RiskLimitsChanged',
      version: this.currentVersion,
      previousVersion,
      ...(change.strategyId === undefined ? {} : { strategyId: change.strategyId }),
      changes,
      by: change.by,
      reason: change.reason,
      timestamp,
    };
  }

  private capitalViolations(): string[] {
    let sum = 0;
    const problems: string[] = [];
    for (const [id, agent] of this.agentsById) {
      if (!(agent.capitalFraction > 0 && agent.capitalFraction <= 1))
        problems.push(`agent ${id}: capitalFraction ${agent.capitalFraction} must be in (0, 1]`);
      sum += agent.capitalFraction;
    }
    if (sum > 1 + 1e-12) problems.push(`agents' capital fractions sum to ${sum}, more than the whole account`);
    return problems;
  }
}

/** Each limit of `limits` looser than its hard bound, in words. */
function boundViolations(limits: RiskLimits, bounds: RiskLimits, what: string): string[] {
  const problems: string[] = [];
  for (const name of RISK_LIMIT_NAMES) {
    const value = limits[name];
    const bound = bounds[name];
    if (typeof value === 'boolean') {
      if (value && !bound) problems.push(`${what} ${name} may not be turned on: its hard bound is false`);
    } else if (value > (bound as number)) {
      problems.push(`${what} ${name} ${value} exceeds its hard bound ${bound}`);
    }
  }
  return problems;
}
