import type { AllocationConfig } from '../../core/kernel/index.ts';
import { timeframeMillis } from '../../core/model/time.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { type LoadedStrategy, loadStrategy } from './strategy-loader.ts';

/**
 * The strategies of a `strategies:` list, loaded and validated, each with its id: the entry's
 * `id`, else its name (made id-safe), with `_2`, `_3`, … on repeats of a name.
 */
export async function loadStrategies(config: Readonly<BacktestConfig>, baseDir: string): Promise<LoadedStrategy[]> {
  const entries = config.strategies ?? [];
  const taken = new Set(entries.flatMap((e) => (e.id === undefined ? [] : [e.id])));
  const loaded: LoadedStrategy[] = [];
  for (const entry of entries) {
    const strategy = await loadStrategy(entry.name, { ...entry.params }, baseDir);
    let id = entry.id;
    if (id === undefined) {
      id = strategy.id;
      for (let n = 2; taken.has(id); n++) id = `${strategy.id}_${n}`;
      taken.add(id);
    }
    loaded.push({ ...strategy, id });
  }
  return loaded;
}

/**
 * One name for a multi-strategy run where a single strategy is expected (titles, run ids, the CLI
 * table): the names joined with ` + `, id `multi`, the ids → names as its params; `strategy` is the
 * first strategy's instance (the run's `strategies` hold them all).
 */
export function multiStrategySummary(strategies: readonly LoadedStrategy[]): LoadedStrategy {
  if (strategies.length === 0) throw new Error('a multi-strategy run needs at least one strategy');
  return {
    name: strategies.map((s) => s.name).join(' + '),
    id: 'multi',
    strategy: strategies[0]!.strategy,
    params: Object.fromEntries(strategies.map((s) => [s.id, s.name])),
  };
}

/**
 * The engine's capital allocation for a `strategies:` run: the config's `allocation` (fixed weights
 * when absent), the entries' weights (relative, 1 when not given) in list order, rebalanced every
 * duration of clock time ('1d') or every N bars (a number).
 */
export function engineAllocation(
  config: Readonly<BacktestConfig>,
  strategies: readonly LoadedStrategy[],
): AllocationConfig {
  const a = config.allocation ?? { method: 'fixed' as const, rebalance: '1d', lookback: 20 };
  const entries = config.strategies ?? [];
  return {
    strategyIds: strategies.map((s) => s.id),
    weights: entries.map((e) => e.weight ?? 1),
    method: a.method,
    rebalance: typeof a.rebalance === 'number' ? { bars: a.rebalance } : { intervalMs: timeframeMillis(a.rebalance) },
    lookback: a.lookback,
    minHistory: a.min_history,
    minWeight: a.min_weight,
    maxWeight: a.max_weight,
    volatilityFloor: a.volatility_floor,
    discount: a.discount,
    draws: a.draws,
    priorPeriods: a.prior_periods,
  };
}
