import { DecisionBits, MissingType, type TreeSpec } from './tree-spec.ts';

/** Rows walked together by the sign-bit step (eight independent chains of loads in flight). */
const BLOCK = 8;
/** Scratch for the sign-bit step: one difference per row of a block and their 32-bit words. */
const difference = new Float64Array(BLOCK);
const differenceWords = new Int32Array(difference.buffer);
/** Index of a double's high (sign) word in its two 32-bit words: 1 on little-endian machines. */
const HIGH_WORD = new Int32Array(Float64Array.of(-0).buffer)[1] === -2147483648 ? 1 : 0;

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
      forest.threshold[g] = tree.threshold[child] + 0; // −0 becomes +0 (the sign-bit step's invariant)
      forest.nanRight[g] = tree.decisionType[child] & DecisionBits.DefaultLeft ? 0 : 1;
      place(tree.leftChild[child], 2 * heap + 1, level + 1);
      place(tree.rightChild[child], 2 * heap + 2, level + 1);
    };
    place(tree.splitFeature.length === 0 ? -1 : 0, 0, 0);
  }
  return forest;
}

/**
 * Margins of the row-major rows (d values each) into `out`: base + Σ_t leaf. Rows are walked in
 * blocks of eight, interleaved, so eight independent chains of loads are in flight at once
 * (measured ~20% more rows/s than four; more rows than that run out of registers).
 */
export function forestMargins(
  forest: PerfectTreeForest,
  baseScore: number,
  features: Float64Array,
  d: number,
  rowCount: number,
  out: Float64Array,
): void {
  let r = 0;
  for (; r + BLOCK <= rowCount; r += BLOCK) {
    // A block without missing values (or ±∞, whose differences could be NaN) takes the
    // sign-bit step.
    let complete = true;
    for (let i = r * d, last = (r + BLOCK) * d; i < last; i++) {
      const value = features[i];
      if (!(value > Number.NEGATIVE_INFINITY && value < Number.POSITIVE_INFINITY)) complete = false;
    }
    if (complete) completeBlockMargins(forest, baseScore, features, d, r, out);
    else for (let j = r; j < r + BLOCK; j++) out[j] = forestMargin(forest, baseScore, features, j * d);
  }
  for (; r < rowCount; r++) out[r] = forestMargin(forest, baseScore, features, r * d);
}

/**
 * Margins of rows r..r+7, none missing or infinite. Step: right iff x > t iff t − x < 0, the
 * sign bit of the difference read through an integer view, so no branch depends on the data
 * (a compare-and-branch mispredicts on about half the steps). Exact: t − x is 0 only when
 * x = t, and never −0 because thresholds are stored without −0.
 */
function completeBlockMargins(
  forest: PerfectTreeForest,
  baseScore: number,
  features: Float64Array,
  d: number,
  r: number,
  out: Float64Array,
): void {
  const { depth, nodeStart, leafBase, feature, threshold, leafValue } = forest;
  const words = differenceWords;
  const high = HIGH_WORD;
  const o0 = r * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  const o4 = o3 + d;
  const o5 = o4 + d;
  const o6 = o5 + d;
  const o7 = o6 + d;
  let m0 = baseScore;
  let m1 = baseScore;
  let m2 = baseScore;
  let m3 = baseScore;
  let m4 = baseScore;
  let m5 = baseScore;
  let m6 = baseScore;
  let m7 = baseScore;
  for (let t = 0; t < depth.length; t++) {
    const base = nodeStart[t];
    let h0 = 0;
    let h1 = 0;
    let h2 = 0;
    let h3 = 0;
    let h4 = 0;
    let h5 = 0;
    let h6 = 0;
    let h7 = 0;
    for (let level = depth[t]; level > 0; level--) {
      const g0 = base + h0;
      const g1 = base + h1;
      const g2 = base + h2;
      const g3 = base + h3;
      const g4 = base + h4;
      const g5 = base + h5;
      const g6 = base + h6;
      const g7 = base + h7;
      difference[0] = threshold[g0] - features[o0 + feature[g0]];
      difference[1] = threshold[g1] - features[o1 + feature[g1]];
      difference[2] = threshold[g2] - features[o2 + feature[g2]];
      difference[3] = threshold[g3] - features[o3 + feature[g3]];
      difference[4] = threshold[g4] - features[o4 + feature[g4]];
      difference[5] = threshold[g5] - features[o5 + feature[g5]];
      difference[6] = threshold[g6] - features[o6 + feature[g6]];
      difference[7] = threshold[g7] - features[o7 + feature[g7]];
      h0 = 2 * h0 + 1 + (words[high] >>> 31);
      h1 = 2 * h1 + 1 + (words[high + 2] >>> 31);
      h2 = 2 * h2 + 1 + (words[high + 4] >>> 31);
      h3 = 2 * h3 + 1 + (words[high + 6] >>> 31);
      h4 = 2 * h4 + 1 + (words[high + 8] >>> 31);
      h5 = 2 * h5 + 1 + (words[high + 10] >>> 31);
      h6 = 2 * h6 + 1 + (words[high + 12] >>> 31);
      h7 = 2 * h7 + 1 + (words[high + 14] >>> 31);
    }
    const leaves = leafBase[t];
    m0 += leafValue[leaves + h0];
    m1 += leafValue[leaves + h1];
    m2 += leafValue[leaves + h2];
    m3 += leafValue[leaves + h3];
    m4 += leafValue[leaves + h4];
    m5 += leafValue[leaves + h5];
    m6 += leafValue[leaves + h6];
    m7 += leafValue[leaves + h7];
  }
  out[r] = m0;
  out[r + 1] = m1;
  out[r + 2] = m2;
  out[r + 3] = m3;
  out[r + 4] = m4;
  out[r + 5] = m5;
  out[r + 6] = m6;
  out[r + 7] = m7;
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
