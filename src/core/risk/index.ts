export { type RiskDenial, RiskEngine } from './risk-engine.ts';
