import { returnMoments, type TradePermutationResult, tradePermutationTest } from '../../core/analysis/index.ts';
import { walkForwardFolds } from '../../core/ml/walk-forward/index.ts';
import type { StrategyClass } from '../../core/strategy/strategy.ts';
import { type BacktestRun, runBacktest } from '../backtest/run-backtest.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import type { TrialOutcome } from './evaluate-trial.ts';
import type { OptimizeConfig } from './optimize-config.ts';
import { gridParameterSets, type ParameterSet, randomParameterSets } from './parameter-space.ts';
import { type FoldSelection, type FoldWindows, selectTrial } from './select-trials.ts';
import { shareBarSeries } from './shared-bar-series.ts';
import type { BarWindow } from './window-metrics.ts';
import { startWorkerPool, type WorkerPool } from './worker-pool.ts';

/** The out-of-sample record of the selections, fold after fold. */
export interface OutOfSampleRecord {
  readonly days: number;
  /** Compounded over the stitched daily returns. */
  readonly total_return: number;
  /** Annualized from the stitched daily returns. */
  readonly sharpe: number;
  readonly trades: number;
  readonly dailyReturns: Float64Array;
  readonly tradePnls: Float64Array;
}

/** Everything a search produced, in trial order (independent of the number of workers). */
export interface OptimizationRun {
  readonly config: Readonly<BacktestConfig>;
  readonly optimize: Readonly<OptimizeConfig>;
  /** The config's own parameters, backtested over every bar: what the search is compared with. */
  readonly baseline: BacktestRun;
  readonly windows: readonly BarWindow[];
  readonly folds: readonly FoldWindows[];
  readonly sets: readonly ParameterSet[];
  readonly outcomes: readonly TrialOutcome[];
  readonly selections: readonly FoldSelection[];
  readonly outOfSample: OutOfSampleRecord;
  /** Permutation tests of the last fold's selected trades in-sample, and of the stitched out-of-sample trades. */
  readonly permutation: { readonly inSample?: TradePermutationResult; readonly outOfSample: TradePermutationResult };
  /** Trading days a year of the instrument (365 crypto, 252 equities). */
  readonly periodsPerYear: number;
}

