import { SeededRandom } from '../../kernel/random.ts';
import {
  BaumWelchWorkspace,
  copyParameters,
  createParameterBuffers,
  expectationStep,
  type HmmParameterBuffers,
  maximizationStep,
} from './baum-welch.ts';
import { createGaussianHmm, type GaussianHmm, requireObservations } from './gaussian-hmm.ts';
import { HmmInitialization, InitializationWorkspace, initializeParameters, summarizeData } from './initialization.ts';

/** Options of {@link fitGaussianHmm}. */
export interface FitGaussianHmmOptions {
  /** Hidden states (≥ 1). */
  readonly states: number;
  /** Values per observation row (1 = scalar series such as log returns). Default 1. */
  readonly dimensions?: number;
  /** Independent Baum–Welch runs from different seeded starts; the best likelihood wins. Default 3. */
  readonly restarts?: number;
  /** Re-estimations per restart at most. Default 200. */
  readonly maxIterations?: number;
  /**
   * A restart stops when one re-estimation raises the log-likelihood by less than
   * `tolerance × rows` (the tolerance is per observation, so it means the same for any length).
   * Default 1e-7.
   */
  readonly tolerance?: number;
  /** Seed of the restarts' starting points (restart r derives its own stream from it). Default 1. */
  readonly seed?: number;
  /**
   * Smallest variance any state may take, in squared observation units, the same for every
   * dimension. Default: 1e-4 × each dimension's sample variance (keeps a state from collapsing
   * onto a few identical values, e.g. the zero returns of a quiet market).
   */
  readonly varianceFloor?: number;
  /** How restarts start (see {@link HmmInitialization}). Default `volatility` (the fastest to converge on return series). */
  readonly initialization?: HmmInitialization;
}

/** A fitted model plus the trace of the winning restart. */
export interface GaussianHmmFit extends GaussianHmm {
  /** Log-likelihood before each re-estimation of the winning restart, then of the returned parameters: non-decreasing. */
  readonly logLikelihoodHistory: Float64Array;
  /** Final log-likelihood of every restart, in restart order (−∞ for a restart that broke down). */
  readonly restartLogLikelihoods: Float64Array;
  /** Re-estimations run by every restart, in restart order (the fit's cost is their sum plus one evaluation each). */
  readonly restartIterations: Int32Array;
  /** Index of the winning restart (the first of equals). */
  readonly bestRestart: number;
}

const DEFAULTS = { restarts: 3, maxIterations: 200, tolerance: 1e-7, seed: 1, relativeVarianceFloor: 1e-4 } as const;

/** Derives restart r's seed from the fit's seed (a fixed odd multiplier spreads the streams). */
function restartSeed(seed: number, restart: number): number {
  return (seed + Math.imul(restart, 0x9e3779b1)) >>> 0;
}

interface RestartResult {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  historyLength: number;
}

/**
 * One Baum–Welch run from `parameters` (updated in place). The parameters returned are exactly
 * those whose likelihood is reported: the loop evaluates, then stops or re-estimates. If an
 * evaluation breaks down numerically (−∞ after a finite value) the previous parameters are kept.
 */
function runBaumWelch(
  observations: Float64Array,
  parameters: HmmParameterBuffers,
  previous: HmmParameterBuffers,
  workspace: BaumWelchWorkspace,
  varianceFloors: Float64Array,
  maxIterations: number,
  minimumGain: number,
  history: Float64Array,
): RestartResult {
  let last = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  for (;;) {
    const logLikelihood = expectationStep(observations, parameters, workspace);
    if (logLikelihood === Number.NEGATIVE_INFINITY || Number.isNaN(logLikelihood)) {
      if (iterations === 0)
        return { logLikelihood: Number.NEGATIVE_INFINITY, iterations, converged: false, historyLength: 0 };
      copyParameters(previous, parameters);
      return { logLikelihood: last, iterations: iterations - 1, converged: false, historyLength: iterations };
    }
    history[iterations] = logLikelihood;
    if (iterations > 0 && logLikelihood - last < minimumGain)
      return { logLikelihood, iterations, converged: true, historyLength: iterations + 1 };
    if (iterations === maxIterations)
      return { logLikelihood, iterations, converged: false, historyLength: iterations + 1 };
    last = logLikelihood;
    copyParameters(parameters, previous);
    maximizationStep(observations, parameters, workspace, varianceFloors);
    iterations++;
  }
}

function requirePositiveInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum)
    throw new RangeError(`fitGaussianHmm: ${name} must be an integer ≥ ${minimum}, got ${value}`);
}

