import type { OrderDenied } from '../model/events.ts';
import type { StrategyId } from '../model/ids.ts';
import type { UnixMillis } from '../model/time.ts';
import type { CircuitBreakerReset, CircuitBreakerTripped } from './state/circuit-breaker.ts';
import type { DailyDrawdownBreached } from './state/daily-drawdown-kill-switch.ts';
import type { TradingStateChanged } from './state/trading-state.ts';

/** Topic of risk events (everything in `RiskEvent` except denials, which travel with their order's events). */
export const RISK_EVENTS_TOPIC = 'events.risk';

/**
 * The risk limits in force changed: a new policy version was applied (from risk.yaml at start,
 * by an operator, or by an approved advisor proposal). `changes` lists each limit that moved.
 */
export interface RiskLimitsChanged {
  readonly type: 'RiskLimitsChanged';
  readonly version: number;
  readonly previousVersion: number;
  /** Whose limits: undefined for the global limits, else the strategy (agent) whose allocation changed. */
  readonly strategyId?: StrategyId;
  readonly changes: readonly {
    readonly limit: string;
    readonly from: number | boolean;
    readonly to: number | boolean;
  }[];
  readonly by: string;
  readonly reason: string;
  readonly timestamp: UnixMillis;
}

/** A proposed limit change was refused (a hard bound, a stale version, a bad value): nothing changed. */
export interface RiskPolicyRejected {
  readonly type: 'RiskPolicyRejected';
  /** The version in force, unchanged. */
  readonly version: number;
  readonly strategyId?: StrategyId;
  /** Every reason the change was refused, each naming the limit and the numbers. */
  readonly violations: readonly string[];
  readonly by: string;
  readonly reason: string;
  readonly timestamp: UnixMillis;
}

/** A manual kill switch was thrown: HALTED until resumed, working orders canceled, positions flattened. */
export interface KillSwitchActivated {
  readonly type: 'KillSwitchActivated';
  readonly by: string;
  readonly reason: string;
  readonly timestamp: UnixMillis;
}

/**
 * Every event the risk audit records (`risk.log.jsonl`, the report's risk table): denials, kill
 * switches, breaker trips and resets, trading-state changes and limit changes.
 */
export type RiskEvent =
  | OrderDenied
  | TradingStateChanged
  | DailyDrawdownBreached
  | KillSwitchActivated
  | CircuitBreakerTripped
  | CircuitBreakerReset
  | RiskLimitsChanged
  | RiskPolicyRejected;
