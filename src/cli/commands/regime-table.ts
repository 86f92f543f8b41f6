import { formatTimestamp } from '../../core/model/time.ts';
import type { RegimeResult } from '../../runtime/ml/regime.ts';
import type { RegimeRun } from '../../runtime/ml/regime-analysis.ts';

/** Right-aligns every column but the first ones given as left-aligned; one line per row. */
function table(header: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`;
const number = (value: number) => (Number.isFinite(value) ? value.toPrecision(4) : '∞');

function timeline(title: string, runs: readonly RegimeRun[], limit: number): string[] {
  const shown = runs.slice(Math.max(0, runs.length - limit));
  const lines = [
    `${title}: ${runs.length} runs${shown.length < runs.length ? `, the last ${shown.length} (--runs, or --json for all)` : ''}`,
  ];
  const rows = shown.map((run) => [
    formatTimestamp(run.from),
    formatTimestamp(run.to),
    `${run.state} ${run.label}`,
    String(run.bars),
    percent(run.return),
  ]);
  lines.push(...table(['from', 'to', 'state', 'bars', 'return'], rows, 3).map((l) => `  ${l}`));
  return lines;
}

/**
 * The human report of `tradewind regime`: per-state parameters (per bar and annualised), the
 * transition matrix, the log-likelihood, and the last `runs` runs of the Viterbi (hindsight) and
 * filtered (online) timelines.
 */
export function formatRegimeReport(result: RegimeResult, runs: number): string {
  const { series, analysis } = result;
  const { model, parameters } = analysis;
  const volatilityFeature = analysis.features.includes('volatility');
  const lines = [
    `${series.instrumentId} ${series.timeframe} from ${result.source.kind} ${result.source.location}`,
    `${series.length} bars ${formatTimestamp(series.timestamp[0])} .. ${formatTimestamp(series.timestamp[series.length - 1])}, ` +
      `${analysis.rows} modelled; features ${analysis.features.join(',')}` +
      (volatilityFeature ? ` (window ${analysis.volatilityWindow} bars)` : '') +
      `; annualised with ${number(analysis.barsPerYear)} bars per year`,
    `log-likelihood ${model.logLikelihood.toFixed(2)} after ${model.iterations} iterations` +
      `${model.converged ? ' (converged)' : ' (iteration limit)'}, best of ${model.restartLogLikelihoods.length} restarts`,
    '',
  ];
  const header = ['state', 'label', 'mean/bar', 'σ/bar', 'mean/yr', 'σ/yr'];
  if (volatilityFeature) header.push('rolling σ');
  header.push('stationary', 'viterbi', 'duration');
  const rows = parameters.map((p) => {
    const cells = [
      String(p.state),
      p.label,
      number(p.meanReturn),
      number(p.volatility),
      percent(p.annualMeanReturn, 1),
      percent(p.annualVolatility, 1),
    ];
    if (volatilityFeature) cells.push(number(p.meanRollingVolatility ?? Number.NaN));
    cells.push(percent(p.stationaryShare, 1), percent(p.viterbiShare, 1), `${number(p.expectedDuration)} bars`);
    return cells;
  });
  lines.push(...table(header, rows, 2), '');
  const states = model.states;
  const transitionRows = parameters.map((p) => [
    `${p.state} ${p.label}`,
    ...Array.from(model.transitions.subarray(p.state * states, (p.state + 1) * states), (v) => v.toFixed(4)),
  ]);
  lines.push(
    'transitions (row: from, column: to)',
    ...table(['from \\ to', ...parameters.map((p) => `${p.state} ${p.label}`)], transitionRows).map((l) => `  ${l}`),
    '',
  );
  const last = analysis.filtered.subarray((analysis.rows - 1) * states);
  lines.push(
    `now (filtered, last bar): ${parameters.map((p) => `${p.label} ${percent(last[p.state], 1)}`).join(', ')}; ` +
      `filter agrees with viterbi on ${percent(analysis.agreement, 1)} of bars`,
    '',
  );
  lines.push(...timeline('viterbi timeline (whole series, hindsight)', analysis.viterbiRuns, runs), '');
  lines.push(...timeline('filtered timeline (online, no look-ahead)', analysis.filteredRuns, runs));
  return `${lines.join('\n')}\n`;
}
