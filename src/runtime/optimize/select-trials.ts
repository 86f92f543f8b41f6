import { deflatedSharpe, returnMoments } from '../../core/analysis/index.ts';
import type { TrialOutcome } from './evaluate-trial.ts';
import type { Objective } from './optimize-config.ts';
import type { WindowMetrics } from './window-metrics.ts';

/** Training and test windows of one fold, as indices into the setup's window list. */
export interface FoldWindows {
  readonly train: number;
  readonly test: number;
}

/** The choice made on one fold's training window. */
export interface FoldSelection {
  /** Index of the selected trial, or undefined when no trial ran with `min_trades` trades. */
  readonly trial: number | undefined;
  /** Trials that ran (valid parameters) and were ranked: the N of the deflated Sharpe ratio. */
  readonly candidates: number;
  readonly objectiveValue: number | undefined;
  /** Deflated Sharpe ratio of the selection in its training window (probability and SR₀ per day). */
  readonly deflatedSharpe: number | undefined;
  readonly sharpeBenchmark: number | undefined;
}

/** A metric to maximize; every metric is finite (capped), so the comparison is total. */
export function objectiveOf(metrics: WindowMetrics, objective: Objective): number {
  return metrics[objective];
}

/**
 * Picks the trial with the best `objective` in the fold's training window among those that ran
 * with at least `minTrades` closed trades there and never wiped out the account (ties: the earlier trial, so the answer depends on
 * the trial order only), and deflates its Sharpe ratio by the number of trials ranked and the
 * spread of their Sharpe ratios.
 */
export function selectTrial(
  outcomes: readonly TrialOutcome[],
  fold: FoldWindows,
  options: { readonly objective: Objective; readonly minTrades: number },
): FoldSelection {
  let best: number | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  const sharpes: number[] = [];
  for (let t = 0; t < outcomes.length; t++) {
    const outcome = outcomes[t];
    if (!outcome.ok) continue;
    const metrics = outcome.windows[fold.train].metrics;
    sharpes.push(metrics.daily_sharpe);
    if (metrics.trades < options.minTrades || metrics.ruined === 1) continue;
    const value = objectiveOf(metrics, options.objective);
    if (best === undefined || value > bestValue) {
      best = t;
      bestValue = value;
    }
  }
  if (best === undefined)
    return {
      trial: undefined,
      candidates: sharpes.length,
      objectiveValue: undefined,
      deflatedSharpe: undefined,
      sharpeBenchmark: undefined,
    };
  const chosen = (outcomes[best] as Extract<TrialOutcome, { ok: true }>).windows[fold.train].metrics;
  const spread = returnMoments(sharpes);
  const deflated = deflatedSharpe({
    sharpe: chosen.daily_sharpe,
    trials: sharpes.length,
    sharpeVariance: spread.stdev * spread.stdev,
    observations: chosen.days,
    skewness: chosen.skewness,
    kurtosis: chosen.kurtosis,
  });
  return {
    trial: best,
    candidates: sharpes.length,
    objectiveValue: bestValue,
    deflatedSharpe: deflated.probability,
    sharpeBenchmark: deflated.benchmark,
  };
}
