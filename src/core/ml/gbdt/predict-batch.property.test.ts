import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { trainGradientBoosting } from './train-gradient-boosting.ts';

const FEATURES = 8;

/** A 100-tree, depth-6 model (the bench's shape, smaller data) and its split thresholds. */
function trainedModel() {
  const random = new SeededRandom(11);
  const rows = 4000;
  const features = new Float64Array(rows * FEATURES);
  for (let i = 0; i < features.length; i++) features[i] = random.next() < 0.03 ? Number.NaN : random.next() * 6 - 3;
  const labels = Float64Array.from({ length: rows }, (_, r) => {
    const x = features.subarray(r * FEATURES, (r + 1) * FEATURES);
    const signal = (Number.isNaN(x[0]) ? 1 : x[0]) + 0.5 * (x[1] * x[1] || 0) - (x[2] * x[3] || 0);
    return random.next() < 1 / (1 + Math.exp(-signal)) ? 1 : 0;
  });
  const model = trainGradientBoosting({
    features,
    featureCount: FEATURES,
    labels,
    objective: 'binary',
    trees: 100,
    maxDepth: 6,
    minLeafSamples: 5,
  });
  const thresholds = model.toJSON().trees.flatMap((tree) => tree.threshold);
  return { model, thresholds };
}

describe('GradientBoostedModel.predictBatch', () => {
  const { model, thresholds } = trainedModel();

  it('is bit-identical to the plain tree walk on random rows (thresholds, ±0, NaN, ±∞, extremes)', () => {
    expect(model.treeCount, 'a full model').toBe(100);
    // Values that sit on a split's boundary are drawn often: they decide left vs right exactly.
    const finite = fc.oneof(
      { weight: 4, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
      { weight: 4, arbitrary: fc.constantFrom(...thresholds) },
      { weight: 1, arbitrary: fc.constantFrom(0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324) },
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    );
    const any = fc.oneof(
      { weight: 8, arbitrary: finite },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
    );
    // Batches of finite values only (the batch's fast step for whole blocks of rows) or with
    // missing and infinite values mixed in; 1..40 rows, so blocks and the leftover tail run.
    const batchOf = (value: fc.Arbitrary<number>) =>
      fc.array(fc.array(value, { minLength: FEATURES, maxLength: FEATURES }), { minLength: 1, maxLength: 40 });
    const batch = fc.oneof(batchOf(finite), batchOf(any));
    fc.assert(
      fc.property(batch, (rows) => {
        const features = Float64Array.from(rows.flat());
        const batched = model.predictBatch(features);
        for (let r = 0; r < rows.length; r++) {
          const walked = 1 / (1 + Math.exp(-model.walkMargin(features, r * FEATURES)));
          if (!Object.is(batched[r], walked)) {
            expect.fail(`row ${r} [${rows[r].join(', ')}]: batch ${batched[r]}, walk ${walked}`);
          }
          if (!Object.is(model.predict(features, r * FEATURES), walked)) expect.fail(`row ${r}: predict differs`);
        }
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
