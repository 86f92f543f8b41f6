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
export { parseLightGbmModel } from './parse-light-gbm-model.ts';
export { type BoostingRound, type GradientBoostingOptions, trainGradientBoosting } from './train-gradient-boosting.ts';
export { DecisionBits, MissingType, type TreeSpec } from './tree-spec.ts';
