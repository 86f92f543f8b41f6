import { riskLogRecord } from '../backtest/risk-log-jsonl.ts';
import type { BacktestRun } from '../backtest/run-backtest.ts';
import type { DecisionRecord, OrderRecord, RunRecords } from './run-records.ts';

/**
 * The records explanations need, taken from a finished run in memory (what runFiles writes to
 * orders.csv, fills.csv, equity.csv, risk.log.jsonl and log.jsonl), without parsing those texts
 * back: the backtest explains its run from the same numbers the files hold.
 */
export function recordsOfRun(run: BacktestRun, dir: string): RunRecords {
  const { result } = run;
  const orders = new Map<string, OrderRecord>();
  for (const o of result.orders)
    orders.set(o.clientOrderId, {
      clientOrderId: o.clientOrderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      createdAt: o.createdAt,
      reason: o.reason ?? '',
      tags: [...o.tags],
    });
  const fills = result.fills.map((f) => ({
    timestamp: f.timestamp,
    clientOrderId: f.clientOrderId,
    instrumentId: f.instrumentId,
    side: f.side,
    quantity: f.lastQuantity,
    price: f.lastPrice,
    fee: f.fee,
    slippage: f.slippage,
  }));
  const risk = result.riskEvents
    .map((event) => {
      const fields = riskLogRecord(event);
      return { timestamp: event.timestamp, event: fields.event as string, fields };
    })
    .sort((a, b) => a.timestamp - b.timestamp);
  const decisions: DecisionRecord[] = [];
  for (const line of run.log.lines) {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (typeof value.strategy === 'string' && typeof value.ts === 'number' && typeof value.event === 'string')
      decisions.push({ strategy: value.strategy, timestamp: value.ts, event: value.event });
  }
  return {
    dir,
    orders,
    fills,
    // The run's own arrays, not copies (10M bars are 160 MB); the drawdown is computed as equity.csv's.
    equity: result.equity,
    risk,
    decisions,
    initialEquity: result.initialEquity,
  };
}
