import { SeededRandom } from '../../kernel/random.ts';
import {
  type BinnedRows,
  binFeatureRows,
  type FeatureBinning,
  fitFeatureBinning,
  MAX_VALUE_BINS,
} from './feature-binning.ts';
import { type FeatureData, toFeatureMatrix } from './feature-matrix.ts';
import { GradientBoostedModel, GradientBoostingObjective } from './gradient-boosted-model.ts';
import { globalBinIndices } from './histogram.ts';
import { type HistogramBuilderFactory, inThreadHistogramBuilders } from './histogram-builder.ts';
import { type GrownTree, TreeGrower } from './tree-grower.ts';
import type { TreeSpec } from './tree-spec.ts';

/** Progress of one boosting round, given to `onRound`. */
export interface BoostingRound {
  /** 0-based round (= number of trees − 1). */
  readonly round: number;
  /** Validation loss after this round (log loss or mean squared error); NaN without validation. */
  readonly validationLoss: number;
  /** Round with the lowest validation loss so far (the model keeps trees 0..bestRound). */
  readonly bestRound: number;
}

/** Options of {@link trainGradientBoosting}; defaults follow LightGBM's where they exist. */
export interface GradientBoostingOptions {
  /** n × d feature values (row-major with `featureCount`, or d columns); NaN = missing. */
  readonly features: FeatureData;
  /** d, required for row-major features. */
  readonly featureCount?: number;
  /** Binary: 0 or 1 per row; regression: the target. */
  readonly labels: ArrayLike<number>;
  readonly objective: GradientBoostingObjective;
  /** Boosting rounds (trees), at most. Default 100. */
  readonly trees?: number;
  /** Depth limit (root = depth 0). Default 6 depth-wise, unlimited leaf-wise. */
  readonly maxDepth?: number;
  /** Given: leaf-wise growth (best-gain leaf first) up to this many leaves; absent: depth-wise. */
  readonly maxLeaves?: number;
  /** Shrinkage of each tree. Default 0.1. */
  readonly learningRate?: number;
  /** L2 penalty on leaf values. Default 0. */
  readonly lambda?: number;
  /** Minimum rows per leaf. Default 20. */
  readonly minLeafSamples?: number;
  /** Minimum hessian sum per leaf. Default 1e-3. */
  readonly minLeafHessian?: number;
  /** Minimum loss reduction of a split. Default 0. */
  readonly minSplitGain?: number;
  /** Share of features each tree may split on (seeded draw per tree). Default 1. */
  readonly featureFraction?: number;
  /** Share of rows each tree is grown on (seeded draw per tree). Default 1. */
  readonly rowFraction?: number;
  /** Value bins per feature, 2..255. Default 255. */
  readonly maxBins?: number;
  /** Seed of the feature and row draws. Default 0. */
  readonly seed?: number;
  /** Held-out rows scored after every round, for early stopping. */
  readonly validation?: { readonly features: FeatureData; readonly labels: ArrayLike<number> };
  /** Stop when the validation loss has not improved for this many rounds; keep the best prefix. */
  readonly earlyStoppingRounds?: number;
  readonly featureNames?: readonly string[];
  /** Called after each round (progress, learning curves). */
  readonly onRound?: (round: BoostingRound) => void;
  /**
   * Where histograms are built (e.g. on several threads, from the runtime); the model is the
   * same bits whichever. Default: on the calling thread.
   */
  readonly histogramBuilders?: HistogramBuilderFactory;
}

