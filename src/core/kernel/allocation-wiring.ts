import { createAllocator } from '../portfolio/allocation/create-allocator.ts';
import type { StrategyPnlLedger } from '../portfolio/strategy-pnl-ledger.ts';
import type { RiskPolicy } from '../risk/risk-policy.ts';
import { type AllocationConfig, AllocationEngine } from './allocation-engine.ts';
import { allocationPolicy } from './allocation-policy.ts';
import { SeededRandom } from './random.ts';
import type { TradingKernel } from './trading-kernel.ts';

/** Mixed into the run's seed for the allocator's own stream, so its draws never shift the venue's. */
const ALLOCATOR_SEED_SALT = 0x9e3779b9;

/** What a BacktestEngine needs before and after it builds its kernel to allocate capital. */
export interface AllocationWiring {
  /** The risk policy with one agent per allocated strategy at its starting share. */
  readonly policy: RiskPolicy;
  /** Builds the AllocationEngine on the kernel and hangs it where the strategy contexts find it. */
  attach(kernel: TradingKernel, ledger: StrategyPnlLedger): AllocationEngine;
}

/**
 * The allocator of `config` (the bandit draws from its own SeededRandom seeded by the run's seed,
 * so the same seed gives the same weights) and the agents' risk policy, built before the kernel.
 */
export function allocationWiring(
  config: AllocationConfig,
  seed: number,
  policy: RiskPolicy | undefined,
): AllocationWiring {
  const random = new SeededRandom((seed ^ ALLOCATOR_SEED_SALT) | 0);
  const allocator = createAllocator(config, config.strategyIds.length, () => random.next());
  return {
    policy: allocationPolicy(policy, config.strategyIds, allocator.initialWeights, config.agentLimits),
    attach(kernel, ledger) {
      const engine = new AllocationEngine(kernel, config, allocator, (ids) => netPnl(ledger, ids));
      kernel.allocation = engine;
      return engine;
    },
  };
}

/** Each strategy's net PnL so far from the ledger (0 before its first fill). */
function netPnl(ledger: StrategyPnlLedger, ids: readonly string[]): number[] {
  const byId = new Map(ledger.results().map((p) => [p.strategyId, p.netPnl]));
  return ids.map((id) => byId.get(id) ?? 0);
}
