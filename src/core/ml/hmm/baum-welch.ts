import { emissionConstants, scaledEmissionsRow } from './gaussian-hmm.ts';

/**
 * The running product of forward normalizers is folded into the log-likelihood once below this.
 * A normalizer below 1e-100 is logged on its own, so the product (≥ 1e-200 × 1e-100) never
 * leaves the normal doubles (≥ 2.2e-308).
 */
const PRODUCT_LOG_THRESHOLD = 1e-200;

/** Mutable parameters during a fit (same layout as {@link GaussianHmm}). */
export interface HmmParameterBuffers {
  readonly startProbabilities: Float64Array;
  readonly transitions: Float64Array;
  readonly means: Float64Array;
  readonly variances: Float64Array;
}

/** Allocates parameter buffers for `states` × `dimensions`. */
export function createParameterBuffers(states: number, dimensions: number): HmmParameterBuffers {
  return {
    startProbabilities: new Float64Array(states),
    transitions: new Float64Array(states * states),
    means: new Float64Array(states * dimensions),
    variances: new Float64Array(states * dimensions),
  };
}

/** Copies every parameter of `from` into `to` (same shape). */
export function copyParameters(from: HmmParameterBuffers, to: HmmParameterBuffers): void {
  to.startProbabilities.set(from.startProbabilities);
  to.transitions.set(from.transitions);
  to.means.set(from.means);
  to.variances.set(from.variances);
}

/**
 * Every buffer one Baum–Welch iteration needs, allocated once per fit and reused by every
 * iteration and restart: O(length × states) doubles.
 */
export class BaumWelchWorkspace {
  /** Scaled emissions b̃_t(k) = b_t(k) / exp(m_t); row t at t·states. */
  readonly emissions: Float64Array;
  /** Normalized forward variables α̂_t(k) = P(state k | rows ≤ t); replaced by γ_t(k) after the backward pass. */
  readonly forward: Float64Array;
  /** Scaled backward variables β̂_t(k) for the current t and t + 1 (two rows, swapped). */
  readonly backward: Float64Array;
  /** Forward normalizers c_t. */
  readonly scales: Float64Array;
  /** Σ_t ξ_t(i, j): expected transition counts. */
  readonly transitionCounts: Float64Array;
  /** Σ_t γ_t(k): expected occupancy of each state. */
  readonly occupancy: Float64Array;
  readonly logNormalizers: Float64Array;
  readonly halfPrecisions: Float64Array;

  constructor(
    readonly length: number,
    readonly states: number,
    readonly dimensions: number,
  ) {
    this.emissions = new Float64Array(length * states);
    this.forward = new Float64Array(length * states);
    this.backward = new Float64Array(2 * states);
    this.scales = new Float64Array(length);
    this.transitionCounts = new Float64Array(states * states);
    this.occupancy = new Float64Array(states);
    this.logNormalizers = new Float64Array(states);
    this.halfPrecisions = new Float64Array(states * dimensions);
  }
}

/**
 * The E-step: scaled forward–backward over `observations` under `parameters`. Returns the
 * log-likelihood ln P(observations); leaves the posteriors γ_t(k) in `workspace.forward`, their
 * sums in `workspace.occupancy` and Σ_t ξ_t(i, j) in `workspace.transitionCounts`.
 *
 * Scaling (Rabiner): α̂_t = α_t / Π_{s≤t} c_s sums to 1; β̂_t(i) = Σ_j a_ij b̃_{t+1}(j) β̂_{t+1}(j) / c_{t+1};
 * γ_t = α̂_t β̂_t; ξ_t(i, j) = α̂_t(i) a_ij b̃_{t+1}(j) β̂_{t+1}(j) / c_{t+1}. With the emissions
 * scaled per row by exp(m_t), ln P = Σ_t (ln c_t + m_t). Returns −∞ when some row is impossible
 * under the parameters (all c_t mass underflowed).
 */
