import { compilePerfectTreeForest, forestMargin, type PerfectTreeForest } from './perfect-tree-forest.ts';
import { DecisionBits, MissingType, type TreeSpec, validateTreeSpec } from './tree-spec.ts';
import { WasmTreeForest } from './wasm-tree-forest.ts';

/** What the model predicts: a probability (log loss, sigmoid link) or a value (L2, identity). */
export const GradientBoostingObjective = { Binary: 'binary', Regression: 'regression' } as const;
export type GradientBoostingObjective = (typeof GradientBoostingObjective)[keyof typeof GradientBoostingObjective];

/** LightGBM's zero test for MissingType.Zero splits (|x| ≤ kZeroThreshold). */
const ZERO_THRESHOLD = 1e-35;

/** The JSON form of a model (`toJSON` / `fromJSON`): plain numbers, round-trips exactly. */
export interface GradientBoostedModelJson {
  readonly format: 'tradewind-gbdt';
  readonly version: 1;
  readonly objective: GradientBoostingObjective;
  readonly featureCount: number;
  /** Margin before any tree (log-odds of the base rate, or the mean target). */
  readonly baseScore: number;
  /** Binary: probability = 1 / (1 + exp(−sigmoidScale · margin)). */
  readonly sigmoidScale: number;
  readonly featureNames?: readonly string[];
  readonly trees: readonly TreeSpec[];
}

/** Feature importance, one entry per feature. */
export interface FeatureImportance {
  /** Number of splits on the feature over all trees. */
  readonly splitCount: Float64Array;
  /** Sum of those splits' loss reductions. */
  readonly totalGain: Float64Array;
}

/**
 * A trained (or loaded) ensemble of regression trees. Trees are flattened into typed arrays so
 * prediction walks numbers, not objects: for row x, margin = baseScore + Σ_t leaf_t(x), then
 * the objective's link. Prediction on raw feature values (NaN = missing), row-major.
 */
export class GradientBoostedModel {
  readonly objective: GradientBoostingObjective;
  readonly featureCount: number;
  readonly baseScore: number;
  readonly sigmoidScale: number;
  readonly featureNames: readonly string[] | undefined;
  private readonly trees: readonly TreeSpec[];
  /** Tree t's internal nodes are [nodeStart[t], nodeStart[t+1]); its leaves start at leafStart[t]. */
  private readonly nodeStart: Int32Array;
  private readonly leafStart: Int32Array;
  private readonly splitFeature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly decisionType: Uint8Array;
  private readonly leftChild: Int32Array;
  private readonly rightChild: Int32Array;
  private readonly leafValue: Float64Array;
  /** Branch-free layout for batch prediction, when every tree allows it. */
  private readonly forest: PerfectTreeForest | null;
  /** The forest in WebAssembly, built at the first batch; null where WebAssembly is missing. */
  private wasmForest: WasmTreeForest | null | undefined;

  /** Validates and flattens the trees; throws on a malformed tree or a categorical split. */
  constructor(spec: Omit<GradientBoostedModelJson, 'format' | 'version'>) {
    if (spec.objective !== 'binary' && spec.objective !== 'regression') {
      throw new Error(`unknown objective ${String(spec.objective)}`);
    }
    if (!Number.isInteger(spec.featureCount) || spec.featureCount < 1) {
      throw new Error(`featureCount must be ≥ 1, got ${spec.featureCount}`);
    }
    if (!Number.isFinite(spec.baseScore) || !Number.isFinite(spec.sigmoidScale)) {
      throw new Error('baseScore and sigmoidScale must be finite');
    }
    this.objective = spec.objective;
    this.featureCount = spec.featureCount;
    this.baseScore = spec.baseScore;
    this.sigmoidScale = spec.sigmoidScale;
    this.featureNames = spec.featureNames;
    this.trees = spec.trees;
    const treeCount = spec.trees.length;
    this.nodeStart = new Int32Array(treeCount + 1);
    this.leafStart = new Int32Array(treeCount + 1);
    spec.trees.forEach((tree, t) => {
      validateTreeSpec(tree, spec.featureCount, `tree ${t}`);
      this.nodeStart[t + 1] = this.nodeStart[t] + tree.splitFeature.length;
      this.leafStart[t + 1] = this.leafStart[t] + tree.leafValue.length;
    });
    this.splitFeature = new Int32Array(this.nodeStart[treeCount]);
    this.threshold = new Float64Array(this.nodeStart[treeCount]);
    this.decisionType = new Uint8Array(this.nodeStart[treeCount]);
    this.leftChild = new Int32Array(this.nodeStart[treeCount]);
    this.rightChild = new Int32Array(this.nodeStart[treeCount]);
    this.leafValue = new Float64Array(this.leafStart[treeCount]);
    spec.trees.forEach((tree, t) => {
      const base = this.nodeStart[t];
      this.splitFeature.set(tree.splitFeature, base);
      this.threshold.set(tree.threshold, base);
      this.decisionType.set(tree.decisionType, base);
      this.leftChild.set(tree.leftChild, base);
      this.rightChild.set(tree.rightChild, base);
      this.leafValue.set(tree.leafValue, this.leafStart[t]);
    });
    this.forest = compilePerfectTreeForest(spec.trees);
  }

