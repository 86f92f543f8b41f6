export {
  ALLOCATION_EVENTS_TOPIC,
  type AllocationChanged,
  type AllocationConfig,
  AllocationEngine,
  type AllocationHistory,
} from './allocation-engine.ts';
export { allocationPolicy } from './allocation-policy.ts';
export {
  BacktestEngine,
  type BacktestEngineConfig,
  type BacktestResult,
  type BacktestRiskConfig,
} from './backtest-engine.ts';
export type { BacktestResultStore } from './backtest-result-store.ts';
export { Cache } from './cache.ts';
export { EquityRecorder } from './equity-recorder.ts';
export { SeededRandom } from './random.ts';
export { SimulatedVenueEngine } from './simulated-venue-engine.ts';
export type { StepClock } from './step-clock.ts';
export { barsTopic, TradingKernel, type TradingKernelOptions } from './trading-kernel.ts';
