import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { areaUnderRoc } from '../metrics/area-under-roc.ts';
import { type BoostingRound, trainGradientBoosting } from './train-gradient-boosting.ts';

const FEATURES = 6; // x0, x1 informative; x2..x5 noise

function normals(random: SeededRandom, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
    const angle = 2 * Math.PI * random.next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** y = 1 when x0 + 0.5·x1² > 0.5, each label flipped with probability `noise`; row-major. */
function ruleData(rows: number, seed: number, noise = 0.1) {
  const random = new SeededRandom(seed);
  const features = normals(random, rows * FEATURES);
  const labels = new Float64Array(rows);
  const rule = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = r * FEATURES;
    rule[r] = features[x] + 0.5 * features[x + 1] ** 2 > 0.5 ? 1 : 0;
    labels[r] = random.next() < noise ? 1 - rule[r] : rule[r];
  }
  return { features, labels, rule };
}

/** y = 2·sin(x0) + 0.5·x1² + N(0, 0.3²); x2..x5 noise. */
function regressionData(rows: number, seed: number) {
  const random = new SeededRandom(seed);
  const features = normals(random, rows * FEATURES);
  const noise = normals(random, rows);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = r * FEATURES;
    labels[r] = 2 * Math.sin(features[x]) + 0.5 * features[x + 1] ** 2 + 0.3 * noise[r];
  }
  return { features, labels };
}

const train = ruleData(20_000, 1);
const test = ruleData(20_000, 2);
const ruleAuc = areaUnderRoc(test.rule, test.labels);

describe('trainGradientBoosting: binary', () => {
  it('depth-wise trees rank as well as the true rule (AUC within 0.01)', () => {
    const model = trainGradientBoosting({
      features: train.features,
      featureCount: FEATURES,
      labels: train.labels,
      objective: 'binary',
      trees: 60,
      maxDepth: 4,
      learningRate: 0.1,
      lambda: 1,
    });
    const auc = areaUnderRoc(model.predictBatch(test.features), test.labels);
    expect(ruleAuc, 'the rule itself on 10% label noise').toBeGreaterThan(0.85);
    expect(Math.abs(auc - ruleAuc), `model AUC ${auc} vs rule AUC ${ruleAuc}`).toBeLessThanOrEqual(0.01);
  });

  it('leaf-wise trees with maxLeaves do too', () => {
    const model = trainGradientBoosting({
      features: train.features,
      featureCount: FEATURES,
      labels: train.labels,
      objective: 'binary',
      trees: 60,
      maxLeaves: 15,
      learningRate: 0.1,
      lambda: 1,
    });
    const leaves = model.toJSON().trees.map((tree) => tree.leafValue.length);
    expect(Math.max(...leaves), 'leaf cap').toBeLessThanOrEqual(15);
    expect(Math.max(...leaves), 'grows to the cap on this data').toBe(15);
    const auc = areaUnderRoc(model.predictBatch(test.features), test.labels);
    expect(Math.abs(auc - ruleAuc), `model AUC ${auc} vs rule AUC ${ruleAuc}`).toBeLessThanOrEqual(0.01);
  });

  it('ranks the informative features first by gain and by split count', () => {
    const model = trainGradientBoosting({
      features: train.features,
      featureCount: FEATURES,
      labels: train.labels,
      objective: 'binary',
      trees: 30,
      maxDepth: 3,
      minLeafSamples: 100,
    });
    const { splitCount, totalGain } = model.featureImportance();
    const byGain = Array.from(totalGain.keys()).sort((a, b) => totalGain[b] - totalGain[a]);
    expect(byGain.slice(0, 2).sort(), `gains ${Array.from(totalGain)}`).toEqual([0, 1]);
    const noiseSplits = Math.max(...Array.from(splitCount.subarray(2)));
    expect(Math.min(splitCount[0], splitCount[1]), `splits ${Array.from(splitCount)}`).toBeGreaterThan(noiseSplits);
  });

  it('learns where missing values go (NaN carries the signal)', () => {
    const random = new SeededRandom(3);
    const rows = 4000;
    const columns = [new Float64Array(rows), new Float64Array(rows)];
    const labels = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const missing = random.next() < 0.3;
      columns[0][r] = missing ? Number.NaN : random.next();
      columns[1][r] = random.next();
      labels[r] = missing ? 1 : 0;
    }
    const model = trainGradientBoosting({ features: columns, labels, objective: 'binary', trees: 20, maxDepth: 2 });
    expect(model.predict([Number.NaN, 0.5]), 'missing → positive').toBeGreaterThan(0.9);
    expect(model.predict([0.5, 0.5]), 'present → negative').toBeLessThan(0.1);
  });
});

