import {
  filterProbabilities,
  fitGaussianHmm,
  type GaussianHmmFit,
  labelRegimes,
  type Regime,
  type RegimeLabel,
  viterbi,
} from '../../core/ml/hmm/index.ts';
import type { BarSeries } from '../../core/model/data.ts';

/** Observation features the regime model can use; `returns` (log return per bar) is always dimension 0. */
export const REGIME_FEATURES = ['returns', 'volatility'] as const;
export type RegimeFeature = (typeof REGIME_FEATURES)[number];

/** Options of {@link analyseRegimes}. */
export interface RegimeAnalysisOptions {
  /** Hidden states (≥ 1). */
  readonly states: number;
  /** `['returns']` (1-D) or `['returns', 'volatility']` (2-D). Default `['returns']`. */
  readonly features?: readonly RegimeFeature[];
  /** Bars in the rolling volatility window (≥ 2), used with the `volatility` feature. Default 20. */
  readonly volatilityWindow?: number;
  /** Baum–Welch restarts. Default 3. */
  readonly restarts?: number;
  /** Seed of the restarts. Default 1. */
  readonly seed?: number;
  /** Bars per year, to annualise the per-bar mean (× n) and σ (× √n). */
  readonly barsPerYear: number;
}

/** One state's fitted parameters, in the units of the observations (log return per bar). */
export interface RegimeState {
  readonly state: number;
  readonly label: Regime;
  /** Emission mean of the log return per bar. */
  readonly meanReturn: number;
  /** Emission standard deviation of the log return per bar. */
  readonly volatility: number;
  /** meanReturn × barsPerYear. */
  readonly annualMeanReturn: number;
  /** volatility × √barsPerYear. */
  readonly annualVolatility: number;
  /** Emission mean of the rolling-volatility feature (per bar), when that feature is used. */
  readonly meanRollingVolatility?: number;
  /** Share of time in this state in the long run (stationary distribution of the transition matrix). */
  readonly stationaryShare: number;
  /** Share of the modelled bars Viterbi assigns to this state. */
  readonly viterbiShare: number;
  /** Expected stay in bars, 1 / (1 − p_ii); +∞ for an absorbing state. */
  readonly expectedDuration: number;
}

/** A maximal stretch of consecutive modelled bars in one state. */
export interface RegimeRun {
  /** Index of the first and last bar of the run in the input series (inclusive). */
  readonly fromIndex: number;
  readonly toIndex: number;
  /** Open times (Unix ms) of the first and last bar. */
  readonly from: number;
  readonly to: number;
  readonly state: number;
  readonly label: Regime;
  readonly bars: number;
  /** Simple return over the run: close of its last bar / close of the bar before its first − 1. */
  readonly return: number;
}

/** Everything `tradewind regime` reports. */
export interface RegimeAnalysis {
  readonly features: readonly RegimeFeature[];
  readonly volatilityWindow: number;
  readonly barsPerYear: number;
  /** Index in the input series of the first modelled bar (the earlier ones have no observation). */
  readonly firstIndex: number;
  /** Modelled bars (= observation rows). */
  readonly rows: number;
  readonly model: GaussianHmmFit;
  readonly labels: readonly RegimeLabel[];
  readonly parameters: readonly RegimeState[];
  /** Viterbi state of each modelled bar (uses the whole series: hindsight). */
  readonly viterbiStates: Int32Array;
  /** Row-major P(state_t | bars ≤ t): what a strategy may use online. */
  readonly filtered: Float64Array;
  /** Most probable filtered state of each modelled bar. */
  readonly filteredStates: Int32Array;
  /** Share of modelled bars where the filter's most probable state equals Viterbi's. */
  readonly agreement: number;
  readonly viterbiRuns: readonly RegimeRun[];
  readonly filteredRuns: readonly RegimeRun[];
}

/** Smallest number of modelled bars per state accepted (fewer gives meaningless parameters). */
export const MIN_BARS_PER_STATE = 10;

/**
 * Observation rows from the bars: the log return of bar t (ln close_t / close_{t−1}), and with the
 * `volatility` feature the standard deviation (population) of the last `window` log returns up to
 * and including bar t — no bar after t is used. Row 0 is bar `firstIndex`.
 */
export function regimeObservations(
  series: BarSeries,
  features: readonly RegimeFeature[],
  window: number,
): { observations: Float64Array; firstIndex: number; dimensions: number } {
  const returns = new Float64Array(Math.max(0, series.length - 1));
  for (let t = 1; t < series.length; t++) returns[t - 1] = Math.log(series.close[t] / series.close[t - 1]);
  const withVolatility = features.includes('volatility');
  const dimensions = withVolatility ? 2 : 1;
  const skip = withVolatility ? window - 1 : 0;
  const rows = Math.max(0, returns.length - skip);
  const observations = new Float64Array(rows * dimensions);
  for (let row = 0; row < rows; row++) {
    const r = row + skip;
    observations[row * dimensions] = returns[r];
    if (!withVolatility) continue;
    let sum = 0;
    for (let i = r - window + 1; i <= r; i++) sum += returns[i];
    const mean = sum / window;
    let squares = 0;
    for (let i = r - window + 1; i <= r; i++) squares += (returns[i] - mean) ** 2;
    observations[row * dimensions + 1] = Math.sqrt(squares / window);
  }
  return { observations, firstIndex: 1 + skip, dimensions };
}

