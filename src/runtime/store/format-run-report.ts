import { alignTable } from '../files/align-table.ts';
import { isoTime, runJson } from './format-runs-table.ts';
import type { RunReport } from './run-report.ts';

/** A report as `runs show --json` prints it: snake_case keys, times as ISO text beside epoch ms. */
export function runReportJson(report: RunReport) {
  const snapshot = report.latestSnapshot;
  return {
    run: runJson(report.run),
    counts: {
      orders: report.orders,
      orders_by_status: report.ordersByStatus,
      fills: report.fills,
      events: report.events,
      risk_events: report.riskEvents,
      llm_decisions: report.llmDecisions,
    },
    positions: report.openPositions.map((p) => ({
      instrument_id: p.instrumentId,
      strategy_id: p.strategyId,
      quantity: p.quantity,
      average_entry_price: p.averageEntryPrice,
      realized_pnl: p.realizedPnl,
      updated_at: isoTime(p.updatedAt),
      updated_at_ms: p.updatedAt,
    })),
    latest_snapshot:
      snapshot === undefined
        ? null
        : {
            sequence: snapshot.sequence,
            timestamp: isoTime(snapshot.timestamp),
            timestamp_ms: snapshot.timestamp,
            cash: snapshot.cash,
            equity: snapshot.equity,
            gross_exposure: snapshot.grossExposure,
            net_exposure: snapshot.netExposure,
            drawdown: snapshot.drawdown,
          },
    last_events: report.lastEvents.map((e) => ({
      sequence: e.sequence,
      timestamp: isoTime(e.timestamp),
      timestamp_ms: e.timestamp,
      type: e.type,
    })),
  };
}

/** Indents every line of a block by two spaces (sections of the report). */
function indent(block: string): string {
  return block
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/**
 * The `runs show` text: header, counts, non-zero positions, the latest portfolio snapshot and the
 * newest events. Money is printed as stored (the currency's minor units, ADR 0001).
 */
export function formatRunReport(report: RunReport): string {
  const { run } = report;
  const statuses = Object.entries(report.ordersByStatus);
  const lines = [
    `run ${run.runId}`,
    `  mode            ${run.mode}`,
    `  status          ${run.status}`,
    `  started (UTC)   ${isoTime(run.startedAt)}`,
    `  ended (UTC)     ${isoTime(run.endedAt)}`,
    `  config          ${run.configVersion} (hash ${run.configHash})`,
    '',
    'counts',
    `  orders          ${report.orders}${statuses.length === 0 ? '' : ` (${statuses.map(([s, n]) => `${s} ${n}`).join(', ')})`}`,
    `  fills           ${report.fills}`,
    `  events          ${report.events}`,
    `  risk events     ${report.riskEvents}`,
    `  llm decisions   ${report.llmDecisions}`,
    '',
  ];
  if (report.openPositions.length === 0) lines.push('positions: none open', '');
  else
    lines.push(
      'positions',
      indent(
        alignTable(
          ['instrument', 'strategy', 'quantity', 'avg entry', 'realized pnl', 'updated (UTC)'],
          report.openPositions.map((p) => [
            p.instrumentId,
            p.strategyId,
            String(p.quantity),
            String(p.averageEntryPrice),
            String(p.realizedPnl),
            isoTime(p.updatedAt),
          ]),
          new Set([2, 3, 4]),
        ),
      ),
      '',
    );
  const snapshot = report.latestSnapshot;
  if (snapshot === undefined) lines.push('latest snapshot: none', '');
  else
    lines.push(
      `latest snapshot (sequence ${snapshot.sequence}, ${isoTime(snapshot.timestamp)})`,
      `  cash            ${snapshot.cash}`,
      `  equity          ${snapshot.equity}`,
      `  gross exposure  ${snapshot.grossExposure}`,
      `  net exposure    ${snapshot.netExposure}`,
      `  drawdown        ${(snapshot.drawdown * 100).toFixed(2)}%`,
      '',
    );
  if (report.lastEvents.length === 0) lines.push('last events: none');
  else
    lines.push(
      `last ${report.lastEvents.length} events`,
      indent(
        alignTable(
          ['sequence', 'time (UTC)', 'type'],
          report.lastEvents.map((e) => [String(e.sequence), isoTime(e.timestamp), e.type]),
          new Set([0]),
        ),
      ),
    );
  return `${lines.join('\n')}\n`;
}
