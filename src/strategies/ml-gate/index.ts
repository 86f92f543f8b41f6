export { type GateModel, gateModelProblem } from './gate-model.ts';
export { type MlGateParameters, mlGateParameters } from './ml-gate-parameters.ts';
export {
  ML_GATE_DENIAL,
  type MlGateCounts,
  type MlGateDependencies,
  MlGateStrategy,
} from './ml-gate-strategy.ts';
