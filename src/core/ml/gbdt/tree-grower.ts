import type { BinnedRows, FeatureBinning } from './feature-binning.ts';
import { findBestSplit, HistogramPool, type SplitCandidate, subtractHistogram } from './histogram.ts';
import type { HistogramBuilder } from './histogram-builder.ts';
import { DecisionBits, MissingType, type TreeSpec } from './tree-spec.ts';

/** Limits on one tree's growth. */
export interface TreeGrowthLimits {
  /** Deepest split depth + 1 (the root is depth 0); leaves sit at most this deep. */
  readonly maxDepth: number;
  /** Most leaves per tree. */
  readonly maxLeaves: number;
  /** Leaf-wise: always split the leaf with the largest gain; depth-wise: split leaves level by level. */
  readonly leafWise: boolean;
  /** L2 penalty on leaf values (λ in G² / (H + λ)). */
  readonly lambda: number;
  readonly minLeafSamples: number;
  readonly minLeafHessian: number;
  /** A split must reduce the loss by more than this. */
  readonly minSplitGain: number;
}

/** A grown tree: the spec plus each split's bin, for applying it to binned rows. */
export interface GrownTree extends TreeSpec {
  readonly splitBin: readonly number[];
}

interface Leaf {
  start: number;
  end: number;
  depth: number;
  sumGradient: number;
  sumHessian: number;
  /** Histogram of the leaf's rows, or null once it can no longer split. */
  histogram: Float64Array | null;
  split: SplitCandidate;
  /** Internal node whose child this leaf is (-1 for the root) and on which side. */
  parent: number;
  isLeft: boolean;
}

/**
 * Grows regression trees on gradients and hessians over binned features, reusing its buffers
 * across trees: a row partition (each leaf owns a contiguous, order-preserving range of row
 * indices), gathered gradients, and a pool of histograms. Only the smaller child of a split
 * is scanned; the larger child's histogram is the parent's minus the smaller one's. Histograms are
 * built by a {@link HistogramBuilder} (on this thread or several), which also holds the row
 * partition and the gathered gradients.
 */
export class TreeGrower {
  private readonly rows: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly orderedGradientHessian: Float64Array;
  private readonly pool: HistogramPool;
  /** Row range [leafStart[i], leafEnd[i]) of `rows` that reached leaf i of the last grown tree. */
  private leafStart = new Int32Array(0);
  private leafEnd = new Int32Array(0);

  constructor(
    private readonly binned: BinnedRows,
    private readonly binning: FeatureBinning,
    private readonly limits: TreeGrowthLimits,
    private readonly builder: HistogramBuilder,
  ) {
    if (binned.columns === null) throw new Error('TreeGrower needs column-major bins (binFeatureRows(…, true))');
    this.rows = builder.rows;
    this.scratch = new Uint32Array(binned.rowCount);
    this.orderedGradientHessian = builder.orderedGradientHessian;
    this.pool = new HistogramPool(binning.totalBins);
  }

