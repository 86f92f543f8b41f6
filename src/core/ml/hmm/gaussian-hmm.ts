/**
 * A hidden Markov model with Gaussian emissions and diagonal covariances: `states` hidden states,
 * each emitting a `dimensions`-vector whose components are independent normals.
 *
 * Layout (all row-major Float64Arrays):
 * - `startProbabilities[k]`: P(state at t = 0 is k);
 * - `transitions[i * states + j]`: P(state t+1 = j | state t = i), each row sums to 1;
 * - `means[k * dimensions + d]`, `variances[k * dimensions + d]`: the emission of state k in
 *   dimension d, in the observations' units (squared units for the variances).
 *
 * Observations passed to the functions of this folder are row-major too: row t is
 * `observations[t * dimensions ... t * dimensions + dimensions - 1]`.
 */
export interface GaussianHmm {
  readonly states: number;
  readonly dimensions: number;
  readonly startProbabilities: Float64Array;
  readonly transitions: Float64Array;
  readonly means: Float64Array;
  readonly variances: Float64Array;
  /** Natural-log likelihood of the training data under exactly these parameters (NaN when not fitted). */
  readonly logLikelihood: number;
  /** Baum–Welch re-estimations applied to reach these parameters (0 when built by hand). */
  readonly iterations: number;
  /** Whether the fit stopped on its tolerance rather than its iteration limit. */
  readonly converged: boolean;
}

/** The parameters of a model, as plain arrays or typed arrays (see {@link GaussianHmm} for the layout). */
export interface GaussianHmmParameters {
  readonly states: number;
  /** Observation dimensions; 1 by default. */
  readonly dimensions?: number;
  readonly startProbabilities: ArrayLike<number>;
  readonly transitions: ArrayLike<number>;
  readonly means: ArrayLike<number>;
  readonly variances: ArrayLike<number>;
  readonly logLikelihood?: number;
  readonly iterations?: number;
  readonly converged?: boolean;
}

/** Rows of probabilities must sum to 1 within this (they are renormalized after fitting anyway). */
const PROBABILITY_SUM_TOLERANCE = 1e-6;

/** ln(2π). */
export const LOG_TWO_PI = Math.log(2 * Math.PI);