export interface RunOptimizationOptions {
  readonly baseDir: string;
  /** Worker threads; default the config's `workers`, else every core. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The folds of a search over `bars` bars: grid and random search have one, in-sample the first
 * `in_sample` share and out-of-sample the rest; walk-forward has `folds` test windows of equal
 * length after a first training window of that share, each trained on the bars before it
 * (rolling: as many as the first; expanding: all).
 */
export function optimizationFolds(
  bars: number,
  optimize: Readonly<OptimizeConfig>,
): { windows: BarWindow[]; folds: FoldWindows[] } {
  const trainSize = Math.floor(bars * optimize.in_sample);
  if (trainSize < 1 || trainSize >= bars)
    throw new ConfigError(`optimize.in_sample ${optimize.in_sample} of ${bars} bars leaves an empty window`);
  const ranges =
    optimize.method === 'walk_forward'
      ? walkForwardFolds({
          rows: bars,
          trainSize,
          testSize: Math.floor((bars - trainSize) / optimize.folds),
          mode: optimize.window,
        })
      : [{ train: { start: 0, end: trainSize }, test: { start: trainSize, end: bars } }];
  if (ranges.length === 0 || ranges[0].test.end <= ranges[0].test.start)
    throw new ConfigError(
      `optimize: ${bars} bars are too few for ${optimize.folds} walk-forward folds after ${trainSize} in-sample bars`,
    );
  const windows: BarWindow[] = [];
  const indexOf = (w: BarWindow): number => {
    const found = windows.findIndex((x) => x.start === w.start && x.end === w.end);
    if (found >= 0) return found;
    windows.push({ start: w.start, end: w.end });
    return windows.length - 1;
  };
  return { windows, folds: ranges.map((r) => ({ train: indexOf(r.train), test: indexOf(r.test) })) };
}

/** The parameter sets of the search, in trial order; a grid keeps combinations the strategy refuses (they do not run). */
function parameterSets(optimize: Readonly<OptimizeConfig>, isValid: (set: ParameterSet) => boolean): ParameterSet[] {
  const search = optimize.method === 'walk_forward' ? (optimize.search ?? defaultSearch(optimize)) : optimize.method;
  try {
    return search === 'grid'
      ? gridParameterSets(optimize.parameters, optimize.max_trials)
      : randomParameterSets(optimize.parameters, { trials: optimize.trials, seed: optimize.seed, isValid });
  } catch (error) {
    throw new ConfigError(`optimize.parameters: ${(error as Error).message}`);
  }
}

function defaultSearch(optimize: Readonly<OptimizeConfig>): 'grid' | 'random' {
  return Object.values(optimize.parameters).every((r) => 'values' in r || r.step !== undefined) ? 'grid' : 'random';
}

/**
 * Runs a parameter search: backtests the config as given (the baseline, which also loads the
 * bars once), shares the bars with the worker threads, evaluates every parameter set in one pass
 * over all bars, selects on each fold's training window and judges the selection on the window
 * after it, then tests the selections for luck (deflated Sharpe ratio, permutation tests).
 * Deterministic: the same config and seed give the same result with any number of workers.
 */
export async function runOptimization(
  config: Readonly<BacktestConfig>,
  optimize: Readonly<OptimizeConfig>,
  options: RunOptimizationOptions,
): Promise<OptimizationRun> {
  if (config.strategy === undefined)
    throw new ConfigError(
      "optimize searches the parameters of one strategy: give 'strategy:' (a 'strategies:' list is for running several on one account)",
    );
  // The workers load the engine while this thread reads the bars and runs the baseline.
  const pool = startWorkerPool(options.workers ?? optimize.workers);
  try {
    return await search(config, optimize, options, pool);
  } finally {
    await pool.close();
  }
}

async function search(
  config: Readonly<BacktestConfig>,
  optimize: Readonly<OptimizeConfig>,
  options: RunOptimizationOptions,
  pool: WorkerPool,
): Promise<OptimizationRun> {
  const baseline = await runBacktest(config, { baseDir: options.baseDir });
  if ('kind' in baseline.data)
    throw new ConfigError(
      `data.path: ${baseline.data.path} holds ${baseline.data.kind}; \`tradewind optimize\` runs on bars (tick files run with \`tradewind backtest\`)`,
    );
  const schema = (baseline.strategy.strategy.constructor as StrategyClass).parameters;
  for (const name of Object.keys(optimize.parameters))
    if (schema !== undefined && !(name in baseline.strategy.params))
      throw new ConfigError(
        `optimize.parameters: '${name}' is not a parameter of strategy '${baseline.strategy.name}' (${Object.keys(baseline.strategy.params).join(', ')})`,
      );
  const refusal = (set: ParameterSet): string | undefined => {
    if (schema === undefined) return undefined;
    try {
      schema.parse({ ...baseline.strategy.params, ...set });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const series = baseline.data.series;
  const { windows, folds } = optimizationFolds(series.length, optimize);
  const sets = parameterSets(optimize, (set) => refusal(set) === undefined);
  const runnable: number[] = [];
  const outcomes = new Array<TrialOutcome>(sets.length);
  sets.forEach((set, i) => {
    const reason = refusal(set);
    if (reason === undefined) runnable.push(i);
    else outcomes[i] = { ok: false, error: reason.replace(/\s+/g, ' ') };
  });
  const evaluated = await pool.evaluate(
    {
      config: config as BacktestConfig,
      baseDir: options.baseDir,
      instrument: baseline.instrument,
      series: shareBarSeries(series),
      events: baseline.events,
      windows,
    },
    runnable.map((i) => sets[i]),
    options.onProgress,
  );
  runnable.forEach((trial, k) => {
    outcomes[trial] = evaluated[k];
  });
  const selections = folds.map((fold) =>
    selectTrial(outcomes, fold, { objective: optimize.objective, minTrades: optimize.min_trades }),
  );
  const periodsPerYear = baseline.instrument.kind === 'equity' ? 252 : 365;
  const outOfSample = stitchOutOfSample(outcomes, folds, selections, periodsPerYear);
  const permutationOptions = {
    runs: optimize.permutations,
    seed: optimize.seed,
    initialEquity: config.account.starting_cash,
  };
  const last = folds.length - 1;
  const lastChoice = selections[last].trial;
  const lastOutcome = lastChoice === undefined ? undefined : outcomes[lastChoice];
  return {
    config,
    optimize,
    baseline,
    windows,
    folds,
    sets,
    outcomes,
    selections,
    outOfSample,
    permutation: {
      inSample: lastOutcome?.ok
        ? tradePermutationTest(lastOutcome.windows[folds[last].train].tradePnls, permutationOptions)
        : undefined,
      outOfSample: tradePermutationTest(outOfSample.tradePnls, permutationOptions),
    },
    periodsPerYear,
  };
}

/** Each fold's test window of its selected trial, one after the other; a fold without a selection stays flat (no returns, no trades). */
function stitchOutOfSample(
  outcomes: readonly TrialOutcome[],
  folds: readonly FoldWindows[],
  selections: readonly FoldSelection[],
  periodsPerYear: number,
): OutOfSampleRecord {
  const daily: number[] = [];
  const pnls: number[] = [];
  folds.forEach((fold, f) => {
    const trial = selections[f].trial;
    if (trial === undefined) return;
    const outcome = outcomes[trial];
    if (!outcome.ok) return;
    const test = outcome.windows[fold.test];
    daily.push(...test.dailyReturns);
    pnls.push(...test.tradePnls);
  });
  const moments = returnMoments(daily);
  let growth = 1;
  for (const r of daily) growth *= 1 + r;
  return {
    days: daily.length,
    total_return: growth - 1,
    sharpe: moments.stdev > 0 ? (moments.mean / moments.stdev) * Math.sqrt(periodsPerYear) : 0,
    trades: pnls.length,
    dailyReturns: Float64Array.from(daily),
    tradePnls: Float64Array.from(pnls),
  };
}
