import { stringify as toYaml } from 'yaml';
import { formatDate, formatNumber, formatPercent, renderTableReport } from '../../adapters/report/index.ts';
import type { TradePermutationResult } from '../../core/analysis/index.ts';
import { csvText } from '../files/csv-text.ts';
import type { OptimizationRun } from './run-optimization.ts';
import type { WindowMetrics } from './window-metrics.ts';

/** The window metrics in the results table, in column order. */
const METRICS = [
  'total_return',
  'sharpe',
  'sortino',
  'calmar',
  'max_drawdown',
  'trades',
  'hit_rate',
  'profit_factor',
  'average_trade',
  'ruined',
] as const satisfies readonly (keyof WindowMetrics)[];

/** Rows of the report's trial table per fold. */
const REPORT_ROWS = 20;

function windowTimes(run: OptimizationRun, index: number): { start: number; end: number } {
  const { timestamp } = run.baseline.data.series;
  const window = run.windows[index];
  return { start: timestamp[window.start], end: timestamp[window.end - 1] };
}

function permutationSummary(test: TradePermutationResult | undefined): Record<string, number> | undefined {
  if (test === undefined) return undefined;
  return {
    trades: test.trades,
    runs: test.runs,
    total_pnl: test.totalPnl,
    p_value: test.pValue,
    max_drawdown: test.maxDrawdown,
    max_drawdown_median: test.maxDrawdownMedian,
    max_drawdown_95: test.maxDrawdown95,
  };
}

/** `summary.json`: the search, each fold's selection with its in- and out-of-sample figures, the overfitting checks. */
export function optimizationSummary(run: OptimizationRun): Record<string, unknown> {
  const { optimize, outcomes, sets } = run;
  return {
    strategy: run.baseline.strategy.name,
    instrument: run.baseline.instrument.id,
    method: optimize.method,
    objective: optimize.objective,
    trials: sets.length,
    trials_run: outcomes.filter((o) => o.ok).length,
    seed: optimize.seed,
    baseline: {
      params: run.baseline.strategy.params,
      sharpe: run.baseline.metrics.sharpe,
      total_return: run.baseline.metrics.total_return,
    },
    folds: run.folds.map((fold, f) => {
      const selection = run.selections[f];
      const outcome = selection.trial === undefined ? undefined : outcomes[selection.trial];
      return {
        fold: f,
        train: windowTimes(run, fold.train),
        test: windowTimes(run, fold.test),
        selected_trial: selection.trial ?? null,
        params: selection.trial === undefined ? null : sets[selection.trial],
        candidates: selection.candidates,
        deflated_sharpe: selection.deflatedSharpe ?? null,
        sharpe_benchmark_daily: selection.sharpeBenchmark ?? null,
        in_sample: outcome?.ok ? outcome.windows[fold.train].metrics : null,
        out_of_sample: outcome?.ok ? outcome.windows[fold.test].metrics : null,
      };
    }),
    out_of_sample: {
      days: run.outOfSample.days,
      total_return: run.outOfSample.total_return,
      sharpe: run.outOfSample.sharpe,
      trades: run.outOfSample.trades,
    },
    permutation_test: {
      in_sample: permutationSummary(run.permutation.inSample) ?? null,
      out_of_sample: permutationSummary(run.permutation.outOfSample),
    },
  };
}

/** `results.csv`: one row per fold and trial: the parameters, in-sample and out-of-sample metrics, and why a trial did not run. */
export function resultsCsv(run: OptimizationRun): string {
  const names = Object.keys(run.optimize.parameters);
  const header = [
    'fold',
    'trial',
    ...names,
    'status',
    'selected',
    ...METRICS.map((m) => `is_${m}`),
    ...METRICS.map((m) => `oos_${m}`),
  ];
  const rows: unknown[][] = [];
  run.folds.forEach((fold, f) => {
    run.sets.forEach((set, t) => {
      const outcome = run.outcomes[t];
      const metrics = (w: number): unknown[] =>
        outcome.ok ? METRICS.map((m) => outcome.windows[w].metrics[m]) : METRICS.map(() => undefined);
      rows.push([
        f,
        t,
        ...names.map((n) => set[n]),
        outcome.ok ? 'ok' : `invalid: ${outcome.error}`,
        run.selections[f].trial === t,
        ...metrics(fold.train),
        ...metrics(fold.test),
      ]);
    });
  });
  return csvText(header, rows);
}

