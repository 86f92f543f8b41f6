import { createGaussianHmm, type GaussianHmm } from './gaussian-hmm.ts';

/** Format tag of a saved model; bumped when the layout changes. */
export const GAUSSIAN_HMM_FORMAT = 'tradewind.gaussian-hmm.v1';

/** A model as plain JSON (arrays of numbers in the {@link GaussianHmm} layout). */
export interface GaussianHmmJson {
  readonly format: typeof GAUSSIAN_HMM_FORMAT;
  readonly states: number;
  readonly dimensions: number;
  readonly startProbabilities: number[];
  readonly transitions: number[];
  readonly means: number[];
  readonly variances: number[];
  /** null when the model was never fitted (JSON has no NaN). */
  readonly logLikelihood: number | null;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * The model as a JSON-ready object. `JSON.stringify` writes each double in its shortest
 * round-tripping form, so {@link gaussianHmmFromJson} restores the parameters bit for bit.
 */
export function gaussianHmmToJson(model: GaussianHmm): GaussianHmmJson {
  return {
    format: GAUSSIAN_HMM_FORMAT,
    states: model.states,
    dimensions: model.dimensions,
    startProbabilities: Array.from(model.startProbabilities),
    transitions: Array.from(model.transitions),
    means: Array.from(model.means),
    variances: Array.from(model.variances),
    logLikelihood: Number.isFinite(model.logLikelihood) ? model.logLikelihood : null,
    iterations: model.iterations,
    converged: model.converged,
  };
}

function numbers(source: Record<string, unknown>, key: string): number[] {
  const value = source[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number'))
    throw new TypeError(`gaussian hmm json: ${key} must be an array of numbers`);
  return value;
}

/**
 * Parses and validates a saved model (the object, or its JSON text). Throws a TypeError on a
 * wrong format tag or field type and a RangeError on invalid parameters (see createGaussianHmm).
 */
export function gaussianHmmFromJson(json: unknown): GaussianHmm {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (typeof value !== 'object' || value === null) throw new TypeError('gaussian hmm json: not an object');
  const source = value as Record<string, unknown>;
  if (source.format !== GAUSSIAN_HMM_FORMAT)
    throw new TypeError(`gaussian hmm json: format must be ${GAUSSIAN_HMM_FORMAT}, got ${String(source.format)}`);
  const { states, dimensions, logLikelihood, iterations, converged } = source;
  if (typeof states !== 'number' || typeof dimensions !== 'number' || typeof iterations !== 'number')
    throw new TypeError('gaussian hmm json: states, dimensions and iterations must be numbers');
  if (logLikelihood !== null && typeof logLikelihood !== 'number')
    throw new TypeError('gaussian hmm json: logLikelihood must be a number or null');
  if (typeof converged !== 'boolean') throw new TypeError('gaussian hmm json: converged must be a boolean');
  return createGaussianHmm({
    states,
    dimensions,
    startProbabilities: numbers(source, 'startProbabilities'),
    transitions: numbers(source, 'transitions'),
    means: numbers(source, 'means'),
    variances: numbers(source, 'variances'),
    logLikelihood: logLikelihood ?? Number.NaN,
    iterations,
    converged,
  });
}
