/**
 * Bits of a split's decision type, LightGBM's layout: bit 0 categorical (unsupported here),
 * bit 1 default left, bits 2–3 the missing type (0 none, 1 zero, 2 NaN).
 */
export const DecisionBits = {
  Categorical: 1,
  DefaultLeft: 2,
  MissingTypeShift: 2,
  MissingTypeMask: 3,
} as const;

/** What a split treats as missing (bits 2–3 of the decision type). */
export const MissingType = { None: 0, Zero: 1, NaN: 2 } as const;
export type MissingType = (typeof MissingType)[keyof typeof MissingType];

/**
 * One regression tree in LightGBM's array form. Internal node i tests
 * `x[splitFeature[i]] ≤ threshold[i]` (left when true) after the missing-value rule of
 * `decisionType[i]`; a child ≥ 0 is an internal node, a child < 0 is leaf ~child.
 * A tree without internal nodes is one leaf (leafValue[0]). Leaf values are already scaled
 * by the learning rate: a model's margin is its base score plus one leaf value per tree.
 */
export interface TreeSpec {
  readonly splitFeature: readonly number[];
  readonly threshold: readonly number[];
  readonly decisionType: readonly number[];
  readonly leftChild: readonly number[];
  readonly rightChild: readonly number[];
  readonly leafValue: readonly number[];
  /** Loss reduction of each split (feature importance by gain). */
  readonly splitGain: readonly number[];
}

/** Throws unless the arrays describe a well-formed tree (sizes, child links, no categorical split). */
export function validateTreeSpec(tree: TreeSpec, featureCount: number, label: string): void {
  const internal = tree.splitFeature.length;
  const leaves = tree.leafValue.length;
  if (leaves !== internal + 1)
    throw new Error(`${label}: ${internal} splits need ${internal + 1} leaves, got ${leaves}`);
  for (const [name, values] of [
    ['threshold', tree.threshold],
    ['decisionType', tree.decisionType],
    ['leftChild', tree.leftChild],
    ['rightChild', tree.rightChild],
    ['splitGain', tree.splitGain],
  ] as const) {
    if (values.length !== internal) throw new Error(`${label}: ${name} has ${values.length} entries, not ${internal}`);
  }
  for (let i = 0; i < internal; i++) {
    const feature = tree.splitFeature[i];
    if (!Number.isInteger(feature) || feature < 0 || feature >= featureCount) {
      throw new Error(`${label}: node ${i} splits on feature ${feature}, model has ${featureCount}`);
    }
    if (typeof tree.threshold[i] !== 'number' || Number.isNaN(tree.threshold[i])) {
      throw new Error(`${label}: node ${i} has threshold ${tree.threshold[i]}`);
    }
    if (tree.decisionType[i] & DecisionBits.Categorical) {
      throw new Error(`${label}: node ${i} is a categorical split (not supported)`);
    }
    for (const child of [tree.leftChild[i], tree.rightChild[i]]) {
      const ok = child >= 0 ? child < internal && child > i : ~child < leaves;
      if (!Number.isInteger(child) || !ok) throw new Error(`${label}: node ${i} has invalid child ${child}`);
    }
  }
  for (let i = 0; i < leaves; i++) {
    if (!Number.isFinite(tree.leafValue[i])) throw new Error(`${label}: leaf ${i} value ${tree.leafValue[i]}`);
  }
}
