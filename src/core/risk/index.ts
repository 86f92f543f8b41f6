export { type RiskDenial, RiskEngine } from './risk-engine.ts';
export {
  type KillSwitchActivated,
  RISK_EVENTS_TOPIC,
  type RiskEvent,
  type RiskLimitsChanged,
  type RiskPolicyRejected,
} from './risk-events.ts';
export * from './sizing/index.ts';
export * from './state/index.ts';
