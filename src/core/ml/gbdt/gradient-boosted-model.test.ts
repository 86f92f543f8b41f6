import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { GradientBoostedModel } from './gradient-boosted-model.ts';
import { trainGradientBoosting } from './train-gradient-boosting.ts';

/** 3 features, ~10% missing values; y depends on x0, x1 and on x2 being missing. */
function data(rows: number, seed: number) {
  const random = new SeededRandom(seed);
  const features = new Float64Array(rows * 3);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 3; f++) features[r * 3 + f] = random.next() < 0.1 ? Number.NaN : random.next() * 4 - 2;
    const x = features.subarray(r * 3, r * 3 + 3);
    const signal =
      (Number.isNaN(x[0]) ? 0 : x[0]) - (Number.isNaN(x[1]) ? 1 : x[1] ** 2) + (Number.isNaN(x[2]) ? 1 : 0);
    labels[r] = random.next() < 1 / (1 + Math.exp(-2 * signal)) ? 1 : 0;
  }
  return { features, labels };
}

describe('GradientBoostedModel', () => {
  const fit = data(5000, 1);
  const probe = data(2000, 2);
  const model = trainGradientBoosting({
    features: fit.features,
    featureCount: 3,
    labels: fit.labels,
    objective: 'binary',
    trees: 40,
    maxDepth: 4,
    lambda: 0.5,
    featureNames: ['momentum', 'volatility', 'funding'],
  });

  it('predicts bit-identically after a JSON text round trip', () => {
    const copy = GradientBoostedModel.fromJSON(JSON.parse(JSON.stringify(model)));
    const before = model.predictBatch(probe.features);
    const after = copy.predictBatch(probe.features);
    expect(copy.featureNames).toEqual(['momentum', 'volatility', 'funding']);
    for (let i = 0; i < before.length; i++) {
      if (!Object.is(before[i], after[i])) expect.fail(`row ${i}: ${before[i]} before, ${after[i]} after`);
    }
    expect(Number.isNaN(probe.features.find(Number.isNaN) ?? 0), 'the probe has missing values').toBe(true);
  });

  it('predicts the same row by row, in a batch and into a reused buffer', () => {
    const out = new Float64Array(2000);
    model.predictBatch(probe.features, out);
    for (let r = 0; r < 2000; r++) {
      const single = model.predict(probe.features, r * 3);
      if (single !== out[r]) expect.fail(`row ${r}: predict ${single}, predictBatch ${out[r]}`);
    }
    expect(model.predict([0.5, 0.1, 1])).toBe(model.predict(Float64Array.of(0.5, 0.1, 1)));
  });

  it('margin is the base score plus one leaf per tree; truncate keeps a prefix', () => {
    const none = model.truncate(0);
    expect(none.predictMargin([0, 0, 0])).toBe(model.baseScore);
    expect(model.truncate(40).predictBatch(probe.features)).toEqual(model.predictBatch(probe.features));
    expect(model.truncate(10).treeCount).toBe(10);
  });

  it('refuses malformed models', () => {
    const json = model.toJSON();
    expect(() => GradientBoostedModel.fromJSON({ ...json, version: 2 as 1 })).toThrow(/v1/);
    const tree = json.trees[0];
    const badChild = { ...tree, leftChild: tree.leftChild.map(() => 99) };
    expect(() => new GradientBoostedModel({ ...json, trees: [badChild] })).toThrow(/invalid child/);
    const badFeature = { ...tree, splitFeature: tree.splitFeature.map(() => 5) };
    expect(() => new GradientBoostedModel({ ...json, trees: [badFeature] })).toThrow(/feature 5/);
    const nullThreshold = { ...tree, threshold: tree.threshold.map(() => null as unknown as number) };
    expect(() => new GradientBoostedModel({ ...json, trees: [nullThreshold] })).toThrow(/threshold null/);
    expect(() => model.predictBatch(new Float64Array(4))).toThrow(/multiple/);
  });
});
