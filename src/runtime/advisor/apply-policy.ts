import type { BacktestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { riskLimitsConfigOf } from '../config/risk-config.ts';
import { AuditChainError, openRunAdvisor, type RunAdvisor, resolveRunDir } from './run-advisor.ts';

/** What `backtest --policy <run>` carried over, for the run's output. */
export interface CarriedPolicy {
  readonly config: BacktestConfig;
  /** One line: whose policy, which version, the memo chain's head. */
  readonly note: string;
}

/**
 * A backtest config under the policy in force of an earlier run (`tradewind backtest --policy
 * <run>`): that run's current risk limits (its hard bounds kept as the bounds, so nothing can
 * loosen past them), its strategies' parameters and presets as the advisor and people set them,
 * and its paused strategies left out. The memo chain must be intact. A policy that pauses every
 * strategy leaves nothing to run: an error naming the pauses.
 */
export async function applyRunPolicy(config: BacktestConfig, run: string): Promise<CarriedPolicy> {
  const dir = resolveRunDir(run);
  let advisor: RunAdvisor;
  try {
    advisor = await openRunAdvisor(dir);
  } catch (error) {
    if (error instanceof AuditChainError) throw new ConfigError(`--policy ${run}: ${error.message}`);
    throw error;
  }
  const { log, workspace } = advisor;
  const policy = workspace.riskPolicy;
  const risk = { ...config.risk, limits: riskLimitsConfigOf(policy.limits), bounds: riskLimitsConfigOf(policy.bounds) };
  const override = (id: string, params: Readonly<Record<string, unknown>>) => {
    const strategy = workspace.strategies.get(id);
    if (strategy === undefined) return { ...params };
    return { ...params, ...strategy.parameters, ...(strategy.preset === undefined ? {} : { preset: strategy.preset }) };
  };
  const paused = [...workspace.strategies]
    .filter(([, s]) => s.pausedBy !== undefined)
    .map(([id, s]) => `${id} (by ${s.pausedBy})`);
  const head = log.lines.at(-1)?.memo;
  const note = `policy of ${dir}: risk policy version ${policy.version}, ${log.lines.length} memos${head === undefined ? '' : `, head ${head.hash.slice(0, 12)}`}${paused.length === 0 ? '' : `; paused: ${paused.join(', ')}`}`;
  if (config.strategies !== undefined) {
    const kept = config.strategies
      .map((entry) => ({ entry, id: entry.id ?? entry.name }))
      .filter(({ id }) => workspace.strategies.get(id)?.pausedBy === undefined)
      .map(({ entry, id }) => ({ ...entry, params: override(id, entry.params) }));
    if (kept.length === 0) throw new ConfigError(`--policy ${run}: every strategy is paused: ${paused.join(', ')}`);
    return { config: { ...config, risk, strategies: kept }, note };
  }
  const single = config.strategy;
  if (single === undefined) return { config: { ...config, risk }, note };
  const id = [...workspace.strategies.keys()][0] ?? single.name;
  if (workspace.strategies.get(id)?.pausedBy !== undefined)
    throw new ConfigError(`--policy ${run}: the policy pauses ${paused.join(', ')}, the only strategy: nothing to run`);
  return { config: { ...config, risk, strategy: { ...single, params: override(id, single.params) } }, note };
}
