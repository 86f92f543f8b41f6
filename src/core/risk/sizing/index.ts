/**
 * Position sizing and portfolio risk measures: pluggable sizers that turn equity, price and risk
 * inputs into a target quantity on the instrument's size grid, with an audit breakdown; historical
 * and parametric VaR; the correlation cap.
 */

export { normalDensity, normalQuantile } from '../../analysis/normal-distribution.ts';
export {
  type CorrelationCapOptions,
  correlationCappedSizer,
  correlationCapScale,
  correlationWithHoldings,
  type Holding,
} from './correlation-cap.ts';
export { createPositionSizer, type PositionSizerConfig, PositionSizerKind } from './create-position-sizer.ts';
export {
  type FixedFractionSizerOptions,
  type FixedNotionalSizerOptions,
  type FixedQuantitySizerOptions,
  fixedFractionSizer,
  fixedNotionalSizer,
  fixedQuantitySizer,
} from './fixed-sizers.ts';
export {
  type HistoricalRisk,
  type HistoricalRiskOptions,
  historicalExpectedShortfall,
  historicalRisk,
  historicalValueAtRisk,
  simpleReturns,
} from './historical-value-at-risk.ts';
export { type KellySizerOptions, kellyCriterion, kellySizer, tradeStatistics } from './kelly-sizer.ts';
export {
  covarianceMatrix,
  type ParametricValueAtRisk,
  type ParametricValueAtRiskInput,
  parametricValueAtRisk,
} from './parametric-value-at-risk.ts';
export {
  DEFAULT_MAX_POSITION_FRACTION,
  DEFAULT_RISK_PER_TRADE,
  describeSizing,
  type PositionCaps,
  type PositionSizer,
  type SizingContext,
  type SizingDecision,
  type SizingInstrument,
  SizingReason,
  type SizingStep,
  type TradeStatistics,
} from './position-sizer.ts';
export {
  type RiskParityAllocation,
  type RiskParityInput,
  type RiskParityLeg,
  riskParityAllocation,
  riskParityWeights,
} from './risk-parity.ts';
export { type RiskPerTradeSizerOptions, riskPerTradeSizer } from './risk-per-trade-sizer.ts';
export {
  type AnnualisedVolatilityOptions,
  annualisedVolatility,
  type VolatilityTargetSizerOptions,
  volatilityTargetSizer,
} from './volatility-target-sizer.ts';
