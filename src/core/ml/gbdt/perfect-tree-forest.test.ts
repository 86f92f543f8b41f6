import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { compilePerfectTreeForest, type PerfectTreeForest } from './perfect-tree-forest.ts';
import { trainGradientBoosting } from './train-gradient-boosting.ts';
import { DecisionBits, MissingType, type TreeSpec } from './tree-spec.ts';
import { WasmTreeForest } from './wasm-tree-forest.ts';

/** Batch margins through the WebAssembly kernel (what `predictBatch` uses). */
function forestMargins(
  forest: PerfectTreeForest,
  base: number,
  rows: Float64Array,
  d: number,
  n: number,
  out: Float64Array,
): void {
  const kernel = WasmTreeForest.compile(forest, d);
  if (kernel === null) expect.fail('WebAssembly is available in Node');
  kernel.margins(base, rows, n, out);
}

const NAN_RIGHT = MissingType.NaN << DecisionBits.MissingTypeShift;

describe('PerfectTreeForest', () => {
  it('reaches the same leaves as the plain walk on unbalanced leaf-wise trees with missing values', () => {
    const random = new SeededRandom(9);
    const rows = 3001; // 6 chunks of up to 512 rows, the last not a multiple of the 8-row group
    const features = new Float64Array(rows * 4);
    const labels = new Float64Array(rows);
    for (let i = 0; i < features.length; i++) features[i] = random.next() < 0.15 ? Number.NaN : random.next();
    for (let r = 0; r < rows; r++) {
      const x = features[r * 4];
      labels[r] = (Number.isNaN(x) ? random.next() < 0.8 : x * x > random.next()) ? 1 : 0;
    }
    const model = trainGradientBoosting({
      features,
      featureCount: 4,
      labels,
      objective: 'regression',
      trees: 25,
      maxLeaves: 12,
      minLeafSamples: 5,
    });
    const forest = compilePerfectTreeForest(model.toJSON().trees);
    expect(forest, 'own trees qualify').not.toBeNull();
    expect(Math.max(...(forest?.depth ?? [])), 'unbalanced: deeper than log2(12)').toBeGreaterThan(4);
    // With missing values (the NaN-aware kernel), with them filled (the finite kernel), and
    // filled but for rows 1000–1010 (the third chunk takes the NaN-aware kernel, the others not).
    const filled = features.map((value) => (Number.isNaN(value) ? 0.5 : value));
    const oneChunk = filled.map((value, i) =>
      i >= 4000 && i < 4044 && Number.isNaN(features[i]) ? Number.NaN : value,
    );
    expect(oneChunk.some(Number.isNaN), 'some NaN left in rows 1000–1010').toBe(true);
    for (const rowsOf of [features, filled, oneChunk]) {
      const out = new Float64Array(rows);
      forestMargins(forest!, model.baseScore, rowsOf, 4, rows, out);
      for (let r = 0; r < rows; r++) {
        const plain = model.walkMargin(rowsOf, r * 4);
        if (out[r] !== plain) expect.fail(`row ${r}: padded ${out[r]}, plain ${plain}`);
      }
    }
  });

  it('pads a leaf above full depth with copies of it', () => {
    // Root: x0 ≤ 0 → leaf 0 (value 1); else x1 ≤ 0 (NaN left) → leaf 1 (2) or leaf 2 (3).
    const tree: TreeSpec = {
      splitFeature: [0, 1],
      threshold: [0, 0],
      decisionType: [NAN_RIGHT, NAN_RIGHT | DecisionBits.DefaultLeft],
      leftChild: [-1, -2],
      rightChild: [1, -3],
      leafValue: [1, 2, 3],
      splitGain: [1, 1],
    };
    const forest = compilePerfectTreeForest([tree])!;
    expect(Array.from(forest.leafValue), 'leaf 0 fills both slots under the padding split').toEqual([1, 1, 2, 3]);
    const rows = Float64Array.of(-1, 5, 1, -1, 1, 1, 1, Number.NaN, Number.NaN, 5);
    const out = new Float64Array(5);
    forestMargins(forest, 0.5, rows, 2, 5, out);
    // NaN in x0 goes right (NaN-right split), then x1 = 5 > 0 → leaf 2.
    expect(Array.from(out)).toEqual([1.5, 2.5, 3.5, 2.5, 3.5]);
  });

  it('sends values equal to the threshold left, −0 and +0 alike, and ±∞ to their sides', () => {
    const tree: TreeSpec = {
      splitFeature: [0],
      threshold: [-0],
      decisionType: [NAN_RIGHT],
      leftChild: [-1],
      rightChild: [-2],
      leafValue: [10, 20],
      splitGain: [1],
    };
    const forest = compilePerfectTreeForest([tree])!;
    const rows = Float64Array.of(0, -0, 1e-300, -1e-300, 5e-324, -5e-324, 3, -3, Infinity, -Infinity);
    const out = new Float64Array(10);
    forestMargins(forest, 0, rows, 1, 10, out);
    expect(Array.from(out)).toEqual([10, 10, 20, 10, 20, 10, 20, 10, 20, 10]);
  });

  it('declines trees it cannot lay out', () => {
    const zero: TreeSpec = {
      splitFeature: [0],
      threshold: [0],
      decisionType: [MissingType.Zero << DecisionBits.MissingTypeShift],
      leftChild: [-1],
      rightChild: [-2],
      leafValue: [0, 1],
      splitGain: [0],
    };
    expect(compilePerfectTreeForest([zero]), 'missing type zero').toBeNull();
    // A chain of 11 splits (each right child the next split): depth 11 > 10.
    const chain = 11;
    const deep: TreeSpec = {
      splitFeature: new Array(chain).fill(0),
      threshold: Array.from({ length: chain }, (_, i) => i),
      decisionType: new Array(chain).fill(NAN_RIGHT),
      leftChild: Array.from({ length: chain }, (_, i) => ~i),
      rightChild: Array.from({ length: chain }, (_, i) => (i + 1 < chain ? i + 1 : ~chain)),
      leafValue: new Array(chain + 1).fill(0),
      splitGain: new Array(chain).fill(0),
    };
    expect(compilePerfectTreeForest([deep]), 'too deep').toBeNull();
  });
});
