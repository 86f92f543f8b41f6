import { formatTimestamp } from '../core/model/time.ts';
import type { RiskEventCounts } from '../runtime/backtest/risk-log-jsonl.ts';
import type { BacktestRun } from '../runtime/backtest/run-backtest.ts';

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const num = (x: number, digits = 2): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const days = (ms: number): string => `${(ms / 86_400_000).toFixed(1)} days`;

/** The metrics as an aligned two-column text table. */
export function formatMetricsTable(run: BacktestRun): string {
  const m = run.metrics;
  const r = run.result;
  const ccy = run.instrument.quoteCurrency.code;
  const rows: [string, string][] = [
    ['strategy', `${run.strategy.name} ${JSON.stringify(run.strategy.params)}`],
    [
      'instrument',
      `${run.instrument.id} ${run.data.timeframe}, ${r.barsProcessed.toLocaleString('en-US')} bars` +
        ('kind' in run.data ? ` built from ${r.ticksProcessed.toLocaleString('en-US')} ${run.data.kind}` : ''),
    ],
    ['period', `${formatTimestamp(run.data.series.timestamp[0] ?? 0)} → ${formatTimestamp(m.end)}`],
    ['initial equity', `${num(r.initialEquity)} ${ccy}`],
    ['final equity', `${num(r.finalEquity)} ${ccy}`],
    ['total return', pct(m.total_return)],
    ['CAGR', pct(m.cagr)],
    ['annualized volatility', pct(m.annualized_volatility)],
    ['Sharpe', num(m.sharpe)],
    ['Sortino', num(m.sortino)],
    ['Calmar', num(m.calmar)],
    ['max drawdown', pct(m.max_drawdown)],
    ['max drawdown duration', days(m.max_drawdown_duration_ms)],
    ['trades (round trips)', String(m.trades)],
    ['hit rate', pct(m.hit_rate)],
    ['profit factor', m.profit_factor >= Number.MAX_SAFE_INTEGER ? '∞' : num(m.profit_factor)],
    ['average trade', `${num(m.average_trade)} ${ccy}`],
    ['turnover', `${num(m.turnover)}×`],
    ['exposure time', pct(m.exposure_time)],
    ['fees paid', `${num(m.fees_paid)} ${ccy}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

/**
 * One line with the risk audit's counts, or undefined when there were no risk events:
 * `risk: 1 halt, 14 orders denied (17 risk events) — see risk.log.jsonl`. `logPath` is how the
 * line names the log.
 */
export function formatRiskSummary(counts: RiskEventCounts, logPath = 'risk.log.jsonl'): string | undefined {
  if (counts.risk_events === 0) return undefined;
  const plural = (n: number, one: string, many: string): string =>
    `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const halts = plural(counts.trading_halts, 'halt', 'halts');
  const denied = plural(counts.orders_denied, 'order denied', 'orders denied');
  const all = plural(counts.risk_events, 'risk event', 'risk events');
  return `risk: ${halts}, ${denied} (${all}) — see ${logPath}`;
}
