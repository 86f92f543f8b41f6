import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../core/kernel/random.ts';
import { binFeatureRows, fitFeatureBinning } from '../../core/ml/gbdt/feature-binning.ts';
import { toFeatureMatrix } from '../../core/ml/gbdt/feature-matrix.ts';
import type { GradientBoostedModel } from '../../core/ml/gbdt/gradient-boosted-model.ts';
import { buildHistogram, globalBinIndices, HISTOGRAM_BLOCK_ROWS, SLOTS_PER_BIN } from '../../core/ml/gbdt/histogram.ts';
import { inThreadHistogramBuilders, javascriptHistogramBuilders } from '../../core/ml/gbdt/histogram-builder.ts';
import { type GradientBoostingOptions, trainGradientBoosting } from '../../core/ml/gbdt/train-gradient-boosting.ts';
import { type ParallelHistogramBuilders, startParallelHistogramBuilders } from './parallel-histogram-builder.ts';

const FEATURES = 9;

/** Rows of normals (5% NaN in x3), label from x0, x1², x2·x3 with 10% flips; row-major. */
function data(rows: number, seed: number) {
  const random = new SeededRandom(seed);
  const features = new Float64Array(rows * FEATURES);
  for (let i = 0; i < features.length; i++) {
    const u = 1 - random.next();
    features[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
    if (i % FEATURES === 3 && random.next() < 0.05) features[i] = Number.NaN;
  }
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = r * FEATURES;
    const x3 = Number.isNaN(features[x + 3]) ? 0 : features[x + 3];
    const rule = features[x] + 0.5 * features[x + 1] ** 2 - 0.8 * features[x + 2] * x3 > 0.5 ? 1 : 0;
    labels[r] = random.next() < 0.1 ? 1 - rule : rule;
  }
  return { features, labels };
}

const train = data(12_000, 1);
const test = data(3_000, 2);
const pools: ParallelHistogramBuilders[] = [];
/** minParallelCells 0: every build, down to the smallest leaf, is split across the threads. */
const pool = (threads: number) => {
  const builders = startParallelHistogramBuilders({ threads, minParallelCells: 0 });
  pools.push(builders);
  return builders;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

function trainModel(extra: Partial<GradientBoostingOptions>): GradientBoostedModel {
  return trainGradientBoosting({
    features: train.features,
    featureCount: FEATURES,
    labels: train.labels,
    objective: 'binary',
    trees: 12,
    maxDepth: 5,
    seed: 3,
    ...extra,
  });
}

describe('startParallelHistogramBuilders', () => {
  const variants: [string, Partial<GradientBoostingOptions>][] = [
    ['depth-wise, every feature and row', {}],
    ['feature and row subsampling', { featureFraction: 0.6, rowFraction: 0.7 }],
    ['leaf-wise with early stopping', { maxLeaves: 20, validation: test, earlyStoppingRounds: 4, lambda: 1 }],
  ];
  const one = pool(1);
  const two = pool(2);
  const three = pool(3);

  it.each(variants)('trains the same model on 1, 2 and 3 threads as on the calling thread (%s)', (_, extra) => {
    const reference = trainModel(extra);
    const referenceJson = JSON.stringify(reference.toJSON());
    const referencePredictions = reference.predictBatch(test.features);
    expect(reference.treeCount, 'the reference grew trees').toBeGreaterThan(1);
    for (const builders of [one, two, three]) {
      const model = trainModel({ ...extra, histogramBuilders: builders });
      expect(JSON.stringify(model.toJSON()), `${builders.threads} thread(s): same trees, bit for bit`).toBe(
        referenceJson,
      );
      expect(Array.from(model.predictBatch(test.features)), `${builders.threads} thread(s): same predictions`).toEqual(
        Array.from(referencePredictions),
      );
    }
  });

  it('builds over a leaf range of several row blocks and a feature subset as the calling thread does (WebAssembly or not)', () => {
    const rowCount = 3 * HISTOGRAM_BLOCK_ROWS + 500;
    const matrix = toFeatureMatrix(data(rowCount, 5).features, FEATURES);
    const binning = fitFeatureBinning(matrix, 64);
    const binned = binFeatureRows(matrix, binning);
    const globalBins = globalBinIndices(binned.bins, FEATURES, binning);
    const source = { globalBins, rowCount, featureCount: FEATURES, layout: binning };
    const builder = three.open(source);
    const reference = inThreadHistogramBuilders.open(source);
    // The fallback where WebAssembly is missing must give the same bits too.
    const javascript = javascriptHistogramBuilders.open(source);
    try {
      const random = new SeededRandom(9);
      for (let i = 0; i < rowCount; i++) {
        const gradient = random.next() - 0.5;
        const hessian = random.next();
        for (const b of [builder, reference, javascript]) {
          b.rows[i] = rowCount - 1 - i;
          b.orderedGradientHessian[2 * i] = gradient;
          b.orderedGradientHessian[2 * i + 1] = hessian;
        }
      }
      const ranges = [
        [100, 9_000],
        [100, rowCount - 300],
      ];
      for (const [start, end] of ranges) {
        for (const features of [Int32Array.from({ length: FEATURES }, (_, f) => f), Int32Array.of(1, 4, 5, 8)]) {
          const expected = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
          const actual = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
          const fallback = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
          reference.build(expected, start, end, features);
          builder.build(actual, start, end, features);
          javascript.build(fallback, start, end, features);
          if (end - start < HISTOGRAM_BLOCK_ROWS) {
            // One block: exactly buildHistogram's sums.
            const plain = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
            const gathered = reference.orderedGradientHessian;
            buildHistogram(plain, globalBins, FEATURES, reference.rows, gathered, start, end, binning, features);
            expect(Array.from(expected), 'one block: buildHistogram').toEqual(Array.from(plain));
          }
          for (const f of features) {
            const base = binning.binOffsets[f] * SLOTS_PER_BIN;
            const slots = base + (binning.nanBin[f] + 1) * SLOTS_PER_BIN;
            expect(Array.from(actual.subarray(base, slots)), `rows ${start}..${end}, feature ${f}`).toEqual(
              Array.from(expected.subarray(base, slots)),
            );
            expect(
              Array.from(fallback.subarray(base, slots)),
              `rows ${start}..${end}, feature ${f}: the JavaScript fallback`,
            ).toEqual(Array.from(expected.subarray(base, slots)));
          }
        }
      }
    } finally {
      builder.close();
      reference.close();
      javascript.close();
    }
  });

  it('opens one training at a time and refuses to open once closed', async () => {
    const builders = startParallelHistogramBuilders({ threads: 2 });
    const matrix = toFeatureMatrix(test.features, FEATURES);
    const binning = fitFeatureBinning(matrix);
    const binned = binFeatureRows(matrix, binning);
    const source = {
      globalBins: globalBinIndices(binned.bins, FEATURES, binning),
      rowCount: matrix.rowCount,
      featureCount: FEATURES,
      layout: binning,
    };
    const builder = builders.open(source);
    expect(() => builders.open(source)).toThrow(/one training at a time/);
    builder.close();
    builders.open(source).close();
    await builders.close();
    expect(() => builders.open(source)).toThrow(/closed/);
  });
});
