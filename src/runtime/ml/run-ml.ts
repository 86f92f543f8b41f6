import { featureColumnNames } from '../../core/ml/features/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { loadMlBars, type MlBars } from './load-ml-bars.ts';
import { featureSpecs, type MlConfig, type ResolvedMlConfig } from './ml-config.ts';
import { type BinaryMetrics, binaryMetrics } from './ml-metrics.ts';
import {
  loadModel,
  type ModelMeta,
  type RegisterOptions,
  type RegistryWindow,
  registerModel,
} from './model-registry.ts';
import { gatherLabels, gatherRows, prepareRows, trainWalkForward, type WalkForwardTraining } from './train-model.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

function window(series: BarSeries, start: number, end: number): RegistryWindow {
  return { start, end, from: iso(series.timestamp[start]!), to: iso(series.timestamp[end - 1]!) };
}

/** A finished `ml train`: the walk-forward results and the registered version. */
export interface MlTrainRun {
  readonly bars: MlBars;
  readonly training: WalkForwardTraining;
  readonly meta: ModelMeta;
  readonly dir: string;
}

export interface MlTrainOptions extends RegisterOptions {
  readonly registry: string;
  /** Wall clock for `created_at`; default `new Date()`. */
  readonly now?: () => Date;
  /** Bars to use instead of loading the configured data (tests). */
  readonly bars?: MlBars;
}

/** Loads the bars, trains walk-forward, and registers the final model with its metadata. */
export async function runMlTrain(resolved: ResolvedMlConfig, options: MlTrainOptions): Promise<MlTrainRun> {
  const { config } = resolved;
  const bars = options.bars ?? (await loadMlBars(config));
  const series = bars.series;
  const training = trainWalkForward(config, series);
  const { finalTrain } = training;
  const lastLabelBar = Math.min(series.length - 1, finalTrain.end - 1 + config.label.horizon);
  const meta: Omit<ModelMeta, 'version'> = {
    name: config.name,
    created_at: (options.now ?? (() => new Date()))().toISOString(),
    seed: config.seed,
    features: config.features,
    feature_columns: training.prepared.features.columns,
    label: config.label,
    walk_forward: { ...config.walk_forward, purge: training.purge },
    model: { ...config.model },
    data: {
      source: bars.source,
      symbol: config.instrument.symbol,
      timeframe: bars.timeframe,
      from: iso(series.timestamp[0]!),
      to: iso(series.timestamp[series.length - 1]!),
      bars: series.length,
    },
    training: {
      ...window(series, finalTrain.start, finalTrain.end),
      rows: training.prepared.usable.filter((r) => r >= finalTrain.start && r < finalTrain.end).length,
      last_label_bar: iso(series.timestamp[lastLabelBar]!),
    },
    folds: training.folds.map((fold) => ({
      index: fold.index,
      train: window(series, fold.train.start, fold.train.end),
      test: window(series, fold.test.start, fold.test.end),
      metrics: fold.metrics,
    })),
    pooled: training.pooledMetrics,
    config_source: resolved.source,
    config_hash: resolved.hash,
  };
  const { version, dir } = await registerModel(options.registry, meta, training.model.toJSON(), options);
  return { bars, training, meta: { ...meta, version }, dir };
}

/** A finished `ml evaluate`. */
export interface MlEvaluation {
  readonly meta: ModelMeta;
  readonly bars: MlBars;
  /** Bars scored, ascending. */
  readonly rows: Uint32Array;
  readonly probabilities: Float64Array;
  readonly metrics: BinaryMetrics;
  /** Usable rows left out because they lie within the model's training range (0 with allowOverlap). */
  readonly overlapping: number;
  readonly allowOverlap: boolean;
}

/**
 * Scores a registered model on `data`'s rows with the features and label it was trained with.
 * Rows whose bar is not after the last bar its training labels read are left out unless
 * `allowOverlap` (then they are in-sample and the result says so).
 */
export async function runMlEvaluate(options: {
  readonly registry: string;
  readonly model: string;
  readonly data: Pick<MlConfig, 'data' | 'instrument' | 'period'>;
  readonly allowOverlap?: boolean;
  readonly bars?: MlBars;
}): Promise<MlEvaluation> {
  const { meta, model } = await loadModel(options.registry, options.model);
  const columns = featureColumnNames(featureSpecs(meta.features));
  if (columns.join(',') !== meta.feature_columns.join(','))
    throw new ConfigError(`${options.model}: meta.json features do not give its feature_columns`);
  const bars = options.bars ?? (await loadMlBars(options.data));
  const prepared = prepareRows(bars.series, { features: meta.features, label: meta.label });
  const after = Date.parse(meta.training.last_label_bar);
  const allowOverlap = options.allowOverlap ?? false;
  const rows = allowOverlap ? prepared.usable : prepared.usable.filter((row) => bars.series.timestamp[row]! > after);
  if (rows.length === 0)
    throw new ConfigError(
      `--model ${options.model}: no usable rows after its training range (labels read bars up to ${meta.training.last_label_bar}); give later data or --allow-overlap`,
    );
  const probabilities = model.predictBatch(gatherRows(prepared.features, rows));
  return {
    meta,
    bars,
    rows,
    probabilities,
    metrics: binaryMetrics(probabilities, gatherLabels(prepared.labels, rows)),
    overlapping: prepared.usable.length - rows.length,
    allowOverlap,
  };
}
