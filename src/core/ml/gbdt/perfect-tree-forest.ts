import { DecisionBits, MissingType, type TreeSpec } from './tree-spec.ts';

/** Deepest tree the padded layout takes (2^10 leaves); deeper trees use the plain walk. */
const MAX_PADDED_DEPTH = 10;

/**
 * Trees re-laid as perfect binary trees in heap order (node h's children at 2h + 1 and
 * 2h + 2), a leaf above the full depth padded by splits whose two sides hold copies of it.
 * Every row then takes exactly `depth` steps per tree with no data-dependent branch, so the
 * CPU overlaps the walks of consecutive rows instead of stalling on mispredicted branches.
 * The leaf reached is the one the plain walk reaches, so predictions are bit-identical.
 * Only for splits with missing type NaN (what `trainGradientBoosting` makes): a row goes
 * right when x > threshold, or when x is NaN and the split sends NaN right.
 */
export interface PerfectTreeForest {
  readonly depth: Int32Array;
  /** Tree t's 2^depth − 1 split nodes start at nodeStart[t]; its 2^depth leaves at leafStart[t]. */
  readonly nodeStart: Int32Array;
  readonly leafStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** 1 when NaN goes right at this node. */
  readonly nanRight: Uint8Array;
  readonly leafValue: Float64Array;
  /** leafStart[t] − (2^depth[t] − 1): add a final heap position to get the leaf's index. */
  readonly leafBase: Int32Array;
}

function treeDepth(tree: TreeSpec, node: number): number {
  if (node < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.leftChild[node]), treeDepth(tree, tree.rightChild[node]));
}

/** The padded layout of `trees`, or null when a tree is too deep or has a non-NaN missing type. */
export function compilePerfectTreeForest(trees: readonly TreeSpec[]): PerfectTreeForest | null {
  const depth = new Int32Array(trees.length);
  const nodeStart = new Int32Array(trees.length + 1);
  const leafStart = new Int32Array(trees.length + 1);
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    for (const type of tree.decisionType) {
      const missing = (type >> DecisionBits.MissingTypeShift) & DecisionBits.MissingTypeMask;
      if (missing !== MissingType.NaN) return null;
    }
    depth[t] = tree.splitFeature.length === 0 ? 0 : treeDepth(tree, 0);
    if (depth[t] > MAX_PADDED_DEPTH) return null;
    nodeStart[t + 1] = nodeStart[t] + 2 ** depth[t] - 1;
    leafStart[t + 1] = leafStart[t] + 2 ** depth[t];
  }
  const forest: PerfectTreeForest = {
    depth,
    nodeStart,
    leafStart,
    feature: new Int32Array(nodeStart[trees.length]),
    threshold: new Float64Array(nodeStart[trees.length]),
    nanRight: new Uint8Array(nodeStart[trees.length]),
    leafValue: new Float64Array(leafStart[trees.length]),
    leafBase: Int32Array.from(depth, (levels, t) => leafStart[t] - (2 ** levels - 1)),
  };
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const full = depth[t];
    // child: ≥ 0 a split of `tree`, < 0 leaf ~child; heap: position in the padded tree.
    const place = (child: number, heap: number, level: number): void => {
      if (level === full) {
        forest.leafValue[leafStart[t] + heap - (2 ** full - 1)] = tree.leafValue[child < 0 ? ~child : 0];
        return;
      }
      const g = nodeStart[t] + heap;
      if (child < 0) {
        // Padding: both sides lead to the same leaf, so the test does not matter.
        place(child, 2 * heap + 1, level + 1);
        place(child, 2 * heap + 2, level + 1);
        return;
      }
      forest.feature[g] = tree.splitFeature[child];
      forest.threshold[g] = tree.threshold[child];
      forest.nanRight[g] = tree.decisionType[child] & DecisionBits.DefaultLeft ? 0 : 1;
      place(tree.leftChild[child], 2 * heap + 1, level + 1);
      place(tree.rightChild[child], 2 * heap + 2, level + 1);
    };
    place(tree.splitFeature.length === 0 ? -1 : 0, 0, 0);
  }
  return forest;
}

/** Margin of one row (its values at row[offset..offset + d)): base + Σ_t leaf. */
export function forestMargin(
  forest: PerfectTreeForest,
  baseScore: number,
  row: ArrayLike<number>,
  offset: number,
): number {
  const { depth, nodeStart, leafBase, feature, threshold, nanRight, leafValue } = forest;
  let margin = baseScore;
  for (let t = 0; t < depth.length; t++) {
    const base = nodeStart[t];
    const levels = depth[t];
    let h = 0;
    for (let level = 0; level < levels; level++) {
      const g = base + h;
      const x = row[offset + feature[g]];
      h = 2 * h + 1 + (+(x > threshold[g]) | (nanRight[g] & +Number.isNaN(x)));
    }
    margin += leafValue[leafBase[t] + h];
  }
  return margin;
}