/** The HTML report: the search, the overfitting checks, the folds, and each fold's best trials. */
export function optimizationReport(run: OptimizationRun, runId: string, generatedAt: string): string {
  const summary = optimizationSummary(run);
  const names = Object.keys(run.optimize.parameters);
  const pct = (v: number) => formatPercent(v);
  const num = (v: number) => formatNumber(v, 2);
  const period = (w: number) => {
    const t = windowTimes(run, w);
    return `${formatDate(t.start, true)} → ${formatDate(t.end, true)}`;
  };
  const permutation = (label: string, test: TradePermutationResult | undefined) =>
    test === undefined
      ? {}
      : {
          [`${label}: trades`]: test.trades,
          [`${label}: p-value of the total PnL`]: formatNumber(test.pValue, 4),
          [`${label}: max drawdown as traded / median / 95% of reorderings`]: `${pct(test.maxDrawdown)} / ${pct(test.maxDrawdownMedian)} / ${pct(test.maxDrawdown95)}`,
        };
  const folds = run.folds.map((fold, f) => {
    const s = run.selections[f];
    const outcome = s.trial === undefined ? undefined : run.outcomes[s.trial];
    const is = outcome?.ok ? outcome.windows[fold.train].metrics : undefined;
    const oos = outcome?.ok ? outcome.windows[fold.test].metrics : undefined;
    return [
      String(f),
      period(fold.train),
      period(fold.test),
      s.trial === undefined ? 'none' : names.map((n) => `${n}=${run.sets[s.trial as number][n]}`).join(' '),
      is === undefined ? '–' : num(is.sharpe),
      oos === undefined ? '–' : num(oos.sharpe),
      oos === undefined ? '–' : pct(oos.total_return),
      s.deflatedSharpe === undefined ? '–' : formatNumber(s.deflatedSharpe, 3),
    ];
  });
  const trialTables = run.folds.map((fold, f) => {
    const ranked = run.outcomes
      .map((o, t) => ({ o, t }))
      .filter((x) => x.o.ok)
      .sort((a, b) => {
        const va = a.o.ok ? a.o.windows[fold.train].metrics[run.optimize.objective] : 0;
        const vb = b.o.ok ? b.o.windows[fold.train].metrics[run.optimize.objective] : 0;
        return vb - va || a.t - b.t;
      })
      .slice(0, REPORT_ROWS);
    const selected = new Set<number>();
    const rows = ranked.map(({ o, t }, i) => {
      if (t === run.selections[f].trial) selected.add(i);
      const w = o.ok ? o.windows : [];
      const is = w[fold.train].metrics;
      const oos = w[fold.test].metrics;
      return [
        String(t),
        ...names.map((n) => String(run.sets[t][n])),
        num(is.sharpe),
        pct(is.total_return),
        pct(is.max_drawdown),
        String(is.trades),
        num(oos.sharpe),
        pct(oos.total_return),
        pct(oos.max_drawdown),
        String(oos.trades),
      ];
    });
    return {
      heading: `Fold ${f}: the best ${rows.length} of ${run.selections[f].candidates} parameter sets in-sample`,
      caption: `Ranked by in-sample ${run.optimize.objective}; the selected row is highlighted (at least ${run.optimize.min_trades} trades in-sample). Every row is in results.csv.`,
      header: [
        'trial',
        ...names,
        'IS Sharpe',
        'IS return',
        'IS max DD',
        'IS trades',
        'OOS Sharpe',
        'OOS return',
        'OOS max DD',
        'OOS trades',
      ],
      rows,
      highlight: selected,
    };
  });
  return renderTableReport({
    title: `Optimization of ${summary.strategy} on ${summary.instrument}`,
    subtitle: `Run ${runId} · generated ${generatedAt} · ${run.optimize.method}, ${run.sets.length} parameter sets, objective ${run.optimize.objective}`,
    sections: [
      {
        heading: 'Out-of-sample record and overfitting checks',
        caption:
          'The out-of-sample record strings together each fold’s test window as traded by the parameters selected on the window before it. The deflated Sharpe ratio is the probability that the selection’s true Sharpe ratio is above zero after searching this many parameter sets; the permutation test flips the signs of the trades at random (p-value: how often luck matches the total PnL) and reorders them (the drawdowns a user should be ready for).',
        settings: {
          'out-of-sample days': run.outOfSample.days,
          'out-of-sample return': pct(run.outOfSample.total_return),
          'out-of-sample Sharpe ratio': num(run.outOfSample.sharpe),
          'out-of-sample trades': run.outOfSample.trades,
          'baseline (config parameters, all bars): Sharpe / return': `${num(run.baseline.metrics.sharpe)} / ${pct(run.baseline.metrics.total_return)}`,
          ...permutation('in-sample (last selection)', run.permutation.inSample),
          ...permutation('out-of-sample', run.permutation.outOfSample),
        },
      },
      {
        heading: 'Folds',
        header: [
          'fold',
          'in-sample',
          'out-of-sample',
          'selected parameters',
          'IS Sharpe',
          'OOS Sharpe',
          'OOS return',
          'deflated Sharpe',
        ],
        rows: folds,
      },
      ...trialTables,
      { heading: 'Search', settings: { ...flatten(run.optimize) } },
    ],
  });
}

function flatten(value: object): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean);
  return out;
}

/** Every file of an optimization's run directory, by name. */
export function optimizationFiles(run: OptimizationRun, runId: string, generatedAt: string): Record<string, string> {
  return {
    'summary.json': `${JSON.stringify(optimizationSummary(run), null, 2)}\n`,
    'results.csv': resultsCsv(run),
    'report.html': optimizationReport(run, runId, generatedAt),
    'config.yaml': toYaml({ ...run.config, optimize: run.optimize }),
  };
}
