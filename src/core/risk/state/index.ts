export {
  applyCircuitBreakerEvent,
  type CircuitBreakerEvent,
  type CircuitBreakerReset,
  type CircuitBreakerTripped,
  HysteresisLatch,
} from './circuit-breaker.ts';
export {
  applyDailyDrawdownBreached,
  type DailyDrawdownBreached,
  DailyDrawdownKillSwitch,
  type DailyDrawdownKillSwitchOptions,
  KillAction,
} from './daily-drawdown-kill-switch.ts';
export { ErrorRateBreaker, type ErrorRateBreakerOptions } from './error-rate-breaker.ts';
export { type GateOrder, gateOrder, OrderAction, type TradingStateDenial } from './gate-order.ts';
export { RollingMedian } from './rolling-median.ts';
export { SlippageDriftBreaker, type SlippageDriftBreakerOptions } from './slippage-drift-breaker.ts';
export { SpreadStressBreaker, type SpreadStressBreakerOptions } from './spread-stress-breaker.ts';
export { dataStreamName, StaleDataBreaker, type StaleDataBreakerOptions } from './stale-data-breaker.ts';
export {
  accountScope,
  GLOBAL_SCOPE,
  mostRestrictive,
  scopeKey,
  strategyScope,
  type TradingScope,
  TradingState,
  type TradingStateChanged,
  TradingStateReason,
  tradingStateRank,
} from './trading-state.ts';
export {
  type HoldKind,
  MANUAL_SOURCE,
  type ResumeResult,
  type TradingStateHold,
  TradingStateMachine,
  type TradingStateMachineOptions,
} from './trading-state-machine.ts';
