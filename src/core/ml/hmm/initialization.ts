import type { SeededRandom } from '../../kernel/random.ts';
import type { HmmParameterBuffers } from './baum-welch.ts';

/**
 * How a restart chooses its starting emissions. `kmeans++`: k-means++ seeding (first centre a
 * uniformly drawn row, each next one drawn with probability ∝ squared distance to the nearest
 * centre, distances in units of each dimension's standard deviation) refined by a few Lloyd
 * iterations. `quantile`: rows split into `states` equally populated bins of the first
 * dimension. `volatility`: rows split into `states` equally populated bins of a trailing mean
 * absolute deviation of the first dimension (over {@link VOLATILITY_WINDOW} rows), which suits
 * return series whose regimes differ mostly by volatility and persist. Each state's mean and
 * variance are then its cluster's, jittered.
 */
export const HmmInitialization = {
  KMeansPlusPlus: 'kmeans++',
  Quantile: 'quantile',
  Volatility: 'volatility',
} as const;
export type HmmInitialization = (typeof HmmInitialization)[keyof typeof HmmInitialization];

/** Probability of staying in a state in the initial transition matrix (regimes are persistent). */
const INITIAL_STAY_PROBABILITY = 0.9;
/** Rows of the trailing mean absolute deviation that the `volatility` initialization bins. */
export const VOLATILITY_WINDOW = 20;
/** Lloyd iterations after k-means++ seeding: enough for a rough start, EM does the rest. */
const LLOYD_ITERATIONS = 8;
/** Jitter: means move by up to ±this × the dimension's standard deviation. */
const MEAN_JITTER = 0.1;
/** Jitter: variances and transition entries are scaled by up to exp(±this). */
const SCALE_JITTER = 0.2;

/** Summary of the data needed by every restart, computed once per fit. */
export interface DataSummary {
  readonly length: number;
  readonly dimensions: number;
  readonly means: Float64Array;
  readonly variances: Float64Array;
}

/** Per-dimension mean and (population) variance of row-major observations. */
export function summarizeData(observations: Float64Array, length: number, dimensions: number): DataSummary {
  const means = new Float64Array(dimensions);
  const variances = new Float64Array(dimensions);
  for (let t = 0; t < length; t++) for (let d = 0; d < dimensions; d++) means[d] += observations[t * dimensions + d];
  for (let d = 0; d < dimensions; d++) means[d] /= length;
  for (let t = 0; t < length; t++)
    for (let d = 0; d < dimensions; d++) {
      const deviation = observations[t * dimensions + d] - means[d];
      variances[d] += deviation * deviation;
    }
  for (let d = 0; d < dimensions; d++) variances[d] /= length;
  return { length, dimensions, means, variances };
}

/** Scratch for initialization, allocated once per fit. */
export class InitializationWorkspace {
  readonly assignments: Int32Array;
  readonly distances: Float64Array;
  readonly counts: Float64Array;
  readonly sortedFirstDimension: Float64Array;

  constructor(length: number, states: number) {
    this.assignments = new Int32Array(length);
    this.distances = new Float64Array(length);
    this.counts = new Float64Array(states);
    this.sortedFirstDimension = new Float64Array(length);
  }
}

function scaledDistance(
  observations: Float64Array,
  row: number,
  centres: Float64Array,
  state: number,
  data: DataSummary,
): number {
  const dimensions = data.dimensions;
  let sum = 0;
  for (let d = 0; d < dimensions; d++) {
    const deviation = observations[row * dimensions + d] - centres[state * dimensions + d];
    sum += (deviation * deviation) / data.variances[d];
  }
  return sum;
}

function assignNearest(
  observations: Float64Array,
  centres: Float64Array,
  states: number,
  data: DataSummary,
  work: InitializationWorkspace,
): void {
  for (let t = 0; t < data.length; t++) {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let k = 0; k < states; k++) {
      const distance = scaledDistance(observations, t, centres, k, data);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = k;
      }
    }
    work.assignments[t] = best;
  }
}

/** Cluster means into `means` and cluster variances into `variances`; an empty (or single-row) cluster gets the data's mean (variance). */
function clusterStatistics(
  observations: Float64Array,
  states: number,
  data: DataSummary,
  work: InitializationWorkspace,
  means: Float64Array,
  variances: Float64Array,
): void {
  const { length, dimensions } = data;
  const counts = work.counts;
  counts.fill(0);
  const sums = variances; // accumulate sums of values here first, then overwrite with variances
  sums.fill(0);
  for (let t = 0; t < length; t++) {
    const k = work.assignments[t];
    counts[k]++;
    for (let d = 0; d < dimensions; d++) sums[k * dimensions + d] += observations[t * dimensions + d];
  }
  for (let k = 0; k < states; k++)
    for (let d = 0; d < dimensions; d++)
      means[k * dimensions + d] = counts[k] > 0 ? sums[k * dimensions + d] / counts[k] : data.means[d];
  variances.fill(0);
  for (let t = 0; t < length; t++) {
    const k = work.assignments[t];
    for (let d = 0; d < dimensions; d++) {
      const deviation = observations[t * dimensions + d] - means[k * dimensions + d];
      variances[k * dimensions + d] += deviation * deviation;
    }
  }
  for (let k = 0; k < states; k++)
    for (let d = 0; d < dimensions; d++)
      variances[k * dimensions + d] = counts[k] > 1 ? variances[k * dimensions + d] / counts[k] : data.variances[d];
}

