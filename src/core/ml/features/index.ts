/**
 * Features without look-ahead and forward labels for machine learning: a declarative feature list
 * computed over a `BarSeries` into a column-major matrix (`computeFeatures`) or one row per bar
 * (`FeatureBuilder`, bit-identical), forward-looking labels kept apart (`forwardReturnLabel`,
 * `tripleBarrierLabel`), and the row selection for training (`trainingRows`, `purgeTrainingRows`).
 */

export {
  computeFeatures,
  createFeatureKernel,
  type FeatureMatrix,
  featureColumn,
  featureLookback,
} from './compute-features.ts';
export { utcDayOfWeek, utcMinuteOfDay } from './context-features.ts';
export { FeatureBuilder } from './feature-builder.ts';
export type { FeatureKernel, FeatureStream } from './feature-kernel.ts';
export {
  type DayOfWeekFeature,
  type ExternalFeature,
  type FeatureSpec,
  FeatureSpecError,
  featureColumnNames,
  featureSpecColumns,
  type IndicatorFeature,
  type ReturnFeature,
  type TimeOfDayFeature,
  type VolatilityFeature,
  type VolumeZScoreFeature,
} from './feature-spec.ts';
export { type ForwardReturnLabelOptions, forwardReturnLabel } from './forward-return-label.ts';
export { type PurgeOptions, purgeTrainingRows, trainingRows } from './training-rows.ts';
export {
  type BarrierWidth,
  type TripleBarrierLabels,
  type TripleBarrierOptions,
  tripleBarrierLabel,
} from './triple-barrier-label.ts';