/**
 * Fits a Gaussian HMM (diagonal covariances) to row-major `observations` by Baum–Welch with
 * scaled forward–backward, from `restarts` seeded starting points, and returns the restart with
 * the highest log-likelihood. Deterministic: the same data, options and seed give bit-identical
 * parameters. Memory O(rows × states); time O(iterations × rows × states²) per restart.
 *
 * Throws a RangeError on a non-finite observation, fewer rows than states, or invalid options.
 */
export function fitGaussianHmm(observations: Float64Array, options: FitGaussianHmmOptions): GaussianHmmFit {
  const states = options.states;
  const dimensions = options.dimensions ?? 1;
  const restarts = options.restarts ?? DEFAULTS.restarts;
  const maxIterations = options.maxIterations ?? DEFAULTS.maxIterations;
  const tolerance = options.tolerance ?? DEFAULTS.tolerance;
  const seed = options.seed ?? DEFAULTS.seed;
  const initialization = options.initialization ?? HmmInitialization.Volatility;
  requirePositiveInteger('states', states, 1);
  requirePositiveInteger('dimensions', dimensions, 1);
  requirePositiveInteger('restarts', restarts, 1);
  requirePositiveInteger('maxIterations', maxIterations, 0);
  if (!(tolerance >= 0)) throw new RangeError(`fitGaussianHmm: tolerance must be ≥ 0, got ${tolerance}`);
  if (!Number.isInteger(seed)) throw new RangeError(`fitGaussianHmm: seed must be an integer, got ${seed}`);
  if (!Object.values(HmmInitialization).includes(initialization))
    throw new RangeError(`fitGaussianHmm: unknown initialization ${String(initialization)}`);
  if (options.varianceFloor !== undefined && !(options.varianceFloor > 0 && Number.isFinite(options.varianceFloor)))
    throw new RangeError(`fitGaussianHmm: varianceFloor must be positive, got ${options.varianceFloor}`);
  const length = requireObservations(observations, dimensions, 'fitGaussianHmm');
  if (length < states) throw new RangeError(`fitGaussianHmm: ${length} rows cannot fit ${states} states`);

  const data = summarizeData(observations, length, dimensions);
  const varianceFloors = new Float64Array(dimensions);
  for (let d = 0; d < dimensions; d++) {
    const floor = options.varianceFloor ?? DEFAULTS.relativeVarianceFloor * data.variances[d];
    // A constant dimension has zero variance: fall back to a tiny floor on its scale so densities stay finite.
    varianceFloors[d] = floor > 0 ? floor : 1e-12 * Math.max(1, data.means[d] * data.means[d]);
  }

  const workspace = new BaumWelchWorkspace(length, states, dimensions);
  const initWork = new InitializationWorkspace(length, states);
  const current = createParameterBuffers(states, dimensions);
  const previous = createParameterBuffers(states, dimensions);
  const best = createParameterBuffers(states, dimensions);
  const history = new Float64Array(maxIterations + 1);
  const restartLogLikelihoods = new Float64Array(restarts);
  const restartIterations = new Int32Array(restarts);
  let bestResult: RestartResult | undefined;
  let bestHistory = new Float64Array(0);
  let bestRestart = -1;
  const minimumGain = tolerance * length;
  for (let restart = 0; restart < restarts; restart++) {
    const random = new SeededRandom(restartSeed(seed, restart));
    initializeParameters(observations, states, data, initialization, random, varianceFloors, initWork, current);
    const result = runBaumWelch(
      observations,
      current,
      previous,
      workspace,
      varianceFloors,
      maxIterations,
      minimumGain,
      history,
    );
    restartLogLikelihoods[restart] = result.logLikelihood;
    restartIterations[restart] = result.iterations;
    if (bestResult === undefined || result.logLikelihood > bestResult.logLikelihood) {
      if (result.logLikelihood === Number.NEGATIVE_INFINITY) continue;
      bestResult = result;
      bestRestart = restart;
      bestHistory = history.slice(0, result.historyLength);
      copyParameters(current, best);
    }
  }
  if (bestResult === undefined)
    throw new RangeError('fitGaussianHmm: every restart broke down (an observation is impossible under every start)');
  const model = createGaussianHmm({
    states,
    dimensions,
    ...best,
    logLikelihood: bestResult.logLikelihood,
    iterations: bestResult.iterations,
    converged: bestResult.converged,
  });
  return Object.freeze({
    ...model,
    logLikelihoodHistory: bestHistory,
    restartLogLikelihoods,
    restartIterations,
    bestRestart,
  });
}
