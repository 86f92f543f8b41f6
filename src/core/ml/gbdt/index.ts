/**
 * Gradient-boosted decision trees (LightGBM's histogram algorithm): `trainGradientBoosting`
 * fits a binary classifier (log loss) or a regressor (L2) on binned features; the resulting
 * `GradientBoostedModel` predicts one row or a batch, reports feature importance and saves to
 * JSON; `parseLightGbmModel` loads models trained by LightGBM itself. Metrics to judge them are
 * in ../metrics (AUC, log loss, accuracy, calibration table).
 */
export {
  type BinnedRows,
  binFeatureRows,
  type FeatureBinning,
  fitFeatureBinning,
  MAX_VALUE_BINS,
} from './feature-binning.ts';
export { type FeatureData, type FeatureMatrix, toFeatureMatrix, toRowMajor } from './feature-matrix.ts';
export {
  type FeatureImportance,
  GradientBoostedModel,
  type GradientBoostedModelJson,
  GradientBoostingObjective,
} from './gradient-boosted-model.ts';
export type { HistogramLayout } from './histogram.ts';
export {
  type HistogramBuilder,
  type HistogramBuilderFactory,
  type HistogramSource,
  inThreadHistogramBuilders,
  javascriptHistogramBuilders,
} from './histogram-builder.ts';
export { parseLightGbmModel } from './parse-light-gbm-model.ts';
export { type BoostingRound, type GradientBoostingOptions, trainGradientBoosting } from './train-gradient-boosting.ts';
export { DecisionBits, MissingType, type TreeSpec } from './tree-spec.ts';
