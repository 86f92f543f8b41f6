import { normalCdf, normalQuantile } from './normal-distribution.ts';

/** The Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649015329;

/** Options of {@link probabilisticSharpe}: a Sharpe ratio and the shape of the returns behind it. */
export interface ProbabilisticSharpeOptions {
  /** Observed Sharpe ratio per period (not annualized): mean / stdev of the period returns. */
  readonly sharpe: number;
  /** The benchmark Sharpe ratio per period it is tested against. */
  readonly benchmark: number;
  /** Number of returns T behind `sharpe` (≥ 2). */
  readonly observations: number;
  /** Skewness γ₃ of the returns (0 for a normal sample). */
  readonly skewness: number;
  /** Kurtosis γ₄ of the returns, not excess (3 for a normal sample). */
  readonly kurtosis: number;
}

/**
 * The probabilistic Sharpe ratio (Bailey and López de Prado, 2012): the probability that the true
 * Sharpe ratio exceeds `benchmark`, given the observed one, the number of returns and their
 * skewness and kurtosis:
 * PSR = Φ((SR − SR*) √(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4 · SR²)).
 * Fewer than 2 observations, or a non-positive variance term, give 0 (no evidence).
 */
export function probabilisticSharpe(options: ProbabilisticSharpeOptions): number {
  const { sharpe, benchmark, observations, skewness, kurtosis } = options;
  if (!(observations >= 2)) return 0;
  const variance = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(variance > 0)) return 0;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(variance));
}

/**
 * The Sharpe ratio per period that the best of `trials` independent trials would show by luck
 * alone when every true Sharpe ratio is 0, with `sharpeVariance` the variance of the trials'
 * Sharpe ratios (Bailey and López de Prado, 2014, the "false strategy" theorem):
 * SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))), γ the Euler–Mascheroni constant.
 * One trial has nothing to select among: 0.
 */
export function expectedMaximumSharpe(trials: number, sharpeVariance: number): number {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be an integer >= 1, got ${trials}`);
  if (!(sharpeVariance >= 0)) throw new RangeError(`sharpeVariance must be >= 0, got ${sharpeVariance}`);
  if (trials === 1) return 0;
  return (
    Math.sqrt(sharpeVariance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

/** Options of {@link deflatedSharpe}. */
export interface DeflatedSharpeOptions {
  /** The selected (best) trial's Sharpe ratio per period, not annualized. */
  readonly sharpe: number;
  /** Number of trials the selection was made among (every parameter set tried). */
  readonly trials: number;
  /** Variance of the trials' Sharpe ratios per period. */
  readonly sharpeVariance: number;
  /** Returns behind the selected Sharpe ratio. */
  readonly observations: number;
  readonly skewness: number;
  /** Not excess: 3 for normal returns. */
  readonly kurtosis: number;
}

/** The deflated Sharpe ratio and the benchmark it was deflated to. */
export interface DeflatedSharpe {
  /** Probability that the selected strategy's true Sharpe ratio is above zero after the selection. */
  readonly probability: number;
  /** SR₀: the best Sharpe ratio per period expected from luck among the trials. */
  readonly benchmark: number;
}

/**
 * The deflated Sharpe ratio (Bailey and López de Prado, 2014): the probabilistic Sharpe ratio of
 * the selected trial against the maximum Sharpe ratio expected by luck among all trials. Values
 * near 1 say the edge survives the search; near 0.5 or below, the best result is what a search of
 * that size finds in noise. Independent trials are assumed; correlated parameter sets make the
 * effective number smaller, so the figure is conservative for a dense grid.
 */
export function deflatedSharpe(options: DeflatedSharpeOptions): DeflatedSharpe {
  const benchmark = expectedMaximumSharpe(options.trials, options.sharpeVariance);
  return {
    benchmark,
    probability: probabilisticSharpe({
      sharpe: options.sharpe,
      benchmark,
      observations: options.observations,
      skewness: options.skewness,
      kurtosis: options.kurtosis,
    }),
  };
}
