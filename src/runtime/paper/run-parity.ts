import type { BacktestResult } from '../../core/kernel/index.ts';
import { formatTimestamp } from '../../core/model/time.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import type { PaperConfig } from './paper-config.ts';
import { runPaper } from './run-paper.ts';

/** One difference between the backtest and the paper node. */
export interface Drift {
  /** What differs: `orders`, `fills`, `final`. */
  readonly kind: 'orders' | 'fills' | 'final';
  /** Which item (order id, fill number, quantity name). */
  readonly item: string;
  readonly backtest: unknown;
  readonly paper: unknown;
}

export interface ParityReport {
  readonly from: string;
  readonly to: string;
  readonly bars: { readonly backtest: number; readonly paper: number };
  readonly orders: { readonly backtest: number; readonly paper: number };
  readonly fills: { readonly backtest: number; readonly paper: number };
  readonly final: Readonly<Record<string, { readonly backtest: number; readonly paper: number }>>;
  /** Every difference found (at most `maxDrift` listed; `driftCount` counts them all). */
  readonly drift: readonly Drift[];
  readonly driftCount: number;
}

export interface RunParityOptions {
  readonly baseDir: string;
  /** Test only: changes the paper side's config (e.g. a different fee) to show that drift is caught. */
  readonly alterPaperConfig?: (config: BacktestConfig) => BacktestConfig;
  /** Differences listed (default 50). */
  readonly maxDrift?: number;
}

/**
 * Runs the backtest and the paper node (replay at max speed, cold: no warm-up, as a backtest
 * starts) over [from, to) of one config's data, and compares them: every order (id, side, type,
 * quantity, prices, status, filled quantity, average price, times), every fill (time, side,
 * quantity, price, fee), and the final cash, equity, positions, realized and unrealized PnL and
 * fees. Values are compared exactly: both sides run the same code on the same bars.
 */
export async function runParity(
  config: Readonly<BacktestConfig>,
  paper: PaperConfig,
  range: { readonly from: string | number; readonly to: string | number },
  options: RunParityOptions,
): Promise<ParityReport> {
  const period = { ...config.period, from: range.from, to: range.to } as BacktestConfig['period'];
  const backtestConfig = { ...config, period } as BacktestConfig;
  const backtest = await runBacktest(backtestConfig, { baseDir: options.baseDir });
  const paperConfigured = options.alterPaperConfig?.(structuredClone(backtestConfig)) ?? backtestConfig;
  const session = await runPaper(paperConfigured, paper, {
    baseDir: options.baseDir,
    replay: true,
    from: range.from,
    to: range.to,
    speed: Number.POSITIVE_INFINITY,
    warmupBars: 0,
  });
  const a = backtest.result;
  const b = session.run.result;
  const drift: Drift[] = [];
  // The final state first: the headline of a drift report, before the orders and fills behind it.
  const final = finals(a, b);
  for (const [item, values] of Object.entries(final))
    if (!same(values.backtest, values.paper)) drift.push({ kind: 'final', item, ...values });
  compareOrders(a, b, drift);
  compareFills(a, b, drift);
  const maxDrift = options.maxDrift ?? 50;
  return {
    from: String(range.from),
    to: String(range.to),
    bars: { backtest: a.barsProcessed, paper: b.barsProcessed },
    orders: { backtest: a.orders.length, paper: b.orders.length },
    fills: { backtest: a.fills.length, paper: b.fills.length },
    final,
    drift: drift.slice(0, maxDrift),
    driftCount: drift.length,
  };
}

/** The numbers compared at the end of both runs, flattened to `name: value`. */
function finalNumbers(result: BacktestResult): Record<string, number> {
  const numbers: Record<string, number> = {
    final_equity: result.finalEquity,
    realized_pnl: result.realizedPnl,
    unrealized_pnl: result.unrealizedPnl,
    fees_paid: result.feesPaid,
    traded_notional: result.tradedNotional,
  };
  for (const [code, value] of Object.entries(result.finalCash ?? {})) numbers[`cash ${code}`] = value;
  for (const [id, value] of Object.entries(result.finalPositions ?? {})) numbers[`position ${id}`] = value;
  return numbers;
}

function finals(a: BacktestResult, b: BacktestResult): Record<string, { backtest: number; paper: number }> {
  const left = finalNumbers(a);
  const right = finalNumbers(b);
  const out: Record<string, { backtest: number; paper: number }> = {};
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
    out[key] = { backtest: left[key] ?? Number.NaN, paper: right[key] ?? Number.NaN };
  return out;
}

/** Exact equality, NaN equal to NaN (an absent value on both sides). */
function same(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || a === b;
}

function compareOrders(a: BacktestResult, b: BacktestResult, drift: Drift[]): void {
  const fields = [
    'strategyId',
    'side',
    'type',
    'quantity',
    'price',
    'triggerPrice',
    'status',
    'filledQuantity',
    'averageFillPrice',
    'createdAt',
    'updatedAt',
    'reason',
  ] as const;
  const paper = new Map(b.orders.map((o) => [o.clientOrderId, o]));
  for (const order of a.orders) {
    const other = paper.get(order.clientOrderId);
    paper.delete(order.clientOrderId);
    if (other === undefined) {
      drift.push({ kind: 'orders', item: order.clientOrderId, backtest: 'present', paper: 'missing' });
      continue;
    }
    for (const field of fields)
      if (!same(order[field], other[field]))
        drift.push({
          kind: 'orders',
          item: `${order.clientOrderId} ${field}`,
          backtest: order[field],
          paper: other[field],
        });
  }
  for (const id of paper.keys()) drift.push({ kind: 'orders', item: id, backtest: 'missing', paper: 'present' });
}

function compareFills(a: BacktestResult, b: BacktestResult, drift: Drift[]): void {
  const n = Math.max(a.fills.length, b.fills.length);
  for (let i = 0; i < n; i++) {
    const x = a.fills[i];
    const y = b.fills[i];
    if (x === undefined || y === undefined) {
      drift.push({
        kind: 'fills',
        item: `#${i + 1}`,
        backtest: x === undefined ? 'missing' : describeFill(x),
        paper: y === undefined ? 'missing' : describeFill(y),
      });
      continue;
    }
    for (const field of ['clientOrderId', 'timestamp', 'side', 'lastQuantity', 'lastPrice', 'fee', 'tradeId'] as const)
      if (!same(x[field], y[field]))
        drift.push({
          kind: 'fills',
          item: `#${i + 1} ${x.clientOrderId} ${field}`,
          backtest: x[field],
          paper: y[field],
        });
  }
}

function describeFill(fill: BacktestResult['fills'][number]): string {
  return `${formatTimestamp(fill.timestamp)} ${fill.side} ${fill.lastQuantity} @ ${fill.lastPrice} fee ${fill.fee}`;
}
