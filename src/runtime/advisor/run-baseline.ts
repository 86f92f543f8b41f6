import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RunMode, type TradingStore } from '../../core/persistence/index.ts';
import { loadStrategies } from '../backtest/multi-strategy.ts';
import { loadStrategy } from '../backtest/strategy-loader.ts';
import { type BacktestConfig, backtestConfig } from '../config/backtest-config.ts';
import { ConfigError, formatIssues } from '../config/load-backtest-config.ts';
import { nodeConfig } from '../config/node-config.ts';
import { backtestRiskConfig } from '../config/risk-config.ts';
import type { PolicyBaseline } from './policy-workspace.ts';

/**
 * The policy a backtest run directory started with, from its resolved `config.yaml`: the risk
 * policy at version 1 and every strategy's numeric parameters (defaults included), by strategy id.
 * A backtest is a SIM run.
 */
export async function runDirBaseline(dir: string): Promise<PolicyBaseline> {
  const path = join(dir, 'config.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the run's configuration: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = backtestConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(path, parsed.error));
  return baselineOf(parsed.data, basename(dir), RunMode.Sim, path);
}

/**
 * The policy a stored paper (or live) run started with, from the configuration its identity
 * recorded in the store (`config_versions`). Throws for an unknown run.
 */
export async function storedRunBaseline(store: TradingStore, runId: string): Promise<PolicyBaseline> {
  const run = await store.run(runId);
  if (run === undefined) throw new ConfigError(`--run ${runId}: no such run in the store`);
  const version = await store.configVersion(run.configHash);
  if (version === undefined)
    throw new ConfigError(`run ${runId}: its configuration ${run.configHash} is not in the store`);
  const where = `the stored configuration of ${runId}`;
  const identity = JSON.parse(version.content) as { config?: unknown };
  const parsed = nodeConfig.safeParse(identity.config);
  if (!parsed.success) throw new ConfigError(formatIssues(where, parsed.error));
  return baselineOf(parsed.data, runId, run.mode, where);
}

async function baselineOf(
  config: BacktestConfig,
  runId: string,
  mode: RunMode,
  where: string,
): Promise<PolicyBaseline> {
  const loaded =
    config.strategy !== undefined
      ? [await loadStrategy(config.strategy.name, { ...config.strategy.params }, process.cwd())]
      : await loadStrategies(config, process.cwd());
  const strategies: Record<string, Record<string, number>> = {};
  for (const strategy of loaded)
    strategies[strategy.id] = Object.fromEntries(
      Object.entries(strategy.params).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
    );
  return {
    runId,
    mode,
    riskPolicy: () => {
      const policy = backtestRiskConfig(config.risk).policy;
      if (policy === undefined) throw new Error(`${where}: the risk section gave no risk policy`);
      return policy;
    },
    strategies,
  };
}
