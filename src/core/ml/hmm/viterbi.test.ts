import { describe, expect, it } from 'vitest';
import { createGaussianHmm, type GaussianHmm } from './gaussian-hmm.ts';
import { simulateGaussianHmm } from './simulate-gaussian-hmm.ts';
import { viterbi } from './viterbi.ts';

const MODEL = createGaussianHmm({
  states: 3,
  startProbabilities: [0.6, 0.3, 0.1],
  transitions: [0.8, 0.15, 0.05, 0.2, 0.7, 0.1, 0.1, 0.3, 0.6],
  means: [0.5, 0, -1],
  variances: [0.25, 1, 2],
});

function logNormal(x: number, mean: number, variance: number): number {
  return -0.5 * (Math.log(2 * Math.PI * variance) + ((x - mean) * (x - mean)) / variance);
}

/** The best path by enumerating all states^length paths (the definition, for short series). */
function bruteForce(model: GaussianHmm, observations: Float64Array): { path: number[]; score: number } {
  const k = model.states;
  let best = { path: [] as number[], score: Number.NEGATIVE_INFINITY };
  const total = k ** observations.length;
  for (let code = 0; code < total; code++) {
    const path: number[] = [];
    let rest = code;
    for (let t = 0; t < observations.length; t++) {
      path.push(rest % k);
      rest = Math.floor(rest / k);
    }
    let score = Math.log(model.startProbabilities[path[0]]);
    for (let t = 0; t < observations.length; t++) {
      if (t > 0) score += Math.log(model.transitions[path[t - 1] * k + path[t]]);
      score += logNormal(observations[t], model.means[path[t]], model.variances[path[t]]);
    }
    if (score > best.score) best = { path, score };
  }
  return best;
}

describe('viterbi', () => {
  it('finds the path that enumeration of every path finds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { observations } = simulateGaussianHmm(MODEL, 8, seed);
      const expected = bruteForce(MODEL, observations);
      const result = viterbi(MODEL, observations);
      expect(Array.from(result.states), `seed ${seed}`).toEqual(expected.path);
      expect(result.logProbability).toBeCloseTo(expected.score, 10);
    }
  });

  it('does not underflow on a long series and handles the empty one', () => {
    const { observations } = simulateGaussianHmm(MODEL, 50_000, 9);
    const result = viterbi(MODEL, observations);
    expect(Number.isFinite(result.logProbability), 'log space: no underflow at 50,000 rows').toBe(true);
    expect(result.states.length).toBe(50_000);
    expect(viterbi(MODEL, new Float64Array(0)).states.length).toBe(0);
  });

  it('never takes a forbidden transition', () => {
    const model = createGaussianHmm({
      states: 2,
      startProbabilities: [1, 0],
      transitions: [0.5, 0.5, 0, 1], // state 1 is absorbing
      means: [0, 10],
      variances: [1, 1],
    });
    const path = viterbi(model, new Float64Array([0, 10, 10, 0]));
    expect(Array.from(path.states), 'once in state 1 it cannot go back, however well 0 fits').toEqual([0, 1, 1, 1]);
  });
});
