/**
 * Walk-forward splitting for time-series models: rolling or expanding training windows before each
 * test window, with the labels' horizon purged and an embargo gap between them.
 */
export {
  foldRows,
  type RowRange,
  type WalkForwardFold,
  WalkForwardMode,
  type WalkForwardOptions,
  walkForwardFolds,
} from './walk-forward-folds.ts';
