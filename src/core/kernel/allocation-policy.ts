import { OPEN_RISK_LIMITS, type RiskLimits, riskLimits } from '../risk/risk-limits.ts';
import { type AgentAllocation, RiskPolicy } from '../risk/risk-policy.ts';

/**
 * The risk policy of a run under a capital allocator: the given policy's limits and bounds (or
 * none), plus one agent per allocated strategy with `capitalFraction` = its starting weight. An
 * agent's own limits are, unless `agentLimits` overrides them, the account's gross and net
 * exposure fractions and risk per trade, judged on its allocated capital (a strategy may use no
 * more of its budget than the account may of its equity); the other limits (order size, position,
 * counts, collar) stay the account's alone. Throws when the given policy already has agents or
 * was changed since its start: the allocator owns the agents and their capital shares.
 */
export function allocationPolicy(
  policy: RiskPolicy | undefined,
  strategyIds: readonly string[],
  weights: readonly number[],
  agentLimits: Partial<RiskLimits> = {},
): RiskPolicy {
  if (policy !== undefined && (policy.agents().size > 0 || policy.version !== 1))
    throw new Error(
      'capital allocation: give a risk policy without agents, at its first version (the allocator sets the agents)',
    );
  const limits = policy?.limits ?? OPEN_RISK_LIMITS;
  const own = riskLimits(
    OPEN_RISK_LIMITS,
    {
      maxGrossExposure: limits.maxGrossExposure,
      maxNetExposure: limits.maxNetExposure,
      riskPerTrade: limits.riskPerTrade,
      ...agentLimits,
    },
    'allocation agent limits',
  );
  const agents: Record<string, AgentAllocation> = {};
  strategyIds.forEach((id, i) => {
    agents[id] = { capitalFraction: weights[i]!, limits: own };
  });
  return new RiskPolicy({ limits, bounds: policy?.bounds, agents });
}
