import { describe, expect, it } from 'vitest';
import { fitGaussianHmm } from './fit-gaussian-hmm.ts';
import { createGaussianHmm } from './gaussian-hmm.ts';
import { filterProbabilities, HmmFilter } from './hmm-filter.ts';
import { simulateGaussianHmm } from './simulate-gaussian-hmm.ts';

const MODEL = createGaussianHmm({
  states: 3,
  startProbabilities: [0.2, 0.5, 0.3],
  transitions: [0.98, 0.01, 0.01, 0.01, 0.98, 0.01, 0.015, 0.015, 0.97],
  means: [0.0015, 0, -0.002],
  variances: [0.006 ** 2, 0.003 ** 2, 0.015 ** 2],
});
const { observations } = simulateGaussianHmm(MODEL, 2_000, 21);

describe('HmmFilter', () => {
  it('never looks ahead: changing any future observation leaves every past probability bit-identical', () => {
    const base = filterProbabilities(MODEL, observations);
    // Change the tail from several cut points, by a shock that flips the regime (a −10% minute).
    for (const cut of [0, 1, 500, 1_337, 1_999]) {
      const changed = observations.slice();
      for (let t = cut; t < changed.length; t++) changed[t] = t % 2 === 0 ? -0.1 : 0.05;
      const after = filterProbabilities(MODEL, changed);
      expect(after.subarray(0, cut * 3), `rows before ${cut}`).toEqual(base.subarray(0, cut * 3));
      if (cut < changed.length)
        expect(after.subarray(cut * 3, cut * 3 + 3), 'the changed row itself moves').not.toEqual(
          base.subarray(cut * 3, cut * 3 + 3),
        );
    }
  });

  it('gives exactly what filterProbabilities gives, row by row', () => {
    const batch = filterProbabilities(MODEL, observations);
    const filter = new HmmFilter(MODEL);
    for (let t = 0; t < observations.length; t++) {
      const streamed = filter.update(observations[t]);
      for (let k = 0; k < 3; k++)
        if (!Object.is(streamed[k], batch[t * 3 + k]))
          expect.fail(`row ${t} state ${k}: ${streamed[k]} ≠ ${batch[t * 3 + k]}`);
    }
    expect(filter.count).toBe(observations.length);
    const out = new Float64Array(observations.length * 3);
    expect(filterProbabilities(MODEL, observations, out)).toBe(out);
    expect(out).toEqual(batch);
  });

  it('gives probabilities that sum to 1 and the training likelihood the fit reports', () => {
    const fit = fitGaussianHmm(observations, { states: 3, restarts: 1, seed: 4 });
    const filter = new HmmFilter(fit);
    for (let t = 0; t < observations.length; t++) {
      const p = filter.update(observations[t]);
      const sum = p[0] + p[1] + p[2];
      if (Math.abs(sum - 1) > 1e-12) expect.fail(`row ${t} sums to ${sum}`);
    }
    // Same forward recursion, different order of summing the logs.
    expect(filter.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    filter.reset();
    expect(filter.count).toBe(0);
    expect(filter.mostLikelyState).toBe(-1);
    expect(Array.from(filter.probabilities)).toEqual(Array.from(fit.startProbabilities));
  });

  it('moves to the volatile regime after a crash and treats NaN as a missing observation', () => {
    const filter = new HmmFilter(MODEL);
    for (let t = 0; t < 50; t++) filter.update(0.0002);
    expect(filter.mostLikelyState, 'tiny moves: the calm range state').toBe(1);
    for (let t = 0; t < 5; t++) filter.update(-0.03);
    expect(filter.mostLikelyState, 'five −3% minutes: the volatile bear state').toBe(2);
    const before = Float64Array.from(filter.probabilities);
    const likelihood = filter.logLikelihood;
    filter.update(Number.NaN);
    expect(filter.logLikelihood, 'a missing row adds no evidence').toBe(likelihood);
    // Prediction only: p' = p · A.
    for (let j = 0; j < 3; j++) {
      let predicted = 0;
      for (let i = 0; i < 3; i++) predicted += before[i] * MODEL.transitions[i * 3 + j];
      expect(filter.probabilities[j]).toBeCloseTo(predicted, 15);
    }
  });

  it('takes multivariate rows and refuses a scalar for them', () => {
    const model = createGaussianHmm({
      states: 2,
      dimensions: 2,
      startProbabilities: [0.5, 0.5],
      transitions: [0.9, 0.1, 0.1, 0.9],
      means: [0, 1, 0, 5],
      variances: [1, 1, 1, 1],
    });
    const filter = new HmmFilter(model);
    expect(() => filter.update(1)).toThrow(/dimensions/);
    const rows = new Float64Array([0, 5.2, 0, 4.8]);
    expect(filter.updateRow(rows, 0)[1]).toBeGreaterThan(0.99);
    expect(filter.updateRow(rows, 1)[1]).toBeGreaterThan(0.99);
    expect(() => filter.updateRow(rows, 2)).toThrow(/outside/);
    const streamed = new HmmFilter(model);
    const first = Array.from(streamed.updateRow(rows, 0));
    const second = Array.from(streamed.updateRow(rows, 1));
    expect(Array.from(filterProbabilities(model, rows))).toEqual([...first, ...second]);
  });
});
