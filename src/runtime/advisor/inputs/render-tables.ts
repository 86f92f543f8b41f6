import { RISK_LIMIT_NAMES } from '../../../core/risk/risk-limits.ts';
import {
  cell,
  compactNumber,
  fixed,
  markdownTable,
  optionalFixed,
  optionalPercent,
  percent,
  utcTime,
} from './format-cells.ts';
import type { Cut, MetricsRow, TablesModel } from './tables-model.ts';

const METRICS_HEADER = [
  'id',
  'state',
  'paused',
  'sharpe',
  'sortino',
  'trades',
  'hit',
  'turnover',
  'pnl',
  'realized',
  'fees',
  'open',
  'exposure',
  'dd',
  'max_dd',
  'slip_bps',
  'model_bps',
  'risk_ev',
];

function metricsCells(row: MetricsRow, model: TablesModel): string[] {
  const f = row.figures;
  const money = (value: number) => fixed(value, model.moneyDecimals);
  const cells = [
    cell(row.id, 40),
    row.state,
    row.paused,
    optionalFixed(f.sharpe, 2),
    optionalFixed(f.sortino, 2),
    String(row.trades),
    optionalPercent(row.hitRate, 0),
    fixed(row.turnover, 2),
    money(f.pnl),
    money(f.realized),
    money(f.fees),
    money(f.open),
    percent(row.exposure),
    percent(f.drawdown),
    percent(f.maxDrawdown),
    optionalFixed(f.realizedSlippageBps, 1),
    optionalFixed(f.modelledSlippageBps, 1),
    String(row.riskEvents),
  ];
  if (model.regimeColumn) cells.push(cell(row.regime ?? 'n/a', 20));
  return cells;
}

/** The strategy rows a cut keeps: the `kept` worst by current drawdown (then window max, then id), in table order. */
export function keptStrategies(model: TablesModel, kept: number): MetricsRow[] {
  if (kept >= model.strategies.length) return [...model.strategies];
  const worst = [...model.strategies]
    .sort(
      (a, b) =>
        b.figures.drawdown - a.figures.drawdown ||
        b.figures.maxDrawdown - a.figures.maxDrawdown ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, kept);
  return model.strategies.filter((row) => worst.includes(row));
}

/** The lines `_truncated: …_` and the `truncation` entries a cut makes, by section. */
export function truncationNotes(
  model: TablesModel,
  cut: Cut,
): { risk?: string; parameters?: string; limits?: string; legend?: string; strategies?: string } {
  const shown = model.risk.rows.length;
  const params = model.policy.parameters.length;
  const strategies = model.strategies.length;
  return {
    ...(cut.riskEvents < shown
      ? {
          risk:
            cut.riskEvents === 0
              ? `risk events: left out all ${model.risk.total} in the window`
              : `risk events: kept the ${cut.riskEvents} most recent of ${model.risk.total} in the window`,
        }
      : {}),
    ...(cut.parameters < params ? { parameters: `policy parameters: kept ${cut.parameters} of ${params} rows` } : {}),
    ...(cut.limits ? {} : { limits: 'policy limits: left out' }),
    ...(cut.legend ? {} : { legend: 'column notes: left out' }),
    ...(cut.strategies < strategies
      ? {
          strategies:
            cut.strategies === 0
              ? `strategies: left out all ${strategies} (the account row stays)`
              : `strategies: kept the ${cut.strategies} worst by drawdown of ${strategies}`,
        }
      : {}),
  };
}

const marker = (note: string | undefined): string[] => (note === undefined ? [] : [`_truncated: ${note}_`]);

/** The tables as markdown text under a cut (the account row and the header are always there). */
export function renderTables(model: TablesModel, cut: Cut): string {
  const notes = truncationNotes(model, cut);
  const lines: string[] = [...model.header, '', '## Metrics'];
  const header = model.regimeColumn ? [...METRICS_HEADER, 'regime'] : METRICS_HEADER;
  const rows = [model.account, ...keptStrategies(model, cut.strategies)].map((row) => metricsCells(row, model));
  lines.push(...markdownTable(header, rows), ...marker(notes.strategies));
  if (cut.legend) lines.push(...model.legend);
  else lines.push(...marker(notes.legend));

  lines.push('');
  const risk = model.risk;
  if (risk.total === 0) lines.push('## Risk events: none in the window');
  else {
    const kept = risk.rows.slice(risk.rows.length - cut.riskEvents);
    const shown =
      kept.length === 0
        ? `${risk.total} in the window`
        : `${kept.length === risk.total ? 'all' : `the ${kept.length} most recent`} of ${risk.total} in the window, oldest first`;
    lines.push(`## Risk events: ${shown}`);
    if (kept.length > 0)
      lines.push(
        ...markdownTable(
          ['time', 'kind', 'scope', 'reason'],
          kept.map((r) => [utcTime(r.time), cell(r.kind, 30), cell(r.scope, 40), cell(r.reason)]),
        ),
      );
    lines.push(...marker(notes.risk));
  }

  lines.push('');
  const policy = model.policy;
  lines.push(`## Policy v${policy.version} (${policy.origin})`);
  if (cut.limits)
    lines.push(`limits: ${RISK_LIMIT_NAMES.map((name) => `${name} ${compactNumber(policy.limits[name])}`).join(', ')}`);
  else lines.push(...marker(notes.limits));
  lines.push(`paused: ${policy.paused.length === 0 ? 'none' : policy.paused.map((p) => cell(p, 60)).join(', ')}`);
  if (policy.presets.length > 0) lines.push(`presets: ${policy.presets.map((p) => cell(p, 60)).join(', ')}`);
  if (policy.parameters.length === 0) lines.push('parameters: none');
  else {
    const kept = policy.parameters.slice(0, cut.parameters);
    if (kept.length > 0)
      lines.push(
        ...markdownTable(
          ['strategy', 'parameter', 'value'],
          kept.map((p) => [cell(p.strategy, 40), cell(p.name, 40), compactNumber(p.value)]),
        ),
      );
    lines.push(...marker(notes.parameters));
  }
  return `${lines.join('\n')}\n`;
}
