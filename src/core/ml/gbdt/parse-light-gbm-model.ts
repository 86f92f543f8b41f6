import { GradientBoostedModel, GradientBoostingObjective } from './gradient-boosted-model.ts';
import type { TreeSpec } from './tree-spec.ts';

/** LightGBM objectives whose prediction is the raw score (identity link). */
const IDENTITY_OBJECTIVES = new Set([
  'regression',
  'regression_l2',
  'l2',
  'mean_squared_error',
  'mse',
  'regression_l1',
  'l1',
  'huber',
  'fair',
  'quantile',
  'mape',
]);
/** LightGBM objectives whose prediction is sigmoid(σ · raw score). */
const SIGMOID_OBJECTIVES = new Set(['binary', 'cross_entropy', 'xentropy']);

/** Parses a number as LightGBM writes it (C++ `%g`/`%.17g`, `inf`, `-inf`, `nan`). */
function parseNumber(token: string, where: string): number {
  const lower = token.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan' || lower === '-nan') return Number.NaN;
  const value = Number(token);
  if (token.trim() === '' || Number.isNaN(value))
    throw new Error(`LightGBM model: ${where}: '${token}' is not a number`);
  return value;
}

function numbers(section: Map<string, string>, key: string, expected: number, where: string): number[] {
  const text = section.get(key);
  if (text === undefined) {
    if (expected === 0) return [];
    throw new Error(`LightGBM model: ${where}: missing ${key}`);
  }
  const tokens = text.trim() === '' ? [] : text.trim().split(/\s+/);
  if (tokens.length !== expected) {
    throw new Error(`LightGBM model: ${where}: ${key} has ${tokens.length} values, expected ${expected}`);
  }
  return tokens.map((token) => parseNumber(token, `${where} ${key}`));
}

/** Splits `key=value` lines into blocks: the header, then one block per `Tree=N` section. */
function sections(text: string): { header: Map<string, string>; trees: Map<string, string>[] } {
  const header = new Map<string, string>();
  const trees: Map<string, string>[] = [];
  let current = header;
  let ended = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line === 'end of trees') {
      ended = true;
      break;
    }
    const equals = line.indexOf('=');
    if (equals < 0) {
      if (current === header) header.set(line, ''); // bare flags such as `tree` or `average_output`
      continue;
    }
    const key = line.slice(0, equals);
    const value = line.slice(equals + 1);
    if (key === 'Tree') {
      const index = Number(value);
      if (index !== trees.length)
        throw new Error(`LightGBM model: Tree=${value} out of order (expected ${trees.length})`);
      current = new Map();
      trees.push(current);
      continue;
    }
    current.set(key, value);
  }
  if (!ended) throw new Error("LightGBM model: no 'end of trees' line (truncated or not a LightGBM text model)");
  return { header, trees };
}

/**
 * Loads a model from LightGBM's text format (`model.txt` from `save_model`), so models trained
 * in Python predict here. Reads the header (`max_feature_idx`, `objective`, `num_class`,
 * `feature_names`) and every `Tree=N` section: `num_leaves`, `split_feature`, `split_gain`,
 * `threshold`, `decision_type` (bit 1 default left, bits 2–3 missing type none / zero / NaN),
 * `left_child`, `right_child` (negative = ~leaf), `leaf_value` (already shrunk: `shrinkage` is
 * informational). Prediction is the sum of leaf values, through σ(sigmoid · sum) for binary.
 *
 * Throws on what it cannot reproduce exactly: multiclass, categorical splits, linear trees,
 * averaged (random forest) output, or objectives with other links (poisson, gamma, …).
 */
export function parseLightGbmModel(text: string): GradientBoostedModel {
  const { header, trees } = sections(text);
  const maxFeatureIndex = Number(header.get('max_feature_idx'));
  if (!Number.isInteger(maxFeatureIndex) || maxFeatureIndex < 0) {
    throw new Error(`LightGBM model: max_feature_idx '${header.get('max_feature_idx')}' is missing or invalid`);
  }
  const classes = Number(header.get('num_class') ?? '1');
  if (classes !== 1) throw new Error(`LightGBM model: num_class=${classes} (multiclass is not supported)`);
  if (header.has('average_output')) throw new Error('LightGBM model: average_output (random forest) is not supported');
  const objectiveTokens = (header.get('objective') ?? '').trim().split(/\s+/);
  const objectiveName = objectiveTokens[0];
  let objective: GradientBoostingObjective;
  let sigmoidScale = 1;
  if (SIGMOID_OBJECTIVES.has(objectiveName)) {
    objective = GradientBoostingObjective.Binary;
    const sigmoid = objectiveTokens.find((token) => token.startsWith('sigmoid:'));
    if (sigmoid !== undefined) sigmoidScale = parseNumber(sigmoid.slice('sigmoid:'.length), 'objective sigmoid');
  } else if (IDENTITY_OBJECTIVES.has(objectiveName)) {
    objective = GradientBoostingObjective.Regression;
  } else {
    throw new Error(`LightGBM model: objective '${objectiveName}' is not supported (binary or regression kinds only)`);
  }
  const featureCount = maxFeatureIndex + 1;
  const names = header.get('feature_names')?.trim().split(/\s+/);

  const specs: TreeSpec[] = trees.map((section, t) => {
    const where = `Tree=${t}`;
    const leaves = Number(section.get('num_leaves'));
    if (!Number.isInteger(leaves) || leaves < 1) throw new Error(`LightGBM model: ${where}: invalid num_leaves`);
    if (Number(section.get('num_cat') ?? '0') !== 0)
      throw new Error(`LightGBM model: ${where}: categorical splits are not supported`);
    if (Number(section.get('is_linear') ?? '0') !== 0)
      throw new Error(`LightGBM model: ${where}: linear trees are not supported`);
    const splits = leaves - 1;
    return {
      splitFeature: numbers(section, 'split_feature', splits, where),
      splitGain: section.has('split_gain') ? numbers(section, 'split_gain', splits, where) : new Array(splits).fill(0),
      threshold: numbers(section, 'threshold', splits, where),
      decisionType: numbers(section, 'decision_type', splits, where),
      leftChild: numbers(section, 'left_child', splits, where),
      rightChild: numbers(section, 'right_child', splits, where),
      leafValue: numbers(section, 'leaf_value', leaves, where),
    };
  });
  return new GradientBoostedModel({
    objective,
    featureCount,
    baseScore: 0,
    sigmoidScale,
    ...(names !== undefined && names.length === featureCount ? { featureNames: names } : {}),
    trees: specs,
  });
}