  /**
   * Grows one tree on the rows listed in `rows[0..rowCount)` (ascending), splitting only on
   * `features`. Leaf values are −G / (H + λ) × `shrinkage`.
   */
  grow(
    gradient: Float64Array,
    hessian: Float64Array,
    rows: Uint32Array,
    rowCount: number,
    features: Int32Array,
    shrinkage: number,
  ): GrownTree {
    const limits = this.limits;
    const binning = this.binning;
    this.rows.set(rows.subarray(0, rowCount));
    let sumGradient = 0;
    let sumHessian = 0;
    for (let i = 0; i < rowCount; i++) {
      const r = this.rows[i];
      sumGradient += gradient[r];
      sumHessian += hessian[r];
    }
    const rootHistogram = this.pool.acquire();
    this.scan(rootHistogram, 0, rowCount, gradient, hessian, features);
    const canSplitRoot = limits.maxDepth > 0 && rowCount >= 2 * limits.minLeafSamples;
    const root = this.makeLeaf(
      0,
      rowCount,
      0,
      sumGradient,
      sumHessian,
      -1,
      false,
      features,
      canSplitRoot ? rootHistogram : null,
    );
    if (!canSplitRoot) this.pool.release(rootHistogram);
    const leaves: Leaf[] = [root];
    const splitFeature: number[] = [];
    const threshold: number[] = [];
    const decisionType: number[] = [];
    const leftChild: number[] = [];
    const rightChild: number[] = [];
    const splitGain: number[] = [];
    const splitBin: number[] = [];
    let cursor = 0; // depth-wise: leaves before the cursor can no longer split
    while (leaves.length < limits.maxLeaves) {
      let chosen = -1;
      if (limits.leafWise) {
        let bestGain = 0;
        for (let i = 0; i < leaves.length; i++) {
          const leaf = leaves[i];
          if (leaf.histogram !== null && leaf.split.gain > bestGain) {
            bestGain = leaf.split.gain;
            chosen = i;
          }
        }
      } else {
        while (cursor < leaves.length && leaves[cursor].histogram === null) cursor++;
        chosen = cursor < leaves.length ? cursor : -1;
      }
      if (chosen < 0) break;
      const leaf = leaves[chosen];
      const split = leaf.split;
      const node = splitFeature.length;
      splitFeature.push(split.feature);
      // The last value bin's bound is +∞ (a "NaN vs the rest" split); JSON has no ∞, so the
      // largest double stands in (training values are finite, so the test is the same).
      threshold.push(Math.min(binning.upperBounds[split.feature][split.bin], Number.MAX_VALUE));
      decisionType.push(
        (MissingType.NaN << DecisionBits.MissingTypeShift) | (split.defaultLeft ? DecisionBits.DefaultLeft : 0),
      );
      leftChild.push(0);
      rightChild.push(0);
      splitGain.push(split.gain);
      splitBin.push(split.bin);
      if (leaf.parent >= 0) (leaf.isLeft ? leftChild : rightChild)[leaf.parent] = node;

      const middle = this.partition(leaf, split);
      const depth = leaf.depth + 1;
      const leftCount = middle - leaf.start;
      const rightCount = leaf.end - middle;
      const leftCanSplit = depth < limits.maxDepth && leftCount >= 2 * limits.minLeafSamples;
      const rightCanSplit = depth < limits.maxDepth && rightCount >= 2 * limits.minLeafSamples;
      const parentHistogram = leaf.histogram as Float64Array;
      let leftHistogram: Float64Array | null = null;
      let rightHistogram: Float64Array | null = null;
      if (leftCanSplit || rightCanSplit) {
        // Scan the smaller child; the larger one's histogram is parent − smaller, in place.
        const smaller = this.pool.acquire();
        const leftIsSmaller = leftCount <= rightCount;
        if (leftIsSmaller) this.scan(smaller, leaf.start, middle, gradient, hessian, features);
        else this.scan(smaller, middle, leaf.end, gradient, hessian, features);
        subtractHistogram(parentHistogram, smaller, binning, features);
        leftHistogram = leftIsSmaller ? smaller : parentHistogram;
        rightHistogram = leftIsSmaller ? parentHistogram : smaller;
        if (!leftCanSplit) {
          this.pool.release(leftHistogram);
          leftHistogram = null;
        }
        if (!rightCanSplit) {
          this.pool.release(rightHistogram);
          rightHistogram = null;
        }
      } else {
        this.pool.release(parentHistogram);
      }
      leaf.histogram = null;
      const rightGradient = leaf.sumGradient - split.leftGradient;
      const rightHessian = leaf.sumHessian - split.leftHessian;
      const left = this.makeLeaf(
        leaf.start,
        middle,
        depth,
        split.leftGradient,
        split.leftHessian,
        node,
        true,
        features,
        leftHistogram,
      );
      const right = this.makeLeaf(
        middle,
        leaf.end,
        depth,
        rightGradient,
        rightHessian,
        node,
        false,
        features,
        rightHistogram,
      );
      leaves.splice(chosen, 1);
      leaves.push(left, right);
    }
    const leafValue: number[] = new Array(leaves.length);
    this.leafStart = new Int32Array(leaves.length);
    this.leafEnd = new Int32Array(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i];
      this.leafStart[i] = leaf.start;
      this.leafEnd[i] = leaf.end;
      leafValue[i] = (-leaf.sumGradient / (leaf.sumHessian + limits.lambda)) * shrinkage;
      if (leaf.parent >= 0) (leaf.isLeft ? leftChild : rightChild)[leaf.parent] = ~i;
      if (leaf.histogram !== null) this.pool.release(leaf.histogram);
    }
    return { splitFeature, threshold, decisionType, leftChild, rightChild, leafValue, splitGain, splitBin };
  }

  /**
   * Adds the last grown tree's leaf values to `scores` of the rows it was grown on, from the
   * final partition (each row once, the value its leaf holds: what walking the tree gives,
   * without the walk).
   */
  addLeafValues(tree: GrownTree, scores: Float64Array): void {
    const rows = this.rows;
    for (let i = 0; i < tree.leafValue.length; i++) {
      const value = tree.leafValue[i];
      for (let j = this.leafStart[i]; j < this.leafEnd[i]; j++) scores[rows[j]] += value;
    }
  }

  /** A new leaf over rows [start, end); with a histogram, its best split is searched (none: it stays a leaf). */
  private makeLeaf(
    start: number,
    end: number,
    depth: number,
    sumGradient: number,
    sumHessian: number,
    parent: number,
    isLeft: boolean,
    features: Int32Array,
    histogram: Float64Array | null,
  ): Leaf {
    const limits = this.limits;
    const split = emptySplit();
    if (histogram !== null) {
      findBestSplit(histogram, sumGradient, sumHessian, end - start, this.binning, features, limits, split);
      if (split.feature < 0 || !(split.gain > limits.minSplitGain)) {
        this.pool.release(histogram);
        histogram = null;
      }
    }
    return { start, end, depth, sumGradient, sumHessian, histogram, split, parent, isLeft };
  }

  private scan(
    histogram: Float64Array,
    start: number,
    end: number,
    gradient: Float64Array,
    hessian: Float64Array,
    features: Int32Array,
  ): void {
    const rows = this.rows;
    const gathered = this.orderedGradientHessian;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      gathered[2 * i] = gradient[r];
      gathered[2 * i + 1] = hessian[r];
    }
    this.builder.build(histogram, start, end, features);
  }

  /** Stable partition of the leaf's rows: left rows first; returns the first right index. */
  private partition(leaf: Leaf, split: SplitCandidate): number {
    const rows = this.rows;
    const scratch = this.scratch;
    const columns = this.binned.columns as Uint8Array; // checked in the constructor
    const n = this.binned.rowCount;
    const offset = split.feature * n;
    const nan = this.binning.nanBin[split.feature];
    const splitBin = split.bin;
    const nanLeft = split.defaultLeft ? 1 : 0;
    let write = leaf.start;
    let spill = 0;
    // Branch-free: each row is written to both sides and only one cursor advances. Bins are
    // < 256, so (splitBin − b) >>> 31 is 1 exactly when b > splitBin, and ((b ^ nan) − 1) >>> 31
    // is 1 exactly when b is the NaN bin (which is above every split bin).
    for (let i = leaf.start; i < leaf.end; i++) {
      const r = rows[i];
      const b = columns[offset + r];
      const left = (((splitBin - b) >>> 31) ^ 1) | ((((b ^ nan) - 1) >>> 31) & nanLeft);
      rows[write] = r;
      scratch[spill] = r;
      write += left;
      spill += left ^ 1;
    }
    rows.set(scratch.subarray(0, spill), write);
    return write;
  }
}

function emptySplit(): SplitCandidate {
  return { gain: 0, feature: -1, bin: 0, defaultLeft: false, leftGradient: 0, leftHessian: 0, leftCount: 0 };
}
