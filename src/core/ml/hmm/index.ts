/** Gaussian hidden Markov models: fitting, decoding, online filtering, regime labels, JSON. */
export { type FitGaussianHmmOptions, fitGaussianHmm, type GaussianHmmFit } from './fit-gaussian-hmm.ts';
export { createGaussianHmm, type GaussianHmm, type GaussianHmmParameters } from './gaussian-hmm.ts';
export { filterProbabilities, HmmFilter } from './hmm-filter.ts';
export { GAUSSIAN_HMM_FORMAT, type GaussianHmmJson, gaussianHmmFromJson, gaussianHmmToJson } from './hmm-json.ts';
export { HmmInitialization } from './initialization.ts';
export { labelRegimes, Regime, type RegimeLabel } from './label-regimes.ts';
export { type SimulatedHmmPath, simulateGaussianHmm } from './simulate-gaussian-hmm.ts';
export { type ViterbiPath, viterbi } from './viterbi.ts';
