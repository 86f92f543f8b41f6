import type { AllocationHistory } from '../../core/kernel/index.ts';
import { formatTimestamp } from '../../core/model/time.ts';
import { csvText as csv } from '../files/csv-text.ts';
import type { BacktestRun } from './run-backtest.ts';

/** summary.json's `allocation`: the method, the number of changes, the starting and final shares by strategy id. */
export function allocationSummary(history: AllocationHistory): Record<string, unknown> {
  const byId = (weights: readonly number[]) => Object.fromEntries(history.strategyIds.map((id, i) => [id, weights[i]]));
  return {
    method: history.method,
    changes: history.changes.length,
    initial_weights: byId(history.initialWeights),
    final_weights: byId(history.changes.at(-1)?.after ?? history.initialWeights),
  };
}

/**
 * `allocation.csv`: one row for the start (the first bar's open, the starting shares) and one per
 * change (its time, the shares after it, each strategy's return over the period that ended,
 * the risk policy version that holds them). The weights of every row sum to 1.
 */
export function allocationCsv(run: BacktestRun): string {
  const history = run.result.allocation as AllocationHistory;
  const ids = history.strategyIds;
  const start = run.data.series.length > 0 ? run.data.series.timestamp[0] : undefined;
  const rows: (readonly unknown[])[] = [
    [
      start === undefined ? '' : formatTimestamp(start),
      'start',
      history.method,
      1,
      ...history.initialWeights,
      ...ids.map(() => undefined),
    ],
  ];
  for (const change of history.changes)
    rows.push([
      formatTimestamp(change.timestamp),
      'rebalance',
      change.method,
      change.policyVersion,
      ...change.after,
      ...change.periodReturns,
    ]);
  return csv(
    [
      'timestamp',
      'event',
      'method',
      'policy_version',
      ...ids.map((id) => `weight_${id}`),
      ...ids.map((id) => `return_${id}`),
    ],
    rows,
  );
}

/** `strategy_pnl.csv`: each strategy's realized, unrealized, fees and net PnL, fills and traded notional. */
export function strategyPnlCsv(run: BacktestRun): string {
  return csv(
    ['strategy_id', 'realized_pnl', 'unrealized_pnl', 'fees', 'net_pnl', 'fills', 'traded_notional'],
    run.result.strategyPnl.map((p) => [
      p.strategyId,
      p.realizedPnl,
      p.unrealizedPnl,
      p.fees,
      p.netPnl,
      p.fills,
      p.tradedNotional,
    ]),
  );
}

/**
 * The report's settings rows of a `strategies:` run: the allocation, and per strategy its name,
 * parameters, starting and final share and net PnL (the report shows them in its settings table).
 */
export function strategySettings(run: BacktestRun): Record<string, string> {
  const history = run.result.allocation;
  const out: Record<string, string> = {};
  if (history !== undefined) {
    const every = run.config.allocation?.rebalance ?? '1d';
    out.allocation = `${history.method}, rebalanced every ${typeof every === 'number' ? `${every} bars` : every}, ${history.changes.length} changes`;
  }
  const final = history?.changes.at(-1)?.after ?? history?.initialWeights;
  const percent = (w: number | undefined) => (w === undefined ? '?' : `${(w * 100).toFixed(1)}%`);
  for (const [i, s] of (run.strategies ?? []).entries()) {
    const pnl = run.result.strategyPnl.find((p) => p.strategyId === s.id)?.netPnl ?? 0;
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    out[`strategy ${s.id}`] =
      `${s.name}; share ${percent(history?.initialWeights[i])} → ${percent(final?.[i])}; net PnL ${pnl.toFixed(2)}; ${params}`;
  }
  return out;
}
