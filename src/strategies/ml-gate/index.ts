export { BlockedOrders, ML_GATE_DENIAL } from './blocked-orders.ts';
export { type GateModel, gateModelProblem } from './gate-model.ts';
export { type MlGateParameters, mlGateParameters } from './ml-gate-parameters.ts';
export { type MlGateCounts, type MlGateDependencies, MlGateStrategy } from './ml-gate-strategy.ts';
