import { METRIC_CAP, type PerformanceMetrics } from '../../core/analysis/index.ts';
import { escapeHtml } from './escape-html.ts';
import { formatDate, formatDuration, formatNumber, formatPercent } from './format-value.ts';

type Format = (value: number) => string;

/** A capped (would-be-infinite) metric shows as ∞. */
const capped =
  (format: Format): Format =>
  (value) =>
    value >= METRIC_CAP ? '∞' : value <= -METRIC_CAP ? '-∞' : format(value);

const percent = capped((value) => formatPercent(value));
const ratio = capped((value) => formatNumber(value, 2));
const amount = capped((value) => formatNumber(value, 2));

/** Display order, labels and formats of the metrics; every metric appears once. */
const ROWS: ReadonlyArray<readonly [keyof PerformanceMetrics, string, Format]> = [
  ['total_return', 'Total return', percent],
  ['cagr', 'CAGR', percent],
  ['annualized_volatility', 'Annualized volatility', percent],
  ['sharpe', 'Sharpe ratio', ratio],
  ['sortino', 'Sortino ratio', ratio],
  ['calmar', 'Calmar ratio', ratio],
  ['max_drawdown', 'Max drawdown', percent],
  ['max_drawdown_duration_ms', 'Max drawdown duration', formatDuration],
  ['turnover', 'Turnover', capped((value) => `${formatNumber(value, 2)}×`)],
  ['trades', 'Trades', (value) => formatNumber(value, 0)],
  ['hit_rate', 'Hit rate', percent],
  ['profit_factor', 'Profit factor', ratio],
  ['average_trade', 'Average trade', amount],
  ['exposure_time', 'Exposure time', percent],
  ['fees_paid', 'Fees paid', amount],
  ['start', 'Start (UTC)', (value) => formatDate(value)],
  ['end', 'End (UTC)', (value) => formatDate(value)],
];

/** Metrics as an HTML table of label/value pairs, `columns` pairs per row. */
export function renderMetricsTable(metrics: PerformanceMetrics, columns = 3): string {
  const cells = ROWS.map(
    ([key, label, format]) =>
      `<th scope="row">${escapeHtml(label)}</th><td data-metric="${key}">${escapeHtml(format(metrics[key]))}</td>`,
  );
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += columns) rows.push(`<tr>${cells.slice(i, i + columns).join('')}</tr>`);
  return `<table class="metrics"><tbody>${rows.join('')}</tbody></table>`;
}

/** Settings (strategy, symbol, parameters...) as a two-column table, in the caller's key order. */
export function renderSettingsTable(settings: Record<string, string | number | boolean>): string {
  const rows = Object.entries(settings).map(
    ([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(String(value))}</td></tr>`,
  );
  if (rows.length === 0) return '<p class="caption">No settings recorded.</p>';
  return `<table class="settings"><tbody>${rows.join('')}</tbody></table>`;
}