function requireProbabilities(name: string, values: ArrayLike<number>, offset: number, length: number): void {
  let sum = 0;
  for (let i = offset; i < offset + length; i++) {
    const p = values[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`gaussian hmm: ${name}[${i}] must be in [0, 1], got ${p}`);
    sum += p;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
    throw new RangeError(`gaussian hmm: ${name} row at ${offset} sums to ${sum}, not 1`);
}

function requireLength(name: string, values: ArrayLike<number>, length: number): void {
  if (values.length !== length)
    throw new RangeError(`gaussian hmm: ${name} must have ${length} values, got ${values.length}`);
}

/**
 * Validates and copies parameters into a frozen {@link GaussianHmm}. Throws a RangeError on a
 * wrong length, a probability outside [0, 1], a row not summing to 1, a non-finite mean or a
 * variance that is not positive and finite.
 */
export function createGaussianHmm(parameters: GaussianHmmParameters): GaussianHmm {
  const states = parameters.states;
  const dimensions = parameters.dimensions ?? 1;
  if (!Number.isInteger(states) || states < 1) throw new RangeError(`gaussian hmm: states must be ≥ 1, got ${states}`);
  if (!Number.isInteger(dimensions) || dimensions < 1)
    throw new RangeError(`gaussian hmm: dimensions must be ≥ 1, got ${dimensions}`);
  requireLength('startProbabilities', parameters.startProbabilities, states);
  requireLength('transitions', parameters.transitions, states * states);
  requireLength('means', parameters.means, states * dimensions);
  requireLength('variances', parameters.variances, states * dimensions);
  requireProbabilities('startProbabilities', parameters.startProbabilities, 0, states);
  for (let i = 0; i < states; i++) requireProbabilities('transitions', parameters.transitions, i * states, states);
  for (let i = 0; i < states * dimensions; i++) {
    if (!Number.isFinite(parameters.means[i]))
      throw new RangeError(`gaussian hmm: means[${i}] must be finite, got ${parameters.means[i]}`);
    const variance = parameters.variances[i];
    if (!(variance > 0 && Number.isFinite(variance)))
      throw new RangeError(`gaussian hmm: variances[${i}] must be positive and finite, got ${variance}`);
  }
  return Object.freeze({
    states,
    dimensions,
    startProbabilities: Float64Array.from(parameters.startProbabilities),
    transitions: Float64Array.from(parameters.transitions),
    means: Float64Array.from(parameters.means),
    variances: Float64Array.from(parameters.variances),
    logLikelihood: parameters.logLikelihood ?? Number.NaN,
    iterations: parameters.iterations ?? 0,
    converged: parameters.converged ?? false,
  });
}

/**
 * Per-state constants of the log densities, computed once per parameter set:
 * `logNormalizers[k] = −½ Σ_d ln(2π σ²_kd)` and `halfPrecisions[k·D + d] = 1 / (2 σ²_kd)`.
 */
export function emissionConstants(
  states: number,
  dimensions: number,
  variances: Float64Array,
  logNormalizers: Float64Array,
  halfPrecisions: Float64Array,
): void {
  for (let k = 0; k < states; k++) {
    let logNormalizer = 0;
    for (let d = 0; d < dimensions; d++) {
      const variance = variances[k * dimensions + d];
      logNormalizer -= 0.5 * (LOG_TWO_PI + Math.log(variance));
      halfPrecisions[k * dimensions + d] = 0.5 / variance;
    }
    logNormalizers[k] = logNormalizer;
  }
}

/**
 * Writes the log density of observation row `row` under each state into `out[outOffset + k]`
 * and returns the largest of them. Allocates nothing.
 */
export function logDensitiesRow(
  observations: ArrayLike<number>,
  row: number,
  states: number,
  dimensions: number,
  means: Float64Array,
  logNormalizers: Float64Array,
  halfPrecisions: Float64Array,
  out: Float64Array,
  outOffset: number,
): number {
  const base = row * dimensions;
  let largest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < states; k++) {
    let value = logNormalizers[k];
    const parameterBase = k * dimensions;
    for (let d = 0; d < dimensions; d++) {
      const deviation = observations[base + d] - means[parameterBase + d];
      value -= deviation * deviation * halfPrecisions[parameterBase + d];
    }
    out[outOffset + k] = value;
    if (value > largest) largest = value;
  }
  return largest;
}

/**
 * Emission likelihoods of one row scaled by the row's largest density, so they never underflow
 * all at once: writes `exp(log b_k − m)` (the best state gets exactly 1) and returns `m`, which
 * the caller adds back to the log-likelihood.
 */
export function scaledEmissionsRow(
  observations: ArrayLike<number>,
  row: number,
  states: number,
  dimensions: number,
  means: Float64Array,
  logNormalizers: Float64Array,
  halfPrecisions: Float64Array,
  out: Float64Array,
  outOffset: number,
): number {
  const largest = logDensitiesRow(
    observations,
    row,
    states,
    dimensions,
    means,
    logNormalizers,
    halfPrecisions,
    out,
    outOffset,
  );
  // exp is the costliest operation of a Baum–Welch iteration: the best state's is exactly 1.
  for (let k = 0; k < states; k++) {
    const value = out[outOffset + k];
    out[outOffset + k] = value === largest ? 1 : Math.exp(value - largest);
  }
  return largest;
}

/** Throws unless `observations` holds whole rows of finite values for `model`. */
export function requireObservations(observations: ArrayLike<number>, dimensions: number, what: string): number {
  if (observations.length % dimensions !== 0)
    throw new RangeError(`${what}: ${observations.length} values are not whole rows of ${dimensions}`);
  for (let i = 0; i < observations.length; i++)
    if (!Number.isFinite(observations[i]))
      throw new RangeError(`${what}: observation value ${i} is not finite (${observations[i]})`);
  return observations.length / dimensions;
}
