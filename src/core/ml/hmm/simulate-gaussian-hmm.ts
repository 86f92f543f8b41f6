import { SeededRandom } from '../../kernel/random.ts';
import type { GaussianHmm } from './gaussian-hmm.ts';

/** A simulated path: the hidden states and the row-major observations they emitted. */
export interface SimulatedHmmPath {
  readonly states: Int32Array;
  readonly observations: Float64Array;
}

/**
 * Draws `length` rows from `model` with a seeded generator (same seed → same path): the first
 * state from the start probabilities, each next one from its transition row, each observation
 * from the state's normals (Box–Muller). For tests, benchmarks and Monte-Carlo checks.
 */
export function simulateGaussianHmm(model: GaussianHmm, length: number, seed: number): SimulatedHmmPath {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`simulateGaussianHmm: bad length ${length}`);
  const { states: stateCount, dimensions } = model;
  const random = new SeededRandom(seed);
  const states = new Int32Array(length);
  const observations = new Float64Array(length * dimensions);
  const draw = (probabilities: Float64Array, offset: number): number => {
    let target = random.next();
    for (let k = 0; k < stateCount - 1; k++) {
      target -= probabilities[offset + k];
      if (target < 0) return k;
    }
    return stateCount - 1;
  };
  let state = 0;
  for (let t = 0; t < length; t++) {
    state = t === 0 ? draw(model.startProbabilities, 0) : draw(model.transitions, state * stateCount);
    states[t] = state;
    for (let d = 0; d < dimensions; d++) {
      const u = 1 - random.next(); // (0, 1]: the logarithm stays finite
      const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
      const index = state * dimensions + d;
      observations[t * dimensions + d] = model.means[index] + Math.sqrt(model.variances[index]) * normal;
    }
  }
  return { states, observations };
}
