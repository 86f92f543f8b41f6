/**
 * The indicator library: for each indicator a streaming class, a batch function, its options and
 * output types and its lookback; the registry that names them in specs (`rsi:14`); the shared types.
 * Catalogue: docs/indicators.md.
 */
export {
  AccumulationDistribution,
  accumulationDistribution,
  accumulationDistributionLookback,
} from './accumulation-distribution.ts';
export {
  Adx,
  type AdxOptions,
  type AdxOutput,
  adx,
  adxLookback,
  Dmi,
  type DmiOptions,
  type DmiOutput,
  dmi,
  dmiLookback,
} from './adx.ts';
export { Aroon, type AroonOptions, type AroonOutput, aroon, aroonLookback } from './aroon.ts';
export { Atr, type AtrOptions, atr, atrLookback } from './atr.ts';
export { Beta, type BetaOptions, beta, betaLookback } from './beta.ts';
export {
  BollingerBands,
  type BollingerBandsOptions,
  type BollingerBandsOutput,
  bollingerBands,
  bollingerBandsLookback,
} from './bollinger-bands.ts';
export { Cci, type CciOptions, cci, cciLookback } from './cci.ts';
export {
  ChaikinOscillator,
  type ChaikinOscillatorOptions,
  chaikinOscillator,
  chaikinOscillatorLookback,
} from './chaikin-oscillator.ts';
export { Correlation, type CorrelationOptions, correlation, correlationLookback } from './correlation.ts';
export { Dema, type DemaOptions, dema, demaLookback } from './dema.ts';
export {
  DonchianChannels,
  type DonchianChannelsOptions,
  type DonchianChannelsOutput,
  donchianChannels,
  donchianChannelsLookback,
} from './donchian-channels.ts';
export { Ema, type EmaOptions, EmaSeed, ema, emaLookback } from './ema.ts';
export { Hma, type HmaOptions, HmaRounding, hma, hmaLookback } from './hma.ts';
export { Ichimoku, type IchimokuOptions, type IchimokuOutput, ichimoku, ichimokuLookback } from './ichimoku.ts';
export type {
  BarColumns,
  BarInput,
  IndicatorDefinition,
  IndicatorInputKind,
  IndicatorParameters,
  IndicatorSource,
  ParameterSpec,
  ParameterValue,
  StreamingIndicator,
} from './indicator.ts';
export { Kama, type KamaOptions, kama, kamaLookback } from './kama.ts';
export {
  KeltnerChannels,
  type KeltnerChannelsOptions,
  type KeltnerChannelsOutput,
  keltnerChannels,
  keltnerChannelsLookback,
} from './keltner-channels.ts';
export {
  LinearRegression,
  type LinearRegressionOptions,
  type LinearRegressionOutput,
  linearRegression,
  linearRegressionLookback,
} from './linear-regression.ts';
export { Macd, type MacdOptions, type MacdOutput, macd, macdLookback } from './macd.ts';
export { Mfi, type MfiOptions, mfi, mfiLookback } from './mfi.ts';
export { Momentum, type MomentumOptions, momentum, momentumLookback } from './momentum.ts';
export { Natr, type NatrOptions, natr, natrLookback } from './natr.ts';
export { Obv, obv, obvLookback } from './obv.ts';
export { ParabolicSar, type ParabolicSarOptions, parabolicSar, parabolicSarLookback } from './parabolic-sar.ts';
export { Ppo, PpoAverage, type PpoOptions, type PpoOutput, ppo, ppoLookback } from './ppo.ts';
export {
  RealizedVolatility,
  RealizedVolatilityEstimator,
  type RealizedVolatilityOptions,
  realizedVolatility,
  realizedVolatilityLookback,
} from './realized-volatility.ts';
export {
  computeIndicator,
  findIndicator,
  INDICATOR_DEFINITIONS,
  type IndicatorSpec,
  IndicatorSpecError,
  indicatorColumnNames,
  parseIndicatorSpec,
} from './registry.ts';
export { Rma, type RmaOptions, rma, rmaLookback } from './rma.ts';
export { Roc, type RocOptions, roc, rocLookback } from './roc.ts';
export { RollingVwap, type RollingVwapOptions, rollingVwap, rollingVwapLookback } from './rolling-vwap.ts';
export { Rsi, type RsiOptions, rsi, rsiLookback } from './rsi.ts';
export { Sma, type SmaOptions, sma, smaLookback } from './sma.ts';
export {
  StandardDeviation,
  type StandardDeviationOptions,
  standardDeviation,
  standardDeviationLookback,
} from './standard-deviation.ts';
export {
  Stochastic,
  type StochasticOptions,
  type StochasticOutput,
  stochastic,
  stochasticLookback,
} from './stochastic.ts';
export {
  StochasticRsi,
  type StochasticRsiOptions,
  type StochasticRsiOutput,
  stochasticRsi,
  stochasticRsiLookback,
} from './stochastic-rsi.ts';
export {
  SuperTrend,
  SuperTrendDirection,
  type SuperTrendOptions,
  type SuperTrendOutput,
  superTrend,
  superTrendLookback,
} from './super-trend.ts';
export { Tema, type TemaOptions, tema, temaLookback } from './tema.ts';
export { TrueRange, trueRange, trueRangeLookback } from './true-range.ts';
export { Variance, VarianceEstimator, type VarianceOptions, variance, varianceLookback } from './variance.ts';
export { Vwap, VwapAnchor, type VwapOptions, vwap, vwapLookback } from './vwap.ts';
export { Vwma, type VwmaOptions, vwma, vwmaLookback } from './vwma.ts';
export { WilliamsR, type WilliamsROptions, williamsR, williamsRLookback } from './williams-r.ts';
export { Wma, type WmaOptions, wma, wmaLookback } from './wma.ts';
export { ZScore, type ZScoreOptions, zScore, zScoreLookback } from './z-score.ts';
