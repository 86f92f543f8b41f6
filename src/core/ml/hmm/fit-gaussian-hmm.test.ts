import { describe, expect, it } from 'vitest';
import { fitGaussianHmm } from './fit-gaussian-hmm.ts';
import { createGaussianHmm, type GaussianHmm } from './gaussian-hmm.ts';
import { simulateGaussianHmm } from './simulate-gaussian-hmm.ts';
import { viterbi } from './viterbi.ts';

/** Two regimes of 1-minute-like log returns: a calm up-drift and a volatile sell-off, both sticky. */
const TWO_STATES = createGaussianHmm({
  states: 2,
  startProbabilities: [0.5, 0.5],
  transitions: [0.98, 0.02, 0.03, 0.97],
  means: [0.001, -0.002],
  variances: [0.005 ** 2, 0.015 ** 2],
});

/** Bull (up-drift, moderate volatility), range (flat, calm), bear (down-drift, volatile). */
const THREE_STATES = createGaussianHmm({
  states: 3,
  startProbabilities: [1 / 3, 1 / 3, 1 / 3],
  transitions: [0.98, 0.01, 0.01, 0.01, 0.98, 0.01, 0.015, 0.015, 0.97],
  means: [0.0015, 0, -0.002],
  variances: [0.006 ** 2, 0.003 ** 2, 0.015 ** 2],
});

/** Maps each fitted state to the true state of the same mean rank (means are well separated). */
function matchByMean(fitted: GaussianHmm, truth: GaussianHmm): Int32Array {
  const order = (means: Float64Array) => Array.from(means.keys()).sort((a, b) => means[a] - means[b]);
  const fittedOrder = order(fitted.means);
  const trueOrder = order(truth.means);
  const toTrue = new Int32Array(fitted.states);
  fittedOrder.forEach((state, rank) => {
    toTrue[state] = trueOrder[rank];
  });
  return toTrue;
}

function expectRecovered(
  fitted: GaussianHmm,
  truth: GaussianHmm,
  tolerance: { mean: number; relativeDeviation: number; transition: number },
) {
  const toTrue = matchByMean(fitted, truth);
  const k = truth.states;
  for (let s = 0; s < k; s++) {
    const t = toTrue[s];
    expect(Math.abs(fitted.means[s] - truth.means[t]), `mean of state ${t}`).toBeLessThan(tolerance.mean);
    const deviationRatio = Math.sqrt(fitted.variances[s] / truth.variances[t]);
    expect(Math.abs(deviationRatio - 1), `standard deviation of state ${t}`).toBeLessThan(tolerance.relativeDeviation);
    for (let s2 = 0; s2 < k; s2++) {
      const error = Math.abs(fitted.transitions[s * k + s2] - truth.transitions[t * k + toTrue[s2]]);
      expect(error, `transition ${t} → ${toTrue[s2]}`).toBeLessThan(tolerance.transition);
    }
  }
  return toTrue;
}

function viterbiAccuracy(fitted: GaussianHmm, truth: GaussianHmm, observations: Float64Array, states: Int32Array) {
  const toTrue = matchByMean(fitted, truth);
  const path = viterbi(fitted, observations).states;
  let correct = 0;
  for (let t = 0; t < path.length; t++) if (toTrue[path[t]] === states[t]) correct++;
  return correct / path.length;
}

