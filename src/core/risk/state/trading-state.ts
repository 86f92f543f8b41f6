import type { AccountId, StrategyId } from '../../model/ids.ts';
import type { UnixMillis } from '../../model/time.ts';

/**
 * What new risk an owner of a scope may take. ACTIVE: anything the pre-trade checks allow.
 * REDUCING: only orders that shrink an absolute position, and cancels. HALTED: only cancels
 * (and the risk engine's own flatten orders after a kill).
 */
export const TradingState = { Active: 'ACTIVE', Reducing: 'REDUCING', Halted: 'HALTED' } as const;
export type TradingState = (typeof TradingState)[keyof typeof TradingState];

const RANK: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/** Restrictiveness, 0 (ACTIVE) to 2 (HALTED). */
export function tradingStateRank(state: TradingState): number {
  return RANK[state];
}

/** The more restrictive of two states (HALTED > REDUCING > ACTIVE). */
export function mostRestrictive(a: TradingState, b: TradingState): TradingState {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * Where a trading state applies. An order is governed by the global scope, its account's scope
 * and its strategy's scope; its effective state is the most restrictive of the three.
 */
export type TradingScope =
  | { readonly kind: 'global' }
  | { readonly kind: 'account'; readonly accountId: AccountId }
  | { readonly kind: 'strategy'; readonly strategyId: StrategyId };

export const GLOBAL_SCOPE: TradingScope = Object.freeze({ kind: 'global' });

export const accountScope = (accountId: AccountId): TradingScope => ({ kind: 'account', accountId });
export const strategyScope = (strategyId: StrategyId): TradingScope => ({ kind: 'strategy', strategyId });

/** A stable string for a scope: `global`, `account:<id>` or `strategy:<id>`. */
export function scopeKey(scope: TradingScope): string {
  switch (scope.kind) {
    case 'global':
      return 'global';
    case 'account':
      return `account:${scope.accountId}`;
    case 'strategy':
      return `strategy:${scope.strategyId}`;
  }
}

/**
 * Why a state changed. Codes that raise the state name the cause; codes that lower it name the
 * way back (a condition cleared, a cooldown ended, an operator resumed).
 */
export const TradingStateReason = {
  DailyDrawdown: 'DAILY_DRAWDOWN',
  StaleData: 'STALE_DATA',
  DataResumed: 'DATA_RESUMED',
  SpreadStress: 'SPREAD_STRESS',
  SpreadNormal: 'SPREAD_NORMAL',
  ErrorRate: 'ERROR_RATE',
  ErrorRateNormal: 'ERROR_RATE_NORMAL',
  SlippageDrift: 'SLIPPAGE_DRIFT',
  SlippageNormal: 'SLIPPAGE_NORMAL',
  CooldownEnded: 'COOLDOWN_ENDED',
  ManualHalt: 'MANUAL_HALT',
  ManualReduce: 'MANUAL_REDUCE',
  ManualResume: 'MANUAL_RESUME',
} as const;
export type TradingStateReason = (typeof TradingStateReason)[keyof typeof TradingStateReason];

/**
 * A scope's trading state changed. Emitted once per change, never for a request that leaves the
 * state as it was. `source` names the hold that caused it (`DAILY_DRAWDOWN`, `STALE_DATA:BTC/USDT
 * bars 1m`, `MANUAL`); `by` the operator for manual changes; `until` the end of the cooldown when
 * the new state will lift by itself (unless another hold keeps it).
 */
export interface TradingStateChanged {
  readonly type: 'TradingStateChanged';
  readonly scope: TradingScope;
  readonly from: TradingState;
  readonly to: TradingState;
  readonly reason: TradingStateReason;
  /** The numbers or words behind the reason. */
  readonly detail: string;
  readonly source: string;
  readonly by?: string;
  readonly timestamp: UnixMillis;
  readonly until?: UnixMillis;
}
