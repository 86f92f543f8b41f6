import {
  computeFeatures,
  type FeatureMatrix,
  forwardReturnLabel,
  trainingRows,
  tripleBarrierLabel,
} from '../../core/ml/features/index.ts';
import {
  type GradientBoostedModel,
  type HistogramBuilderFactory,
  trainGradientBoosting,
} from '../../core/ml/gbdt/index.ts';
import { type CalibrationBin, calibrationTable } from '../../core/ml/metrics/index.ts';
import { foldRows, type RowRange, walkForwardFolds } from '../../core/ml/walk-forward/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { featureSpecs, type MlConfig, type MlFeatureConfig, type MlLabelConfig } from './ml-config.ts';
import { type BinaryMetrics, binaryMetrics } from './ml-metrics.ts';
import { startParallelHistogramBuilders } from './parallel-histogram-builder.ts';

/** Features, binary labels and the rows where both are known, computed once for all folds. */
export interface PreparedRows {
  readonly features: FeatureMatrix;
  /** 1 / 0 per bar; NaN where the label's future is not in the data. */
  readonly labels: Float64Array;
  /** Ascending bars with every feature and the label known. */
  readonly usable: Uint32Array;
}

/** The 1/0 target of every bar: forward return above the threshold, or the upper barrier first. */
export function binaryLabels(series: BarSeries, label: MlLabelConfig): Float64Array {
  if (label.kind === 'forward_return')
    return forwardReturnLabel(series, { horizon: label.horizon, threshold: label.threshold, form: label.form });
  const barrier = tripleBarrierLabel(series, {
    horizon: label.horizon,
    upper: label.upper,
    lower: label.lower,
    width: label.width === 'fraction' ? { kind: 'fraction' } : { kind: 'volatility', window: label.volatility_window },
    vertical: label.vertical,
  });
  const binary = new Float64Array(series.length);
  for (let t = 0; t < series.length; t++) {
    const value = barrier.label[t]!;
    binary[t] = Number.isNaN(value) ? Number.NaN : value > 0 ? 1 : 0;
  }
  return binary;
}

/** Computes the configured features (each row from bars ≤ it) and labels over `series`. */
export function prepareRows(
  series: BarSeries,
  config: { readonly features: readonly MlFeatureConfig[]; readonly label: MlLabelConfig },
): PreparedRows {
  const features = computeFeatures(series, featureSpecs(config.features));
  const labels = binaryLabels(series, config.label);
  return { features, labels, usable: trainingRows(features, labels) };
}

/** The feature rows `rows` of a column-major matrix, gathered row-major (the model's batch layout). */
export function gatherRows(matrix: FeatureMatrix, rows: ArrayLike<number>): Float64Array {
  const d = matrix.columns.length;
  const out = new Float64Array(rows.length * d);
  for (let c = 0; c < d; c++) {
    const base = c * matrix.rows;
    for (let k = 0; k < rows.length; k++) out[k * d + c] = matrix.values[base + rows[k]!]!;
  }
  return out;
}

/** Labels of `rows`. */
export function gatherLabels(labels: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = labels[rows[k]!]!;
  return out;
}

/**
 * Fits the configured GBDT on `rows` (ascending). With early stopping, the last
 * `validation_fraction` of them is held out for validation, less the label horizon before it.
 */
export function fitModel(
  config: MlConfig,
  prepared: PreparedRows,
  rows: Uint32Array,
  histogramBuilders?: HistogramBuilderFactory,
): GradientBoostedModel {
  const model = config.model;
  let fitRows = rows;
  let validation: { features: Float64Array; labels: Float64Array } | undefined;
  if (model.early_stopping_rounds !== undefined) {
    const split = Math.floor(rows.length * (1 - model.validation_fraction));
    const firstValidation = rows[split];
    if (firstValidation === undefined || split === 0)
      throw new ConfigError(`model.early_stopping_rounds: ${rows.length} training rows leave no validation tail`);
    // Drop fit rows whose label window reaches into the validation rows.
    fitRows = rows.subarray(0, split).filter((row) => row + config.label.horizon < firstValidation);
    const validationRows = rows.subarray(split);
    validation = {
      features: gatherRows(prepared.features, validationRows),
      labels: gatherLabels(prepared.labels, validationRows),
    };
  }
  if (fitRows.length === 0) throw new ConfigError('walk_forward.train_bars: a training window has no usable rows');
  return trainGradientBoosting({
    features: gatherRows(prepared.features, fitRows),
    featureCount: prepared.features.columns.length,
    labels: gatherLabels(prepared.labels, fitRows),
    objective: 'binary',
    trees: model.trees,
    maxDepth: model.max_depth,
    learningRate: model.learning_rate,
    lambda: model.lambda,
    minLeafSamples: model.min_leaf_samples,
    featureFraction: model.feature_fraction,
    rowFraction: model.row_fraction,
    seed: config.seed,
    featureNames: prepared.features.columns,
    ...(histogramBuilders === undefined ? {} : { histogramBuilders }),
    ...(validation === undefined ? {} : { validation, earlyStoppingRounds: model.early_stopping_rounds }),
  });
}

