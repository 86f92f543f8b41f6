import { describe, expect, it } from 'vitest';
import { BaumWelchWorkspace, createParameterBuffers, expectationStep } from './baum-welch.ts';
import { createGaussianHmm } from './gaussian-hmm.ts';
import { simulateGaussianHmm } from './simulate-gaussian-hmm.ts';

const MODEL = createGaussianHmm({
  states: 2,
  startProbabilities: [0.7, 0.3],
  transitions: [0.9, 0.1, 0.25, 0.75],
  means: [0, 3],
  variances: [1, 4],
});

function density(x: number, state: number): number {
  const v = MODEL.variances[state];
  const d = x - MODEL.means[state];
  return Math.exp((-0.5 * d * d) / v) / Math.sqrt(2 * Math.PI * v);
}

describe('expectationStep', () => {
  it('gives the likelihood and posteriors of enumerating every path', () => {
    const { observations } = simulateGaussianHmm(MODEL, 7, 3);
    const length = observations.length;
    let total = 0;
    const posterior = new Float64Array(length * 2);
    for (let code = 0; code < 2 ** length; code++) {
      let p = 1;
      for (let t = 0; t < length; t++) {
        const state = (code >> t) & 1;
        p *= t === 0 ? MODEL.startProbabilities[state] : MODEL.transitions[((code >> (t - 1)) & 1) * 2 + state];
        p *= density(observations[t], state);
      }
      total += p;
      for (let t = 0; t < length; t++) posterior[t * 2 + ((code >> t) & 1)] += p;
    }
    const workspace = new BaumWelchWorkspace(length, 2, 1);
    const parameters = createParameterBuffers(2, 1);
    parameters.startProbabilities.set(MODEL.startProbabilities);
    parameters.transitions.set(MODEL.transitions);
    parameters.means.set(MODEL.means);
    parameters.variances.set(MODEL.variances);
    expect(expectationStep(observations, parameters, workspace)).toBeCloseTo(Math.log(total), 10);
    for (let i = 0; i < length * 2; i++)
      expect(workspace.forward[i], `γ at row ${i >> 1}, state ${i & 1}`).toBeCloseTo(posterior[i] / total, 12);
  });

  it('stays finite on rows far out in the tails (emissions scaled per row)', () => {
    const observations = new Float64Array([0, 1e3, -1e3, 0]);
    const workspace = new BaumWelchWorkspace(4, 2, 1);
    const parameters = createParameterBuffers(2, 1);
    parameters.startProbabilities.set(MODEL.startProbabilities);
    parameters.transitions.set(MODEL.transitions);
    parameters.means.set(MODEL.means);
    parameters.variances.set(MODEL.variances);
    const logLikelihood = expectationStep(observations, parameters, workspace);
    expect(Number.isFinite(logLikelihood), 'a 1000σ row would underflow unscaled densities').toBe(true);
    expect(logLikelihood).toBeLessThan(-1e4);
  });
});
