import { describe, expect, it } from 'vitest';
import { fitGaussianHmm } from './fit-gaussian-hmm.ts';
import { createGaussianHmm } from './gaussian-hmm.ts';
import { filterProbabilities } from './hmm-filter.ts';
import { GAUSSIAN_HMM_FORMAT, gaussianHmmFromJson, gaussianHmmToJson } from './hmm-json.ts';
import { simulateGaussianHmm } from './simulate-gaussian-hmm.ts';

const TRUTH = createGaussianHmm({
  states: 2,
  startProbabilities: [0.5, 0.5],
  transitions: [0.95, 0.05, 0.05, 0.95],
  means: [0.001, -0.001],
  variances: [1e-5, 4e-5],
});

describe('gaussian hmm json', () => {
  it('saves and loads a fitted model bit for bit', () => {
    const { observations } = simulateGaussianHmm(TRUTH, 1_000, 2);
    const fit = fitGaussianHmm(observations, { states: 2, restarts: 1 });
    const text = JSON.stringify(gaussianHmmToJson(fit));
    const loaded = gaussianHmmFromJson(text);
    for (const key of ['startProbabilities', 'transitions', 'means', 'variances'] as const)
      expect(Array.from(loaded[key]), key).toEqual(Array.from(fit[key]));
    expect(loaded.logLikelihood).toBe(fit.logLikelihood);
    expect(loaded.iterations).toBe(fit.iterations);
    expect(filterProbabilities(loaded, observations)).toEqual(filterProbabilities(fit, observations));
  });

  it('keeps an unfitted model unfitted and rejects malformed files', () => {
    const json = gaussianHmmToJson(TRUTH);
    expect(json.logLikelihood, 'JSON has no NaN').toBeNull();
    expect(Number.isNaN(gaussianHmmFromJson(json).logLikelihood)).toBe(true);
    expect(() => gaussianHmmFromJson({ ...json, format: 'other' })).toThrow(GAUSSIAN_HMM_FORMAT);
    expect(() => gaussianHmmFromJson({ ...json, means: ['0', 1] })).toThrow(/means/);
    expect(() => gaussianHmmFromJson({ ...json, transitions: [0.5, 0.6, 0.5, 0.5] })).toThrow(/sums to/);
    expect(() => gaussianHmmFromJson({ ...json, variances: [1, -1] })).toThrow(/variances/);
    expect(() => gaussianHmmFromJson(null)).toThrow(/object/);
  });
});