/** Stationary distribution π = πP of a row-stochastic matrix, by Gaussian elimination with partial pivoting. */
export function stationaryDistribution(transitions: Float64Array, states: number): Float64Array {
  // Solve (Pᵀ − I) π = 0 with the last equation replaced by Σπ = 1.
  const n = states;
  const a = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * (n + 1) + j] = i === n - 1 ? 1 : transitions[j * n + i] - (i === j ? 1 : 0);
    a[i * (n + 1) + n] = i === n - 1 ? 1 : 0;
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r * (n + 1) + col]) > Math.abs(a[pivot * (n + 1) + col])) pivot = r;
    if (pivot !== col)
      for (let c = 0; c <= n; c++) {
        const swap = a[col * (n + 1) + c];
        a[col * (n + 1) + c] = a[pivot * (n + 1) + c];
        a[pivot * (n + 1) + c] = swap;
      }
    const diagonal = a[col * (n + 1) + col];
    if (diagonal === 0) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r * (n + 1) + col] / diagonal;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r * (n + 1) + c] -= factor * a[col * (n + 1) + c];
    }
  }
  const pi = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const diagonal = a[i * (n + 1) + i];
    pi[i] = diagonal === 0 ? 0 : Math.max(0, a[i * (n + 1) + n] / diagonal);
    total += pi[i];
  }
  // A reducible chain has no unique answer: fall back to uniform rather than report NaN.
  for (let i = 0; i < n; i++) pi[i] = total > 0 ? pi[i] / total : 1 / n;
  return pi;
}

/** Runs of equal consecutive states; `states[row]` belongs to bar `firstIndex + row`. */
export function regimeRuns(
  series: BarSeries,
  states: Int32Array,
  firstIndex: number,
  labels: readonly RegimeLabel[],
): RegimeRun[] {
  const runs: RegimeRun[] = [];
  let start = 0;
  for (let row = 1; row <= states.length; row++) {
    if (row < states.length && states[row] === states[start]) continue;
    const fromIndex = firstIndex + start;
    const toIndex = firstIndex + row - 1;
    const state = states[start];
    runs.push({
      fromIndex,
      toIndex,
      from: series.timestamp[fromIndex],
      to: series.timestamp[toIndex],
      state,
      label: labels[state].regime,
      bars: row - start,
      return: series.close[toIndex] / series.close[fromIndex - 1] - 1,
    });
    start = row;
  }
  return runs;
}

/**
 * Fits a Gaussian HMM to the bars' log returns (optionally with a rolling volatility), labels its
 * states bull / bear / range, decodes the whole series with Viterbi (hindsight) and filters it
 * online (no look-ahead), and summarises both as runs. Deterministic under `seed`.
 *
 * Throws a RangeError naming the option when there are fewer than
 * {@link MIN_BARS_PER_STATE} × states modelled bars or an option is invalid.
 */
export function analyseRegimes(series: BarSeries, options: RegimeAnalysisOptions): RegimeAnalysis {
  const features = options.features ?? ['returns'];
  const volatilityWindow = options.volatilityWindow ?? 20;
  const { states, barsPerYear } = options;
  if (!Number.isInteger(states) || states < 1) throw new RangeError(`states must be an integer ≥ 1, got ${states}`);
  if (!Number.isInteger(volatilityWindow) || volatilityWindow < 2)
    throw new RangeError(`volatility window must be an integer ≥ 2, got ${volatilityWindow}`);
  if (!(barsPerYear > 0 && Number.isFinite(barsPerYear)))
    throw new RangeError(`bars per year must be positive, got ${barsPerYear}`);
  if (features[0] !== 'returns') throw new RangeError(`features must start with 'returns', got ${features.join(',')}`);
  for (let i = 0; i < series.length; i++)
    if (!(series.close[i] > 0)) throw new RangeError(`bar ${i} has a close of ${series.close[i]}: not positive`);
  const { observations, firstIndex, dimensions } = regimeObservations(series, features, volatilityWindow);
  const rows = observations.length / dimensions;
  const needed = MIN_BARS_PER_STATE * states;
  if (rows < needed)
    throw new RangeError(`states ${states} needs at least ${needed} modelled bars; ${series.length} bars give ${rows}`);
  const model = fitGaussianHmm(observations, {
    states,
    dimensions,
    restarts: options.restarts,
    seed: options.seed,
  });
  const labels = labelRegimes(model);
  const viterbiStates = viterbi(model, observations).states;
  const filtered = filterProbabilities(model, observations);
  const filteredStates = new Int32Array(rows);
  let agreeing = 0;
  const counts = new Float64Array(states);
  for (let t = 0; t < rows; t++) {
    let best = 0;
    for (let k = 1; k < states; k++) if (filtered[t * states + k] > filtered[t * states + best]) best = k;
    filteredStates[t] = best;
    if (best === viterbiStates[t]) agreeing++;
    counts[viterbiStates[t]]++;
  }
  const stationary = stationaryDistribution(model.transitions, states);
  const parameters: RegimeState[] = labels.map((label, k) => ({
    state: k,
    label: label.regime,
    meanReturn: label.mean,
    volatility: label.volatility,
    annualMeanReturn: label.mean * barsPerYear,
    annualVolatility: label.volatility * Math.sqrt(barsPerYear),
    ...(dimensions === 2 ? { meanRollingVolatility: model.means[k * 2 + 1] } : {}),
    stationaryShare: stationary[k],
    viterbiShare: counts[k] / rows,
    expectedDuration: 1 / (1 - model.transitions[k * states + k]),
  }));
  return {
    features,
    volatilityWindow,
    barsPerYear,
    firstIndex,
    rows,
    model,
    labels,
    parameters,
    viterbiStates,
    filtered,
    filteredStates,
    agreement: agreeing / rows,
    viterbiRuns: regimeRuns(series, viterbiStates, firstIndex, labels),
    filteredRuns: regimeRuns(series, filteredStates, firstIndex, labels),
  };
}