const DEFAULT_MAX_DEPTH = 6;
/** Depth cap for leaf-wise growth without maxDepth (a bound on recursion-free bookkeeping only). */
const UNLIMITED_DEPTH = 64;
/** Hessians are floored here so a saturated probability still divides safely. */
const MIN_HESSIAN = 1e-16;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer ≥ 1, got ${value}`);
  return value;
}

function fraction(name: string, value: number): number {
  if (!(value > 0 && value <= 1)) throw new Error(`${name} must be in (0, 1], got ${value}`);
  return value;
}

function checkLabels(labels: ArrayLike<number>, n: number, binary: boolean, what: string): void {
  if (labels.length !== n) throw new Error(`${what}: ${labels.length} labels for ${n} rows`);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (binary ? y !== 0 && y !== 1 : !Number.isFinite(y)) throw new Error(`${what}: label ${y} at row ${i}`);
  }
}

/** Adds a grown tree's leaf values to `scores` by walking its splits over binned rows. */
function addTreeScores(tree: GrownTree, binned: BinnedRows, binning: FeatureBinning, scores: Float64Array): void {
  const n = scores.length;
  const { splitFeature, splitBin, decisionType, leftChild, rightChild, leafValue } = tree;
  const { bins, featureCount: d } = binned;
  if (splitFeature.length === 0) {
    for (let r = 0; r < n; r++) scores[r] += leafValue[0];
    return;
  }
  for (let r = 0; r < n; r++) {
    let node = 0;
    while (node >= 0) {
      const f = splitFeature[node];
      const b = bins[r * d + f];
      const left = b === binning.nanBin[f] ? (decisionType[node] & 2) !== 0 : b <= splitBin[node];
      node = left ? leftChild[node] : rightChild[node];
    }
    scores[r] += leafValue[~node];
  }
}

/** Mean validation loss of margins: log loss (binary) or mean squared error. */
function validationLoss(margins: Float64Array, labels: ArrayLike<number>, binary: boolean): number {
  let sum = 0;
  for (let i = 0; i < margins.length; i++) {
    const m = margins[i];
    if (binary) {
      // log(1 + e^m) − y·m, computed without overflow.
      sum += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - labels[i] * m;
    } else {
      const e = m - labels[i];
      sum += e * e;
    }
  }
  return sum / margins.length;
}

/**
 * Trains a histogram-based gradient-boosted tree ensemble (LightGBM's algorithm family):
 * features are binned once into ≤ 255 quantile bins (+ a NaN bin); each round fits one tree to
 * the loss's gradients and hessians (binary log loss with a sigmoid link, or L2), on a seeded
 * draw of rows and features; with validation data and `earlyStoppingRounds`, training stops
 * once the validation loss stalls and the model keeps the trees up to the best round.
 * Deterministic: the same data, options and seed give the same model.
 */
export function trainGradientBoosting(options: GradientBoostingOptions): GradientBoostedModel {
  const matrix = toFeatureMatrix(options.features, options.featureCount);
  const n = matrix.rowCount;
  const d = matrix.featureCount;
  const binary = options.objective === GradientBoostingObjective.Binary;
  if (!binary && options.objective !== GradientBoostingObjective.Regression) {
    throw new Error(`unknown objective ${String(options.objective)}`);
  }
  if (n < 1) throw new Error('no training rows');
  checkLabels(options.labels, n, binary, 'training');
  const trees = positiveInteger('trees', options.trees ?? 100);
  const leafWise = options.maxLeaves !== undefined;
  const maxDepth = positiveInteger('maxDepth', options.maxDepth ?? (leafWise ? UNLIMITED_DEPTH : DEFAULT_MAX_DEPTH));
  const maxLeaves = leafWise ? positiveInteger('maxLeaves', options.maxLeaves as number) : 2 ** Math.min(maxDepth, 30);
  if (leafWise && maxLeaves < 2) throw new Error('maxLeaves must be ≥ 2');
  const learningRate = options.learningRate ?? 0.1;
  if (!(learningRate > 0)) throw new Error(`learningRate must be > 0, got ${learningRate}`);
  const lambda = options.lambda ?? 0;
  if (!(lambda >= 0)) throw new Error(`lambda must be ≥ 0, got ${lambda}`);
  const featureFraction = fraction('featureFraction', options.featureFraction ?? 1);
  const rowFraction = fraction('rowFraction', options.rowFraction ?? 1);
  const patience = options.earlyStoppingRounds;
  if (patience !== undefined) positiveInteger('earlyStoppingRounds', patience);
  if (patience !== undefined && options.validation === undefined) {
    throw new Error('earlyStoppingRounds needs validation data');
  }
  if (options.featureNames !== undefined && options.featureNames.length !== d) {
    throw new Error(`${options.featureNames.length} feature names for ${d} features`);
  }

  const binning = fitFeatureBinning(matrix, options.maxBins ?? MAX_VALUE_BINS);
  const binned = binFeatureRows(matrix, binning, true);
  const limits = {
    maxDepth,
    maxLeaves,
    leafWise,
    lambda,
    minLeafSamples: positiveInteger('minLeafSamples', options.minLeafSamples ?? 20),
    minLeafHessian: options.minLeafHessian ?? 1e-3,
    minSplitGain: options.minSplitGain ?? 0,
  };

  const labels = Float64Array.from(options.labels);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += labels[i];
  mean /= n;
  if (binary && (mean === 0 || mean === 1)) throw new Error('binary training needs both classes');
  const baseScore = binary ? Math.log(mean / (1 - mean)) : mean;

  let validationBins: BinnedRows | null = null;
  let validationLabels: ArrayLike<number> = [];
  let validationMargins = new Float64Array(0);
  if (options.validation !== undefined) {
    const validationMatrix = toFeatureMatrix(options.validation.features, d);
    if (validationMatrix.featureCount !== d)
      throw new Error(`validation has ${validationMatrix.featureCount} features, not ${d}`);
    checkLabels(options.validation.labels, validationMatrix.rowCount, binary, 'validation');
    validationBins = binFeatureRows(validationMatrix, binning);
    validationLabels = options.validation.labels;
    validationMargins = new Float64Array(validationMatrix.rowCount).fill(baseScore);
  }

  const builder = (options.histogramBuilders ?? inThreadHistogramBuilders).open({
    globalBins: globalBinIndices(binned.bins, d, binning),
    rowCount: n,
    featureCount: d,
    layout: binning,
  });
  try {
    const grower = new TreeGrower(binned, binning, limits, builder);
    const random = new SeededRandom(options.seed ?? 0);
    const margins = new Float64Array(n).fill(baseScore);
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n);
    const rows = new Uint32Array(n);
    const featureOrder = Int32Array.from({ length: d }, (_, f) => f);
    const sampledFeatureCount = Math.max(1, Math.round(featureFraction * d));
    const grown: TreeSpec[] = [];
    let bestRound = -1;
    let bestLoss = Number.POSITIVE_INFINITY;

    for (let round = 0; round < trees; round++) {
      for (let i = 0; i < n; i++) {
        const m = margins[i];
        if (binary) {
          const p = 1 / (1 + Math.exp(-m));
          gradient[i] = p - labels[i];
          hessian[i] = Math.max(p * (1 - p), MIN_HESSIAN);
        } else {
          gradient[i] = m - labels[i];
          hessian[i] = 1;
        }
      }
      let rowCount = 0;
      if (rowFraction < 1) {
        for (let i = 0; i < n; i++) if (random.next() < rowFraction) rows[rowCount++] = i;
        if (rowCount === 0) rows[rowCount++] = Math.floor(random.next() * n);
      } else {
        for (let i = 0; i < n; i++) rows[i] = i;
        rowCount = n;
      }
      // Partial Fisher–Yates: the first sampledFeatureCount entries are this tree's features,
      // sorted so histogram scans and tie-breaking follow feature order.
      let features = featureOrder;
      if (sampledFeatureCount < d) {
        for (let k = 0; k < sampledFeatureCount; k++) {
          const j = k + Math.floor(random.next() * (d - k));
          const swap = featureOrder[k];
          featureOrder[k] = featureOrder[j];
          featureOrder[j] = swap;
        }
        features = featureOrder.slice(0, sampledFeatureCount).sort();
      }
      const tree = grower.grow(gradient, hessian, rows, rowCount, features, learningRate);
      // Every row was in this tree's sample: the partition already says which leaf each reached.
      if (rowCount === n) grower.addLeafValues(tree, margins);
      else addTreeScores(tree, binned, binning, margins);
      const { splitBin: _bins, ...spec } = tree;
      grown.push(spec);

      let loss = Number.NaN;
      if (validationBins !== null) {
        addTreeScores(tree, validationBins, binning, validationMargins);
        loss = validationLoss(validationMargins, validationLabels, binary);
        if (loss < bestLoss) {
          bestLoss = loss;
          bestRound = round;
        }
      } else {
        bestRound = round;
      }
      options.onRound?.({ round, validationLoss: loss, bestRound });
      if (patience !== undefined && round - bestRound >= patience) break;
    }

    return new GradientBoostedModel({
      objective: options.objective,
      featureCount: d,
      baseScore,
      sigmoidScale: 1,
      ...(options.featureNames ? { featureNames: options.featureNames } : {}),
      trees: grown.slice(0, bestRound + 1),
    });
  } finally {
    builder.close();
  }
}
