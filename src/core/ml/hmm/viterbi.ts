import { emissionConstants, type GaussianHmm, logDensitiesRow, requireObservations } from './gaussian-hmm.ts';

/** The most likely state sequence and its joint log-probability. */
export interface ViterbiPath {
  /** Most likely state at each row. */
  readonly states: Int32Array;
  /** ln P(states, observations) of that path. */
  readonly logProbability: number;
}

/**
 * Viterbi decoding in log space (no underflow at any length): the single state sequence that
 * maximizes the joint probability with `observations` (row-major, `model.dimensions` per row).
 * Uses the whole series, so it looks ahead: for online regimes use {@link HmmFilter}. Ties go to
 * the lower state index. Time O(rows × states²), memory O(rows × states).
 */
export function viterbi(model: GaussianHmm, observations: ArrayLike<number>): ViterbiPath {
  const { states, dimensions, means } = model;
  const length = requireObservations(observations, dimensions, 'viterbi');
  const path = new Int32Array(length);
  if (length === 0) return { states: path, logProbability: 0 };
  const logTransitions = new Float64Array(states * states);
  for (let i = 0; i < states * states; i++) logTransitions[i] = Math.log(model.transitions[i]);
  const logNormalizers = new Float64Array(states);
  const halfPrecisions = new Float64Array(states * dimensions);
  emissionConstants(states, dimensions, model.variances, logNormalizers, halfPrecisions);
  const densities = new Float64Array(states);
  let scores = new Float64Array(states);
  let nextScores = new Float64Array(states);
  const backPointers = new Int32Array(length * states);

  logDensitiesRow(observations, 0, states, dimensions, means, logNormalizers, halfPrecisions, densities, 0);
  for (let k = 0; k < states; k++) scores[k] = Math.log(model.startProbabilities[k]) + densities[k];
  for (let t = 1; t < length; t++) {
    logDensitiesRow(observations, t, states, dimensions, means, logNormalizers, halfPrecisions, densities, 0);
    for (let j = 0; j < states; j++) {
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < states; i++) {
        const score = scores[i] + logTransitions[i * states + j];
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      backPointers[t * states + j] = best;
      nextScores[j] = bestScore + densities[j];
    }
    const swap = scores;
    scores = nextScores;
    nextScores = swap;
  }
  let last = 0;
  for (let k = 1; k < states; k++) if (scores[k] > scores[last]) last = k;
  const logProbability = scores[last];
  path[length - 1] = last;
  for (let t = length - 1; t > 0; t--) path[t - 1] = backPointers[t * states + path[t]];
  return { states: path, logProbability };
}
