export * from './exits/index.ts';
export { type RiskDenial, RiskEngine } from './risk-engine.ts';
export {
  type KillSwitchActivated,
  RISK_EVENTS_TOPIC,
  type RiskEvent,
  type RiskLimitsChanged,
  type RiskPolicyRejected,
} from './risk-events.ts';
export {
  DEFAULT_RISK_LIMITS,
  type NumericRiskLimit,
  OPEN_RISK_LIMITS,
  RISK_LIMIT_NAMES,
  type RiskLimits,
  riskLimits,
  validateRiskLimits,
} from './risk-limits.ts';
export { type AgentAllocation, RiskPolicy, type RiskPolicyChange, type RiskPolicyOptions } from './risk-policy.ts';
export * from './sizing/index.ts';
export * from './state/index.ts';
