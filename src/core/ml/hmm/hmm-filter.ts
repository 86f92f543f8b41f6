import { emissionConstants, type GaussianHmm, scaledEmissionsRow } from './gaussian-hmm.ts';

/**
 * Online regime probabilities without look-ahead: the forward algorithm one observation at a
 * time. After `update(x_t)`, `probabilities[k]` = P(state_t = k | x_0 … x_t) under the model; no
 * later observation can change it. O(states² + states × dimensions) per update, no allocation.
 *
 * A missing observation (any NaN value in the row) is a prediction step only: the probabilities
 * move through the transition matrix and the log-likelihood is unchanged. When an observation
 * is impossible under the predicted state distribution (its probability underflows to 0), the
 * filter restarts from that observation's emission likelihoods alone rather than divide by zero,
 * and its running log-likelihood becomes −∞ (the model says the data cannot happen).
 */
export class HmmFilter {
  /** P(state_t = k | observations up to t); before the first update, the start probabilities. One reused buffer. */
  readonly probabilities: Float64Array;
  private readonly predicted: Float64Array;
  private readonly emissions: Float64Array;
  private readonly logNormalizers: Float64Array;
  private readonly halfPrecisions: Float64Array;
  private readonly single: Float64Array;
  private started = false;
  private total = 0;
  private steps = 0;

  constructor(readonly model: GaussianHmm) {
    const { states, dimensions } = model;
    this.probabilities = Float64Array.from(model.startProbabilities);
    this.predicted = new Float64Array(states);
    this.emissions = new Float64Array(states);
    this.logNormalizers = new Float64Array(states);
    this.halfPrecisions = new Float64Array(states * dimensions);
    this.single = new Float64Array(1);
    emissionConstants(states, dimensions, model.variances, this.logNormalizers, this.halfPrecisions);
  }

  /** Observations taken so far (missing ones included). */
  get count(): number {
    return this.steps;
  }

  /** ln P(x_0 … x_t) of the observations taken so far (the filter's running log-likelihood). */
  get logLikelihood(): number {
    return this.total;
  }

  /** The most probable state now (the lower index on ties); −1 before the first update. */
  get mostLikelyState(): number {
    if (this.steps === 0) return -1;
    let best = 0;
    for (let k = 1; k < this.model.states; k++) if (this.probabilities[k] > this.probabilities[best]) best = k;
    return best;
  }

  /** Takes one scalar observation (a 1-dimension model only) and returns `probabilities`. */
  update(observation: number): Float64Array {
    if (this.model.dimensions !== 1)
      throw new RangeError(`HmmFilter: update takes one value; this model has ${this.model.dimensions} dimensions`);
    this.single[0] = observation;
    return this.step(this.single, 0);
  }

  /** Takes observation row `row` of row-major `observations` (`dimensions` values) and returns `probabilities`. */
  updateRow(observations: ArrayLike<number>, row = 0): Float64Array {
    const end = (row + 1) * this.model.dimensions;
    if (!Number.isInteger(row) || row < 0 || end > observations.length)
      throw new RangeError(`HmmFilter: row ${row} is outside ${observations.length} values`);
    return this.step(observations, row);
  }

  /** Forgets every observation: back to the start probabilities. */
  reset(): void {
    this.probabilities.set(this.model.startProbabilities);
    this.started = false;
    this.total = 0;
    this.steps = 0;
  }

  private step(observations: ArrayLike<number>, row: number): Float64Array {
    const { states, dimensions, transitions, means } = this.model;
    const probabilities = this.probabilities;
    const predicted = this.predicted;
    const emissions = this.emissions;
    if (this.started) {
      for (let j = 0; j < states; j++) {
        let sum = 0;
        for (let i = 0; i < states; i++) sum += probabilities[i] * transitions[i * states + j];
        predicted[j] = sum;
      }
    } else predicted.set(this.model.startProbabilities);
    this.started = true;
    this.steps++;

    let missing = false;
    for (let d = 0; d < dimensions; d++) if (Number.isNaN(observations[row * dimensions + d])) missing = true;
    if (missing) {
      probabilities.set(predicted);
      return probabilities;
    }
    const offset = scaledEmissionsRow(
      observations,
      row,
      states,
      dimensions,
      means,
      this.logNormalizers,
      this.halfPrecisions,
      emissions,
      0,
    );
    let scale = 0;
    for (let k = 0; k < states; k++) scale += probabilities[k] = predicted[k] * emissions[k];
    if (!(scale > 0)) {
      // Impossible under the prediction: fall back to the emissions alone (the best state has 1).
      scale = 0;
      for (let k = 0; k < states; k++) scale += probabilities[k] = emissions[k];
      this.total = Number.NEGATIVE_INFINITY;
    } else this.total += Math.log(scale) + offset;
    const inverse = 1 / scale;
    for (let k = 0; k < states; k++) probabilities[k] *= inverse;
    return probabilities;
  }
}

/**
 * Filtered probabilities for a whole series, exactly as a {@link HmmFilter} fed row by row
 * would give them (the same code, so bit-identical): row t of the result (at t × states) is
 * P(state_t | rows ≤ t). Writes into `out` when given (length rows × states).
 */
export function filterProbabilities(
  model: GaussianHmm,
  observations: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const { states, dimensions } = model;
  if (observations.length % dimensions !== 0)
    throw new RangeError(`filterProbabilities: ${observations.length} values are not whole rows of ${dimensions}`);
  const length = observations.length / dimensions;
  const result = out ?? new Float64Array(length * states);
  if (result.length !== length * states)
    throw new RangeError(`filterProbabilities: out must hold ${length * states} values, got ${result.length}`);
  const filter = new HmmFilter(model);
  for (let t = 0; t < length; t++) result.set(filter.updateRow(observations, t), t * states);
  return result;
}
