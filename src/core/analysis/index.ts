/**
 * Performance analysis: metrics of a finished run ({@link computePerformance}) and the streaming
 * {@link DrawdownTracker} the engine runs per bar. Pure: no I/O, no wall clock.
 */
export type { PerformanceInput, PerformanceMetrics, RoundTrip } from './compute-performance.ts';
export { computePerformance, METRIC_CAP } from './compute-performance.ts';
export { DrawdownTracker } from './drawdown-tracker.ts';
