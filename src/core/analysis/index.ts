/**
 * Performance analysis: metrics of a finished run ({@link computePerformance}) and the streaming
 * {@link DrawdownTracker} the engine runs per bar. Pure: no I/O, no wall clock.
 */
export type { PerformanceInput, PerformanceMetrics, RoundTrip } from './compute-performance.ts';
export { computePerformance, METRIC_CAP } from './compute-performance.ts';
export { MS_PER_DAY } from './daily-return-statistics.ts';
export {
  type DeflatedSharpe,
  type DeflatedSharpeOptions,
  deflatedSharpe,
  expectedMaximumSharpe,
  type ProbabilisticSharpeOptions,
  probabilisticSharpe,
} from './deflated-sharpe.ts';
export { DrawdownTracker } from './drawdown-tracker.ts';
export { normalCdf, normalDensity, normalQuantile } from './normal-distribution.ts';
export { type ReturnMoments, returnMoments } from './return-moments.ts';
export {
  type TradePermutationOptions,
  type TradePermutationResult,
  tradePermutationTest,
} from './trade-permutation-test.ts';