  get treeCount(): number {
    return this.trees.length;
  }

  /** Raw score (log-odds for binary) of the row starting at `offset` in `row`. */
  predictMargin(row: ArrayLike<number>, offset = 0): number {
    if (this.forest !== null) return forestMargin(this.forest, this.baseScore, row, offset);
    return this.walkMargin(row, offset);
  }

  /** predictMargin by the plain walk of the trees (any missing type or depth). */
  walkMargin(row: ArrayLike<number>, offset = 0): number {
    let margin = this.baseScore;
    for (let t = 0; t < this.trees.length; t++) margin += this.leafValue[this.leafOf(t, row, offset)];
    return margin;
  }

  /** Probability of label 1 (binary) or the predicted value (regression). */
  predict(row: ArrayLike<number>, offset = 0): number {
    return this.link(this.predictMargin(row, offset));
  }

  /**
   * Predicts every row of row-major `features` (n × featureCount) into `out` (allocated when
   * absent); returns `out`. The first call lays the trees out in WebAssembly memory; later calls
   * allocate nothing but a typed-array view per 512 rows.
   */
  predictBatch(features: Float64Array, out?: Float64Array): Float64Array {
    const d = this.featureCount;
    if (features.length % d !== 0) throw new Error(`features length ${features.length} is not a multiple of ${d}`);
    const n = features.length / d;
    const result = out ?? new Float64Array(n);
    if (result.length < n) throw new Error(`out has ${result.length} slots for ${n} rows`);
    if (this.forest !== null) {
      this.wasmForest ??= WasmTreeForest.compile(this.forest, d);
      if (this.wasmForest !== null) this.wasmForest.margins(this.baseScore, features, n, result);
      else for (let r = 0; r < n; r++) result[r] = forestMargin(this.forest, this.baseScore, features, r * d);
      if (this.objective === 'binary') {
        const scale = this.sigmoidScale;
        for (let r = 0; r < n; r++) result[r] = 1 / (1 + Math.exp(-scale * result[r]));
      }
      return result;
    }
    for (let r = 0, offset = 0; r < n; r++, offset += d) result[r] = this.predict(features, offset);
    return result;
  }

  /** Split count and total gain per feature, over all trees. */
  featureImportance(): FeatureImportance {
    const splitCount = new Float64Array(this.featureCount);
    const totalGain = new Float64Array(this.featureCount);
    for (const tree of this.trees) {
      for (let i = 0; i < tree.splitFeature.length; i++) {
        splitCount[tree.splitFeature[i]] += 1;
        totalGain[tree.splitFeature[i]] += tree.splitGain[i];
      }
    }
    return { splitCount, totalGain };
  }

  /** The first `treeCount` trees as a model of their own (early stopping keeps the best prefix). */
  truncate(treeCount: number): GradientBoostedModel {
    return new GradientBoostedModel({ ...this.toJSON(), trees: this.trees.slice(0, treeCount) });
  }

  toJSON(): GradientBoostedModelJson {
    return {
      format: 'tradewind-gbdt',
      version: 1,
      objective: this.objective,
      featureCount: this.featureCount,
      baseScore: this.baseScore,
      sigmoidScale: this.sigmoidScale,
      ...(this.featureNames ? { featureNames: this.featureNames } : {}),
      trees: this.trees,
    };
  }

  /** Rebuilds a model from `toJSON()` output (or its parsed JSON text); predicts bit-identically. */
  static fromJSON(json: GradientBoostedModelJson): GradientBoostedModel {
    if (json.format !== 'tradewind-gbdt' || json.version !== 1) {
      throw new Error(`not a tradewind-gbdt v1 model (format ${String(json.format)}, version ${String(json.version)})`);
    }
    return new GradientBoostedModel(json);
  }

  private link(margin: number): number {
    return this.objective === 'binary' ? 1 / (1 + Math.exp(-this.sigmoidScale * margin)) : margin;
  }

  /** Child of global node g for feature value x (LightGBM's numerical decision rule). */
  private childOf(g: number, value: number): number {
    const type = this.decisionType[g];
    const missing = (type >> DecisionBits.MissingTypeShift) & DecisionBits.MissingTypeMask;
    const x = Number.isNaN(value) && missing !== MissingType.NaN ? 0 : value;
    if (
      (missing === MissingType.Zero && Math.abs(x) <= ZERO_THRESHOLD) ||
      (missing === MissingType.NaN && Number.isNaN(x))
    ) {
      return type & DecisionBits.DefaultLeft ? this.leftChild[g] : this.rightChild[g];
    }
    return x <= this.threshold[g] ? this.leftChild[g] : this.rightChild[g];
  }

  /** Global leaf index reached by the row in tree t (LightGBM's numerical decision rule). */
  private leafOf(t: number, row: ArrayLike<number>, offset: number): number {
    const base = this.nodeStart[t];
    if (this.nodeStart[t + 1] === base) return this.leafStart[t];
    let node = 0;
    while (node >= 0) node = this.childOf(base + node, row[offset + this.splitFeature[base + node]]);
    return this.leafStart[t] + ~node;
  }
}