function kMeansPlusPlus(
  observations: Float64Array,
  states: number,
  data: DataSummary,
  work: InitializationWorkspace,
  random: SeededRandom,
  means: Float64Array,
): void {
  const { length, dimensions } = data;
  const first = Math.min(length - 1, Math.floor(random.next() * length));
  for (let d = 0; d < dimensions; d++) means[d] = observations[first * dimensions + d];
  const distances = work.distances;
  for (let t = 0; t < length; t++) distances[t] = scaledDistance(observations, t, means, 0, data);
  for (let k = 1; k < states; k++) {
    let total = 0;
    for (let t = 0; t < length; t++) total += distances[t];
    let chosen = length - 1;
    if (total > 0) {
      let target = random.next() * total;
      for (let t = 0; t < length; t++) {
        target -= distances[t];
        if (target < 0) {
          chosen = t;
          break;
        }
      }
    } else chosen = Math.min(length - 1, Math.floor(random.next() * length));
    for (let d = 0; d < dimensions; d++) means[k * dimensions + d] = observations[chosen * dimensions + d];
    for (let t = 0; t < length; t++) {
      const distance = scaledDistance(observations, t, means, k, data);
      if (distance < distances[t]) distances[t] = distance;
    }
  }
}

/** Assigns each row to the equally populated bin of `keys[t]` it falls in (ties go to the lower bin). */
function quantileAssignments(keys: Float64Array, states: number, length: number, work: InitializationWorkspace): void {
  const sorted = work.sortedFirstDimension;
  sorted.set(keys.subarray(0, length));
  sorted.sort();
  for (let t = 0; t < length; t++) {
    const value = keys[t];
    let state = 0;
    // Bin k holds the values up to the (k+1)/states quantile.
    while (state < states - 1 && value > sorted[Math.floor(((state + 1) * length) / states) - 1]) state++;
    work.assignments[t] = state;
  }
}

/**
 * Fills `parameters` with a seeded starting point: emissions from `kind`'s clustering, then
 * jittered; uniform start probabilities; a sticky transition matrix (stay 0.9) with jittered
 * entries. Variances are floored at `varianceFloors`.
 */
export function initializeParameters(
  observations: Float64Array,
  states: number,
  data: DataSummary,
  kind: HmmInitialization,
  random: SeededRandom,
  varianceFloors: Float64Array,
  work: InitializationWorkspace,
  parameters: HmmParameterBuffers,
): void {
  const { dimensions } = data;
  const { means, variances, transitions, startProbabilities } = parameters;
  if (kind === HmmInitialization.Quantile || kind === HmmInitialization.Volatility) {
    const keys = work.distances;
    const centre = data.means[0];
    let sum = 0;
    for (let t = 0; t < data.length; t++) {
      const value = observations[t * dimensions];
      if (kind === HmmInitialization.Quantile) keys[t] = value;
      else {
        // Trailing mean of |x − mean| over the last VOLATILITY_WINDOW rows (fewer at the start).
        sum += Math.abs(value - centre);
        if (t >= VOLATILITY_WINDOW) sum -= Math.abs(observations[(t - VOLATILITY_WINDOW) * dimensions] - centre);
        keys[t] = sum / Math.min(t + 1, VOLATILITY_WINDOW);
      }
    }
    quantileAssignments(keys, states, data.length, work);
    clusterStatistics(observations, states, data, work, means, variances);
  } else {
    kMeansPlusPlus(observations, states, data, work, random, means);
    for (let iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
      assignNearest(observations, means, states, data, work);
      clusterStatistics(observations, states, data, work, means, variances);
    }
  }
  for (let k = 0; k < states; k++)
    for (let d = 0; d < dimensions; d++) {
      const index = k * dimensions + d;
      const deviation = Math.sqrt(data.variances[d]);
      means[index] += (2 * random.next() - 1) * MEAN_JITTER * deviation;
      const variance = variances[index] * Math.exp((2 * random.next() - 1) * SCALE_JITTER);
      variances[index] = variance > varianceFloors[d] ? variance : varianceFloors[d];
    }
  const leave = states > 1 ? (1 - INITIAL_STAY_PROBABILITY) / (states - 1) : 0;
  for (let i = 0; i < states; i++) {
    let rowSum = 0;
    for (let j = 0; j < states; j++) {
      const base = states === 1 ? 1 : i === j ? INITIAL_STAY_PROBABILITY : leave;
      rowSum += transitions[i * states + j] = base * Math.exp((2 * random.next() - 1) * SCALE_JITTER);
    }
    for (let j = 0; j < states; j++) transitions[i * states + j] /= rowSum;
  }
  startProbabilities.fill(1 / states);
}
