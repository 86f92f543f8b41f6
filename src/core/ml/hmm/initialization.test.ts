import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { createParameterBuffers } from './baum-welch.ts';
import { createGaussianHmm } from './gaussian-hmm.ts';
import {
  HmmInitialization,
  InitializationWorkspace,
  initializeParameters,
  summarizeData,
  VOLATILITY_WINDOW,
} from './initialization.ts';
import { simulateGaussianHmm } from './simulate-gaussian-hmm.ts';

/** Three persistent regimes that differ mostly by volatility (calm, normal, wild). */
const TRUTH = createGaussianHmm({
  states: 3,
  startProbabilities: [1 / 3, 1 / 3, 1 / 3],
  transitions: [0.99, 0.005, 0.005, 0.005, 0.99, 0.005, 0.005, 0.005, 0.99],
  means: [0.0002, 0, -0.0003],
  variances: [0.002 ** 2, 0.005 ** 2, 0.015 ** 2],
});
const { observations } = simulateGaussianHmm(TRUTH, 20_000, 12);
const data = summarizeData(observations, observations.length, 1);

function start(kind: HmmInitialization) {
  const parameters = createParameterBuffers(3, 1);
  const floors = new Float64Array([1e-12]);
  const work = new InitializationWorkspace(observations.length, 3);
  initializeParameters(observations, 3, data, kind, new SeededRandom(5), floors, work, parameters);
  return parameters;
}

describe('initializeParameters', () => {
  it('quantile: bins of the values give ordered, well-apart means', () => {
    const { means } = start(HmmInitialization.Quantile);
    const deviation = Math.sqrt(data.variances[0]);
    expect(means[0], 'lowest third').toBeLessThan(-0.3 * deviation);
    expect(Math.abs(means[1]), 'middle third').toBeLessThan(0.2 * deviation);
    expect(means[2], 'highest third').toBeGreaterThan(0.3 * deviation);
  });

  it(`volatility: bins of the ${VOLATILITY_WINDOW}-row trailing deviation give states close to the true volatilities`, () => {
    const deviations = Array.from(start(HmmInitialization.Volatility).variances, Math.sqrt);
    expect(deviations[0]).toBeLessThan(deviations[1]);
    expect(deviations[1]).toBeLessThan(deviations[2]);
    // Within a factor 1.6 of the truth (jitter is at most exp(±0.1) on the deviation).
    [0.002, 0.005, 0.015].forEach((truth, state) => {
      expect(deviations[state] / truth, `state ${state}`).toBeGreaterThan(1 / 1.6);
      expect(deviations[state] / truth, `state ${state}`).toBeLessThan(1.6);
    });
  });

  it('gives sticky, normalized transitions and uniform start probabilities for every kind', () => {
    for (const kind of Object.values(HmmInitialization)) {
      const { transitions, startProbabilities } = start(kind);
      for (let i = 0; i < 3; i++) {
        const row = transitions.subarray(i * 3, i * 3 + 3);
        expect(row[0] + row[1] + row[2], `${kind} row ${i}`).toBeCloseTo(1, 14);
        expect(row[i], `${kind} stays in ${i}`).toBeGreaterThan(0.8);
      }
      expect(Array.from(startProbabilities)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    }
  });
});