describe('fitGaussianHmm', () => {
  it('recovers a known 2-state model and decodes it above 90%', () => {
    const { observations, states } = simulateGaussianHmm(TWO_STATES, 10_000, 42);
    const fit = fitGaussianHmm(observations, { states: 2, restarts: 3, seed: 7 });
    expect(fit.converged, 'stops on its tolerance, not the iteration cap').toBe(true);
    // 10,000 rows: a mean's standard error is ~0.00007 (calm) / ~0.0002 (volatile).
    expectRecovered(fit, TWO_STATES, { mean: 0.0005, relativeDeviation: 0.05, transition: 0.015 });
    expect(viterbiAccuracy(fit, TWO_STATES, observations, states)).toBeGreaterThan(0.9);
  });

  it('recovers a known 3-state model and decodes it above 90%', () => {
    const { observations, states } = simulateGaussianHmm(THREE_STATES, 10_000, 43);
    const fit = fitGaussianHmm(observations, { states: 3, restarts: 3, seed: 7 });
    expectRecovered(fit, THREE_STATES, { mean: 0.0006, relativeDeviation: 0.08, transition: 0.02 });
    expect(viterbiAccuracy(fit, THREE_STATES, observations, states)).toBeGreaterThan(0.9);
  });

  it('recovers a 2-dimensional diagonal model (returns and realized volatility)', () => {
    const truth = createGaussianHmm({
      states: 2,
      dimensions: 2,
      startProbabilities: [0.5, 0.5],
      transitions: [0.97, 0.03, 0.04, 0.96],
      means: [0.0005, 0.004, -0.001, 0.012],
      variances: [0.004 ** 2, 0.001 ** 2, 0.012 ** 2, 0.003 ** 2],
    });
    const { observations, states } = simulateGaussianHmm(truth, 5_000, 5);
    const fit = fitGaussianHmm(observations, { states: 2, dimensions: 2, restarts: 2, seed: 3 });
    expect(fit.dimensions).toBe(2);
    // Match by the volatility dimension's mean (the better separated one).
    const calm = fit.means[1] < fit.means[3] ? 0 : 1;
    expect(Math.abs(fit.means[calm * 2 + 1] - 0.004)).toBeLessThan(0.0002);
    expect(Math.abs(fit.means[(1 - calm) * 2 + 1] - 0.012)).toBeLessThan(0.0003);
    expect(Math.abs(fit.means[calm * 2] - 0.0005)).toBeLessThan(0.0004);
    expect(Math.abs(Math.sqrt(fit.variances[(1 - calm) * 2]) / 0.012 - 1)).toBeLessThan(0.06);
    const path = viterbi(fit, observations).states;
    let correct = 0;
    for (let t = 0; t < path.length; t++) if ((path[t] === calm ? 0 : 1) === states[t]) correct++;
    expect(correct / path.length, 'two separated dimensions decode almost perfectly').toBeGreaterThan(0.97);
  });

  it('never lowers the likelihood from one Baum–Welch iteration to the next', () => {
    const { observations } = simulateGaussianHmm(THREE_STATES, 4_000, 11);
    for (const initialization of ['kmeans++', 'quantile', 'volatility'] as const) {
      const fit = fitGaussianHmm(observations, {
        states: 3,
        restarts: 1,
        seed: 2,
        tolerance: 0,
        maxIterations: 60,
        initialization,
      });
      const history = fit.logLikelihoodHistory;
      expect(history.length, 'one entry per evaluation').toBe(fit.iterations + 1);
      expect(history[history.length - 1]).toBe(fit.logLikelihood);
      for (let i = 1; i < history.length; i++)
        expect(
          history[i],
          `${initialization} iteration ${i}: ${history[i - 1]} → ${history[i]}`,
        ).toBeGreaterThanOrEqual(history[i - 1] - 1e-9 * Math.abs(history[i - 1]));
      expect(history[history.length - 1] - history[0], 'EM improves on its start').toBeGreaterThan(1);
    }
  });

  it('is deterministic under a seed and keeps the best restart', () => {
    const { observations } = simulateGaussianHmm(TWO_STATES, 3_000, 8);
    const options = { states: 2, restarts: 4, seed: 99 } as const;
    const first = fitGaussianHmm(observations, options);
    const second = fitGaussianHmm(observations, options);
    expect(second.means).toEqual(first.means);
    expect(second.variances).toEqual(first.variances);
    expect(second.transitions).toEqual(first.transitions);
    expect(second.restartLogLikelihoods).toEqual(first.restartLogLikelihoods);
    expect(Object.is(second.logLikelihood, first.logLikelihood)).toBe(true);
    expect(first.logLikelihood).toBe(Math.max(...first.restartLogLikelihoods));
    expect(first.restartLogLikelihoods[first.bestRestart]).toBe(first.logLikelihood);
    const other = fitGaussianHmm(observations, { ...options, seed: 100 });
    expect(other.restartLogLikelihoods, 'another seed starts elsewhere').not.toEqual(first.restartLogLikelihoods);
  });

  it('floors variances and rejects bad input', () => {
    // Half the rows are exactly 0 (a quiet market): without a floor one state would collapse onto them.
    const observations = new Float64Array(2_000);
    const { observations: noise } = simulateGaussianHmm(TWO_STATES, 1_000, 1);
    observations.set(noise, 1_000);
    const fit = fitGaussianHmm(observations, { states: 2, restarts: 2, varianceFloor: 1e-8 });
    expect(Math.min(...fit.variances)).toBeGreaterThanOrEqual(1e-8);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    const constant = fitGaussianHmm(new Float64Array(50).fill(3), { states: 2, restarts: 1 });
    expect(Number.isFinite(constant.logLikelihood), 'a constant series gets a floor, not a zero variance').toBe(true);
    expect(() => fitGaussianHmm(new Float64Array([1, Number.NaN, 2]), { states: 1 })).toThrow(/not finite/);
    expect(() => fitGaussianHmm(new Float64Array([1]), { states: 2 })).toThrow(/cannot fit/);
    expect(() => fitGaussianHmm(new Float64Array([1, 2, 3]), { states: 1, dimensions: 2 })).toThrow(/whole rows/);
    expect(() => fitGaussianHmm(observations, { states: 0 })).toThrow(RangeError);
    expect(() => fitGaussianHmm(observations, { states: 2, varianceFloor: 0 })).toThrow(/varianceFloor/);
  });
});