export function expectationStep(
  observations: Float64Array,
  parameters: HmmParameterBuffers,
  workspace: BaumWelchWorkspace,
): number {
  const { length, states, dimensions, emissions, forward, backward, scales, transitionCounts, occupancy } = workspace;
  const { startProbabilities, transitions, means } = parameters;
  emissionConstants(states, dimensions, parameters.variances, workspace.logNormalizers, workspace.halfPrecisions);
  let logLikelihood = 0;
  for (let t = 0; t < length; t++)
    logLikelihood += scaledEmissionsRow(
      observations,
      t,
      states,
      dimensions,
      means,
      workspace.logNormalizers,
      workspace.halfPrecisions,
      emissions,
      t * states,
    );

  // Forward pass. Every c_t ≤ 1 (the best emission of a row is 1, the prediction sums to 1), so
  // their product only shrinks: its log is taken when it nears underflow, not once per row.
  let scale = 0;
  for (let k = 0; k < states; k++) scale += forward[k] = startProbabilities[k] * emissions[k];
  if (!(scale > 0)) return Number.NEGATIVE_INFINITY;
  scales[0] = scale;
  for (let k = 0; k < states; k++) forward[k] /= scale;
  let product = scale;
  for (let t = 1; t < length; t++) {
    const previous = (t - 1) * states;
    const current = t * states;
    scale = 0;
    for (let j = 0; j < states; j++) {
      let predicted = 0;
      for (let i = 0; i < states; i++) predicted += forward[previous + i] * transitions[i * states + j];
      scale += forward[current + j] = predicted * emissions[current + j];
    }
    if (!(scale > 0)) return Number.NEGATIVE_INFINITY;
    scales[t] = scale;
    const inverse = 1 / scale;
    for (let j = 0; j < states; j++) forward[current + j] *= inverse;
    if (scale < PRODUCT_LOG_THRESHOLD * 1e100) logLikelihood += Math.log(scale);
    else product *= scale;
    if (product < PRODUCT_LOG_THRESHOLD) {
      logLikelihood += Math.log(product);
      product = 1;
    }
  }
  logLikelihood += Math.log(product);

  // Backward pass, accumulating ξ and turning α̂ into γ in place.
  transitionCounts.fill(0);
  occupancy.fill(0);
  let next = 0;
  let here = states;
  const last = (length - 1) * states;
  for (let k = 0; k < states; k++) {
    backward[next + k] = 1;
    occupancy[k] += forward[last + k];
  }
  for (let t = length - 2; t >= 0; t--) {
    const current = t * states;
    const following = current + states;
    const inverse = 1 / scales[t + 1];
    for (let i = 0; i < states; i++) {
      const alpha = forward[current + i] * inverse;
      let sum = 0;
      for (let j = 0; j < states; j++) {
        const term = transitions[i * states + j] * emissions[following + j] * backward[next + j];
        sum += term;
        transitionCounts[i * states + j] += alpha * term;
      }
      backward[here + i] = sum * inverse;
    }
    for (let i = 0; i < states; i++) {
      const gamma = forward[current + i] * backward[here + i];
      forward[current + i] = gamma;
      occupancy[i] += gamma;
    }
    const swap = next;
    next = here;
    here = swap;
  }
  return logLikelihood;
}

/**
 * The M-step: re-estimates `parameters` from the posteriors the E-step left in `workspace`.
 * Variances are floored at `varianceFloors[d]` (the constrained maximum of the same objective,
 * so the likelihood still never decreases). A state with no posterior mass keeps its emission
 * and a state never left keeps its transition row.
 */
export function maximizationStep(
  observations: Float64Array,
  parameters: HmmParameterBuffers,
  workspace: BaumWelchWorkspace,
  varianceFloors: Float64Array,
): void {
  const { length, states, dimensions, forward: gamma, transitionCounts, occupancy } = workspace;
  const { startProbabilities, transitions, means, variances } = parameters;
  let startSum = 0;
  for (let k = 0; k < states; k++) startSum += gamma[k];
  for (let k = 0; k < states; k++) startProbabilities[k] = gamma[k] / startSum;

  for (let i = 0; i < states; i++) {
    let rowSum = 0;
    for (let j = 0; j < states; j++) rowSum += transitionCounts[i * states + j];
    if (!(rowSum > 0)) continue;
    for (let j = 0; j < states; j++) transitions[i * states + j] = transitionCounts[i * states + j] / rowSum;
  }

  // Means then variances around the new means (two passes: no cancellation in E[x²] − E[x]²).
  const sums = workspace.halfPrecisions; // reused as a states × dimensions accumulator
  sums.fill(0);
  for (let t = 0; t < length; t++) {
    const row = t * dimensions;
    for (let k = 0; k < states; k++) {
      const weight = gamma[t * states + k];
      for (let d = 0; d < dimensions; d++) sums[k * dimensions + d] += weight * observations[row + d];
    }
  }
  for (let k = 0; k < states; k++) {
    if (!(occupancy[k] > 0)) continue;
    for (let d = 0; d < dimensions; d++) means[k * dimensions + d] = sums[k * dimensions + d] / occupancy[k];
  }
  sums.fill(0);
  for (let t = 0; t < length; t++) {
    const row = t * dimensions;
    for (let k = 0; k < states; k++) {
      const weight = gamma[t * states + k];
      for (let d = 0; d < dimensions; d++) {
        const deviation = observations[row + d] - means[k * dimensions + d];
        sums[k * dimensions + d] += weight * deviation * deviation;
      }
    }
  }
  for (let k = 0; k < states; k++) {
    if (!(occupancy[k] > 0)) continue;
    for (let d = 0; d < dimensions; d++) {
      const variance = sums[k * dimensions + d] / occupancy[k];
      variances[k * dimensions + d] = variance > varianceFloors[d] ? variance : varianceFloors[d];
    }
  }
}
