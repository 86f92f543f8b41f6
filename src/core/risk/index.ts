export { type RiskDenial, RiskEngine } from './risk-engine.ts';
export * from './sizing/index.ts';
export * from './state/index.ts';
