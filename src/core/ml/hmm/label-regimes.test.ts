import { describe, expect, it } from 'vitest';
import { createGaussianHmm } from './gaussian-hmm.ts';
import { labelRegimes } from './label-regimes.ts';

function model(means: number[], deviations: number[], dimensions = 1) {
  const k = deviations.length / dimensions;
  const transitions = Array.from({ length: k * k }, (_, i) => (Math.floor(i / k) === i % k ? 1 : 0));
  return createGaussianHmm({
    states: k,
    dimensions,
    startProbabilities: Array(k).fill(1 / k),
    transitions,
    means,
    variances: deviations.map((d) => d * d),
  });
}

describe('labelRegimes', () => {
  it('calls the highest mean bull, the lowest bear and the rest range', () => {
    const labels = labelRegimes(model([0.0001, -0.002, 0.0015, 0], [0.003, 0.015, 0.006, 0.001]));
    expect(labels.map((label) => label.regime)).toEqual(['range', 'bear', 'bull', 'range']);
    expect(labels.map((label) => label.meanRank)).toEqual([2, 0, 3, 1]);
    expect(labels.map((label) => label.volatilityRank)).toEqual([1, 3, 2, 0]);
    expect(labels[1].volatility).toBeCloseTo(0.015, 15);
  });

  it('handles one and two states, ties and uses dimension 0 only', () => {
    expect(labelRegimes(model([0.5], [1]))[0].regime).toBe('range');
    expect(labelRegimes(model([-0.001, 0.001], [1, 1])).map((label) => label.regime)).toEqual(['bear', 'bull']);
    expect(
      labelRegimes(model([0, 0, 0], [1, 2, 3])).map((label) => label.regime),
      'ties rank by index',
    ).toEqual(['bear', 'range', 'bull']);
    // Dimension 1 (say realized volatility) has the opposite order: it must not matter.
    const twoDimensional = model([0.001, 9, -0.001, 1], [0.01, 1, 0.02, 1], 2);
    expect(labelRegimes(twoDimensional).map((label) => label.regime)).toEqual(['bull', 'bear']);
    expect(labelRegimes(twoDimensional)[1].volatility).toBeCloseTo(0.02, 15);
  });
});
