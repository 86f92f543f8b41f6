import type { MessageBus } from '../bus/message-bus.ts';
import type { Clock } from '../clock/clock.ts';
import type { Bar } from '../model/data.ts';
import type { OrderEvent } from '../model/events.ts';
import type { StrategyId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import type { UnixMillis } from '../model/time.ts';
import type { AllocationMethod, CapitalAllocator } from '../portfolio/allocation/capital-allocator.ts';
import type { AllocatorSpec } from '../portfolio/allocation/create-allocator.ts';
import type { StrategyAllocation } from '../portfolio/allocation/strategy-allocation.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import type { RiskLimits } from '../risk/risk-limits.ts';
import type { RiskPolicy, RiskPolicyChange } from '../risk/risk-policy.ts';
import { AgentPortfolio } from './agent-portfolio.ts';
import type { StrategyAllocations } from './strategy-allocations.ts';

/** Topic of `AllocationChanged` events. */
export const ALLOCATION_EVENTS_TOPIC = 'events.allocation';

/** A rebalance moved the strategies' capital shares (applied as their agents' `capitalFraction`). */
export interface AllocationChanged {
  readonly type: 'AllocationChanged';
  readonly method: AllocationMethod;
  /** The allocated strategies; the arrays below follow this order. */
  readonly strategyIds: readonly string[];
  readonly before: readonly number[];
  /** The shares in force after the change (as the risk policy holds them). */
  readonly after: readonly number[];
  /** Each strategy's net PnL over the period ÷ the capital it was allocated at the period's start. */
  readonly periodReturns: readonly number[];
  /** The risk policy's version once every share was applied. */
  readonly policyVersion: number;
  readonly timestamp: UnixMillis;
}

/** Capital allocation of a backtest: which strategies, how, and when to rebalance. */
export interface AllocationConfig extends AllocatorSpec {
  /** The allocated strategies' ids, in the order of `weights`; each must be added to the engine. */
  readonly strategyIds: readonly string[];
  /** Every `bars` time slices (after the strategies saw the slice), or every `intervalMs` of clock time. */
  readonly rebalance: { readonly bars: number } | { readonly intervalMs: number };
  /** Limits each strategy's agent holds on its own capital (default: see `allocationPolicy`). */
  readonly agentLimits?: Partial<RiskLimits>;
}

/** The allocation of a finished run: starting shares and every change, in time order. */
export interface AllocationHistory {
  readonly method: AllocationMethod;
  readonly strategyIds: readonly string[];
  readonly initialWeights: readonly number[];
  readonly changes: readonly AllocationChanged[];
}

/** What the allocation reaches of its kernel (a TradingKernel): bus, clock, reads, the policy path. */
export interface AllocationHost {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly cache: { instrument(id: string): Instrument };
  readonly portfolio: PortfolioView;
  readonly risk: { readonly policy: RiskPolicy };
  changeRiskLimits(change: RiskPolicyChange): unknown;
}

/**
 * Moves capital between strategies sharing one account. At every rebalance it measures each
 * strategy's return over the period (net PnL change from `netPnl` ÷ its share × the account's
 * equity at the period's start), asks the allocator for the next shares, applies them as the
 * agents' `capitalFraction` through the versioned risk policy (by `allocator`; shrinking shares
 * first, so the sum never passes 1), and publishes `AllocationChanged` when any share moved. The
 * risk engine then holds each strategy to its budget; strategies read theirs through
 * `StrategyContext.allocation()` and see their own positions in `context.portfolio`.
 */
export class AllocationEngine implements StrategyAllocations {
  private readonly ids: readonly string[];
  private readonly index = new Map<string, number>();
  private readonly books: AgentPortfolio;
  private weights: readonly number[];
  private readonly changes: AllocationChanged[] = [];
  private periodPnl: number[];
  private periodEquity = 0;

  constructor(
    private readonly kernel: AllocationHost,
    private readonly config: AllocationConfig,
    private readonly allocator: CapitalAllocator,
    /** Each strategy's net PnL so far (realized + unrealized − fees), account currency. */
    private readonly netPnl: (strategyIds: readonly string[]) => number[],
  ) {
    this.ids = config.strategyIds;
    this.ids.forEach((id, i) => {
      if (this.index.has(id)) throw new Error(`capital allocation: strategy '${id}' is listed twice`);
      if (kernel.risk.policy.agent(id) === undefined)
        throw new Error(
          `capital allocation: strategy '${id}' is not an agent of the risk policy (see allocationPolicy)`,
        );
      this.index.set(id, i);
    });
    if (allocator.initialWeights.length !== this.ids.length)
      throw new Error(
        `capital allocation: ${allocator.initialWeights.length} weights for ${this.ids.length} strategies`,
      );
    const rebalance = config.rebalance;
    const every = 'bars' in rebalance ? rebalance.bars : rebalance.intervalMs;
    if (!(Number.isInteger(every) && every > 0))
      throw new Error(
        `capital allocation: rebalance every ${every} ${'bars' in rebalance ? 'bars' : 'ms'} must be a positive whole number`,
      );
    this.weights = allocator.initialWeights;
    this.periodPnl = this.ids.map(() => 0);
    this.books = new AgentPortfolio(kernel.portfolio, (id) => kernel.cache.instrument(id));
    for (const id of this.ids) this.books.track(id);
    // Before the strategies (priority 0): a strategy's fill handler already reads its new position.
    kernel.bus.subscribe<OrderEvent>(
      'events.order.*',
      (event) => {
        if (event.type === 'OrderFilled') this.books.onFill(event);
      },
      20,
    );
  }

  /** Arms the rebalancing once the clock stands at the first bar's open. */
  start(added: (strategyId: string) => boolean): void {
    const missing = this.ids.filter((id) => !added(id));
    if (missing.length > 0) throw new Error(`capital allocation: strategies ${missing.join(', ')} were never added`);
    this.periodEquity = this.kernel.portfolio.equity();
    const rebalance = this.config.rebalance;
    if ('intervalMs' in rebalance) {
      this.kernel.clock.setTimer({
        name: 'ALLOCATION:rebalance',
        intervalMs: rebalance.intervalMs,
        handler: (event) => this.rebalance(event.timestamp),
      });
      return;
    }
    let slices = 0;
    let last = Number.NEGATIVE_INFINITY;
    // After the strategies (priority 0) have seen the slice's bars; one count per slice.
    this.kernel.bus.subscribe<Bar>(
      'data.bars.*',
      (bar) => {
        if (bar.timestamp === last) return;
        last = bar.timestamp;
        if (++slices % rebalance.bars === 0) this.rebalance(this.kernel.clock.timestamp());
      },
      -100,
    );
  }

  /** Ends a period: measures the returns, applies the allocator's next shares, reports a change. */
  rebalance(timestamp: UnixMillis): void {
    const pnl = this.netPnl(this.ids);
    const equity = this.periodEquity;
    const returns = this.ids.map((_, i) => {
      const capital = this.weights[i]! * equity;
      return capital > 0 ? (pnl[i]! - this.periodPnl[i]!) / capital : 0;
    });
    const next = this.allocator.rebalance(returns);
    const before = this.weights;
    // Shrinking shares first, so the agents' sum never passes 1 on the way.
    const order = this.ids.map((_, i) => i).sort((a, b) => next[a]! - before[a]! - (next[b]! - before[b]!) || a - b);
    const policy = this.kernel.risk.policy;
    for (const i of order) {
      if (next[i] === before[i]) continue;
      this.kernel.changeRiskLimits({
        strategyId: this.ids[i] as StrategyId,
        capitalFraction: next[i],
        basedOnVersion: policy.version,
        by: 'allocator',
        reason: `${this.allocator.method} rebalance`,
      });
    }
    const after = this.ids.map((id) => policy.agent(id)!.capitalFraction);
    this.weights = after;
    this.periodPnl = pnl;
    this.periodEquity = this.kernel.portfolio.equity();
    if (after.every((w, i) => w === before[i])) return;
    const event: AllocationChanged = {
      type: 'AllocationChanged',
      method: this.allocator.method,
      strategyIds: this.ids,
      before,
      after,
      periodReturns: returns,
      policyVersion: policy.version,
      timestamp,
    };
    this.changes.push(event);
    this.kernel.bus.publish(ALLOCATION_EVENTS_TOPIC, event);
  }

  /** The shares in force, in the order of `strategyIds`. */
  get currentWeights(): readonly number[] {
    return this.weights;
  }

  history(): AllocationHistory {
    return {
      method: this.allocator.method,
      strategyIds: this.ids,
      initialWeights: this.allocator.initialWeights,
      changes: this.changes,
    };
  }

  manages(strategyId: StrategyId | string): boolean {
    return this.index.has(strategyId);
  }

  allocationOf(strategyId: StrategyId | string): StrategyAllocation | undefined {
    const i = this.index.get(strategyId);
    if (i === undefined) return undefined;
    const weight = this.weights[i]!;
    const initialWeight = this.allocator.initialWeights[i]!;
    return { weight, initialWeight, capital: weight * this.kernel.portfolio.equity(), scale: weight / initialWeight };
  }

  portfolioOf(strategyId: StrategyId | string): PortfolioView {
    return this.books.viewOf(strategyId);
  }

  ownReduceOnly(order: OrderRequest): OrderRequest {
    return this.books.ownReduceOnly(order);
  }
}