describe('trainGradientBoosting: regression', () => {
  it('fits a known function down to the noise level (RMSE near 0.3)', () => {
    const fit = regressionData(20_000, 4);
    const holdout = regressionData(10_000, 5);
    const model = trainGradientBoosting({
      features: fit.features,
      featureCount: FEATURES,
      labels: fit.labels,
      objective: 'regression',
      trees: 150,
      maxDepth: 4,
      learningRate: 0.1,
    });
    const predicted = model.predictBatch(holdout.features);
    let squares = 0;
    for (let i = 0; i < predicted.length; i++) squares += (predicted[i] - holdout.labels[i]) ** 2;
    const rmse = Math.sqrt(squares / predicted.length);
    expect(rmse, 'the noise alone gives 0.3').toBeGreaterThan(0.28);
    expect(rmse, 'within 15% of the noise level').toBeLessThan(0.345);
  });
});

describe('trainGradientBoosting: early stopping', () => {
  it('stops once the validation loss stalls and keeps the best round', () => {
    const rounds: BoostingRound[] = [];
    const small = ruleData(3000, 6, 0.3);
    const validation = ruleData(3000, 7, 0.3);
    const model = trainGradientBoosting({
      features: small.features,
      featureCount: FEATURES,
      labels: small.labels,
      objective: 'binary',
      trees: 400,
      maxDepth: 6,
      minLeafSamples: 5,
      learningRate: 0.3,
      validation: { features: validation.features, labels: validation.labels },
      earlyStoppingRounds: 10,
      onRound: (round) => rounds.push(round),
    });
    const losses = rounds.map((round) => round.validationLoss);
    const best = losses.indexOf(Math.min(...losses));
    expect(rounds.length, 'stopped early: deep trees at a high rate overfit 30% label noise').toBeLessThan(400);
    expect(rounds.length - 1, 'stopped exactly `patience` rounds after the best').toBe(best + 10);
    expect(model.treeCount, 'kept trees 0..best').toBe(best + 1);
    expect(rounds.at(-1)?.bestRound).toBe(best);
  });

  it('needs validation data', () => {
    expect(() =>
      trainGradientBoosting({
        features: train.features,
        featureCount: FEATURES,
        labels: train.labels,
        objective: 'binary',
        earlyStoppingRounds: 5,
      }),
    ).toThrow(/validation/);
  });
});

describe('trainGradientBoosting: seeded subsampling', () => {
  const small = ruleData(4000, 8);
  const options = {
    features: small.features,
    featureCount: FEATURES,
    labels: small.labels,
    objective: 'binary' as const,
    trees: 15,
    maxDepth: 3,
    featureFraction: 0.34,
    rowFraction: 0.5,
  };

  it('gives the same model for the same seed and another for another seed', () => {
    const a = JSON.stringify(trainGradientBoosting({ ...options, seed: 42 }));
    const b = JSON.stringify(trainGradientBoosting({ ...options, seed: 42 }));
    const c = JSON.stringify(trainGradientBoosting({ ...options, seed: 43 }));
    expect(a === b, 'same seed, same trees').toBe(true);
    expect(a === c, 'another seed draws other rows and features').toBe(false);
  });

  it('splits each tree on at most its share of the features', () => {
    const model = trainGradientBoosting({ ...options, seed: 42 });
    for (const tree of model.toJSON().trees) {
      expect(new Set(tree.splitFeature).size, 'round(0.34 × 6) = 2 features per tree').toBeLessThanOrEqual(2);
    }
  });

  it('refuses invalid options', () => {
    expect(() => trainGradientBoosting({ ...options, rowFraction: 0 })).toThrow(/rowFraction/);
    expect(() => trainGradientBoosting({ ...options, featureFraction: 1.5 })).toThrow(/featureFraction/);
    expect(() => trainGradientBoosting({ ...options, labels: new Float64Array(4000).fill(1) })).toThrow(/both classes/);
    expect(() => trainGradientBoosting({ ...options, featureCount: 7 })).toThrow(/multiple/);
    const infinite = small.features.slice();
    infinite[5] = Number.POSITIVE_INFINITY;
    expect(() => trainGradientBoosting({ ...options, features: infinite })).toThrow(/finite/);
  });
});
