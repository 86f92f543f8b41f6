export { boundWeights } from './bound-weights.ts';
export { AllocationMethod, type CapitalAllocator, equalWeights } from './capital-allocator.ts';
export { type AllocatorSpec, createAllocator } from './create-allocator.ts';
export { FixedWeightAllocator, initialWeights } from './fixed-weight-allocator.ts';
export {
  InverseVolatilityAllocator,
  type InverseVolatilityOptions,
  standardDeviation,
} from './inverse-volatility-allocator.ts';
export type { StrategyAllocation } from './strategy-allocation.ts';
export { ThompsonBanditAllocator, type ThompsonBanditOptions } from './thompson-bandit-allocator.ts';