/** One walk-forward fold's windows (bar indices, half-open) and out-of-sample scores. */
export interface FoldResult {
  readonly index: number;
  readonly train: RowRange;
  readonly test: RowRange;
  readonly trainRows: number;
  readonly metrics: BinaryMetrics;
}

/** Everything `tradewind ml train` reports and registers. */
export interface WalkForwardTraining {
  readonly prepared: PreparedRows;
  readonly folds: readonly FoldResult[];
  /** The test rows of every fold in order, with their out-of-sample probabilities and labels. */
  readonly pooled: { readonly rows: Uint32Array; readonly probabilities: Float64Array; readonly labels: Float64Array };
  readonly pooledMetrics: BinaryMetrics;
  readonly calibration: readonly CalibrationBin[];
  /** Trained on the last training window (the final `train_bars`, or all bars when expanding). */
  readonly model: GradientBoostedModel;
  readonly finalTrain: RowRange;
  /** Bars of the purge gap between training and test. */
  readonly purge: number;
}

/**
 * Walk-forward training: features and labels once, then per fold a model fitted on the fold's
 * training rows only (purged by the label horizon and embargoed) predicts the fold's test rows,
 * which all lie after them. Ends with a model fitted on the last training window. `options.labels`
 * replaces the labels (a test shuffles them to check the protocol). Histograms are built on every
 * core (the models are the same bits as on one).
 */
export function trainWalkForward(
  config: MlConfig,
  series: BarSeries,
  options: { readonly labels?: Float64Array } = {},
): WalkForwardTraining {
  const histogramBuilders = startParallelHistogramBuilders();
  try {
    return walkForward(config, series, options, histogramBuilders);
  } finally {
    void histogramBuilders.close();
  }
}

function walkForward(
  config: MlConfig,
  series: BarSeries,
  options: { readonly labels?: Float64Array },
  histogramBuilders: HistogramBuilderFactory,
): WalkForwardTraining {
  const computed = prepareRows(series, config);
  const prepared =
    options.labels === undefined
      ? computed
      : { ...computed, labels: options.labels, usable: trainingRows(computed.features, options.labels) };
  const wf = config.walk_forward;
  const purge = wf.purge ?? config.label.horizon;
  const folds = walkForwardFolds({
    rows: series.length,
    trainSize: wf.train_bars,
    testSize: wf.test_bars,
    step: wf.step,
    mode: wf.mode,
    purge,
    embargo: wf.embargo,
  });
  if (folds.length === 0)
    throw new ConfigError(
      `walk_forward: ${series.length} bars do not fill one fold of train_bars ${wf.train_bars} + gap ${purge + wf.embargo} + test_bars ${wf.test_bars}`,
    );
  const results: FoldResult[] = [];
  const pooledRows: number[] = [];
  const pooledProbabilities: number[] = [];
  for (const fold of folds) {
    const { train, test } = foldRows(fold, prepared.usable);
    if (test.length === 0) continue;
    const model = fitModel(config, prepared, train, histogramBuilders);
    const probabilities = model.predictBatch(gatherRows(prepared.features, test));
    const labels = gatherLabels(prepared.labels, test);
    results.push({
      index: fold.index,
      train: fold.train,
      test: fold.test,
      trainRows: train.length,
      metrics: binaryMetrics(probabilities, labels),
    });
    for (let k = 0; k < test.length; k++) {
      pooledRows.push(test[k]!);
      pooledProbabilities.push(probabilities[k]!);
    }
  }
  const rows = Uint32Array.from(pooledRows);
  const probabilities = Float64Array.from(pooledProbabilities);
  const labels = gatherLabels(prepared.labels, rows);
  const lastUsable = prepared.usable[prepared.usable.length - 1]!;
  const finalTrain: RowRange = {
    start: wf.mode === 'expanding' ? 0 : Math.max(0, lastUsable + 1 - wf.train_bars),
    end: lastUsable + 1,
  };
  const finalRows = prepared.usable.filter((row) => row >= finalTrain.start && row < finalTrain.end);
  return {
    prepared,
    folds: results,
    pooled: { rows, probabilities, labels },
    pooledMetrics: binaryMetrics(probabilities, labels),
    calibration: calibrationTable(probabilities, labels),
    model: fitModel(config, prepared, finalRows, histogramBuilders),
    finalTrain,
    purge,
  };
}
