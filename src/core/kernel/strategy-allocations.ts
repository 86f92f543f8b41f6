import type { StrategyId } from '../model/ids.ts';
import type { OrderRequest } from '../model/order.ts';
import type { StrategyAllocation } from '../portfolio/allocation/strategy-allocation.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';

/** What a strategy context asks of the capital allocation (the AllocationEngine answers). */
export interface StrategyAllocations {
  /** True when the strategy trades under the allocator. */
  manages(strategyId: StrategyId | string): boolean;
  allocationOf(strategyId: StrategyId | string): StrategyAllocation | undefined;
  /** The portfolio the strategy reads: the account's, with its own positions in place of the account's. */
  portfolioOf(strategyId: StrategyId | string): PortfolioView;
  /** The order as it goes out: reduce-only market orders judged on the strategy's own position. */
  ownReduceOnly(order: OrderRequest): OrderRequest;
}
