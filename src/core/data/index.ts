/**
 * Market data in the core: the BarStore port, bar aggregation and resampling (batch and live),
 * trades → time / tick / volume / notional bars, the quality report and repairs, and exchange
 * calendars.
 */
export type { AggregatedBar, AggregatedSeries } from './aggregated-bar.ts';
export { AggregatedSeriesBuilder } from './aggregated-bar.ts';
export { BarAggregator, type BarAggregatorOptions, LatePolicy } from './bar-aggregator.ts';
export {
  type BarGap,
  type BarQualityOptions,
  type BarQualityReport,
  barQualityReport,
} from './bar-quality-report.ts';
export { type BarSchedule, type BarScheduleOptions, barSchedule } from './bar-schedule.ts';
export type { BarQuery, BarStore, BarWriteSummary } from './bar-store.ts';
export { type BucketAlignment, bucketAlignment, checkResampleTimeframes } from './bucket-alignment.ts';
export * from './calendars/index.ts';
export * from './data-client.ts';
export { lowerBound } from './lower-bound.ts';
export { type RepairAction, type RepairedBars, type RepairOptions, RepairPolicy, repairBars } from './repair-bars.ts';
export { type ResampleOptions, resampleBars } from './resample-bars.ts';
export {
  ThresholdBarAggregator,
  type ThresholdBarSpec,
  ThresholdOverflow,
  thresholdBarLabel,
} from './threshold-bar-aggregator.ts';
export {
  type AggregateTradesOptions,
  aggregateQuoteMids,
  aggregateTrades,
  createTradeBarAggregator,
  type TradeBarAggregator,
  type TradeBarSpec,
  tradeBarLabel,
} from './trade-bars.ts';
