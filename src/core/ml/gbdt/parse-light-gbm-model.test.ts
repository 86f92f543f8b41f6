import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GradientBoostedModel } from './gradient-boosted-model.ts';
import { parseLightGbmModel } from './parse-light-gbm-model.ts';

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/lightgbm-small-model.txt', import.meta.url));
const text = readFileSync(FIXTURE, 'utf8');
const sigmoid = (margin: number) => 1 / (1 + Math.exp(-margin));

// Hand-worked rows (momentum, volume_z, spread); see test/fixtures/SOURCE.md for the trees.
const cases = [
  // 0.2 ≤ 0.5 → node 1; 1.0 ≤ 2.5 → leaf 0 (0.1). spread 0.3 ≠ 0, ≤ 0.5 → left (−0.05). + 0.02.
  { row: [0.2, 1.0, 0.3], margin: 0.1 - 0.05 + 0.02, why: 'both trees left' },
  // momentum NaN: missing NaN, default left → node 1; 3.0 > 2.5 → leaf 2 (0.3). spread 0 is "zero" → right (0.15).
  { row: [Number.NaN, 3.0, 0], margin: 0.3 + 0.15 + 0.02, why: 'NaN goes left, zero goes right' },
  // 0.9 > 0.5 → leaf 1 (−0.2). spread NaN → read as 0 → zero → right (0.15).
  { row: [0.9, Number.NaN, Number.NaN], margin: -0.2 + 0.15 + 0.02, why: 'NaN read as zero in a zero-missing split' },
  // 0.5 ≤ 0.5 → node 1; volume_z NaN with missing type none → 0 ≤ 2.5 → leaf 0. −2 ≤ 0.5 → left.
  { row: [0.5, Number.NaN, -2], margin: 0.1 - 0.05 + 0.02, why: 'threshold inclusive; NaN as 0 without missing type' },
  // 0.6 > 0.5 → leaf 1. spread 1e-40 ≤ 1e-35 counts as zero → right.
  { row: [0.6, 2.5, 1e-40], margin: -0.2 + 0.15 + 0.02, why: 'a denormal-small value is zero' },
];

describe('parseLightGbmModel', () => {
  const model = parseLightGbmModel(text);

  it('reads the header and the three trees', () => {
    expect(model.objective).toBe('binary');
    expect(model.featureCount).toBe(3);
    expect(model.treeCount).toBe(3);
    expect(model.featureNames).toEqual(['momentum', 'volume_z', 'spread']);
  });

  it.each(cases)('predicts the hand-computed value: $why', ({ row, margin }) => {
    expect(model.predictMargin(row)).toBeCloseTo(margin, 12);
    expect(model.predict(row)).toBeCloseTo(sigmoid(margin), 12);
  });

  it('predictBatch agrees with predict row by row', () => {
    const batch = Float64Array.from(cases.flatMap((c) => c.row));
    const out = model.predictBatch(batch);
    for (const [i, c] of cases.entries()) expect(out[i], c.why).toBe(model.predict(c.row));
  });

  it('counts splits and gains per feature', () => {
    const { splitCount, totalGain } = model.featureImportance();
    expect(Array.from(splitCount)).toEqual([1, 1, 1]);
    expect(Array.from(totalGain)).toEqual([12.5, 4.25, 3]);
  });

  it('loads regression models with the identity link and honours sigmoid:σ', () => {
    const regression = parseLightGbmModel(text.replace('objective=binary sigmoid:1', 'objective=regression'));
    expect(regression.objective).toBe('regression');
    expect(regression.predict(cases[1].row)).toBeCloseTo(cases[1].margin, 12);
    const steep = parseLightGbmModel(text.replace('sigmoid:1', 'sigmoid:2'));
    expect(steep.predict(cases[1].row)).toBeCloseTo(sigmoid(2 * cases[1].margin), 12);
  });

  it('survives a JSON round trip bit for bit', () => {
    const copy = GradientBoostedModel.fromJSON(JSON.parse(JSON.stringify(model)));
    for (const c of cases) expect(copy.predict(c.row)).toBe(model.predict(c.row));
  });

  it('refuses what it cannot reproduce', () => {
    expect(() => parseLightGbmModel(text.replace('num_class=1', 'num_class=3'))).toThrow(/multiclass/);
    expect(() => parseLightGbmModel(text.replace('objective=binary sigmoid:1', 'objective=poisson'))).toThrow(
      /poisson/,
    );
    expect(() => parseLightGbmModel(text.replace('decision_type=4', 'decision_type=5'))).toThrow(/categorical/);
    expect(() => parseLightGbmModel(text.replace('end of trees', ''))).toThrow(/end of trees/);
    expect(() => parseLightGbmModel(text.replace('left_child=1 -1', 'left_child=1'))).toThrow(/left_child has 1/);
    expect(() => parseLightGbmModel(text.replace('split_feature=0 1', 'split_feature=0 7'))).toThrow(/feature 7/);
  });
});
