import { BacktestEngine, type BacktestEngineConfig, type BacktestResult } from '../../core/kernel/backtest-engine.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { Order } from '../../core/model/order.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';

/**
 * Test support for the built-in strategies (nothing in the engine imports it): one backtest of a
 * strategy on a bar series, and the pieces of a no-look-ahead check.
 */

/** A structured log line a strategy wrote. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  readonly fields: Record<string, unknown> | undefined;
}

export interface StrategyScenario {
  readonly result: BacktestResult;
  readonly logs: readonly LoggedLine[];
}

/** Runs `strategy` (id `id`) alone on `series` in a margin account of `startingCash` USD, seed 1. */
export function runStrategy(
  strategy: Strategy,
  options: {
    readonly series: BarSeries;
    readonly instrument: Instrument;
    readonly id?: string;
    readonly startingCash?: number;
    readonly config?: Partial<BacktestEngineConfig>;
  },
): StrategyScenario {
  const logs: LoggedLine[] = [];
  const line =
    (level: LoggedLine['level']) =>
    (event: string, fields?: Record<string, unknown>): void => {
      logs.push({ level, event, fields });
    };
  const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const engine = new BacktestEngine({
    startingCash: options.startingCash ?? 100_000,
    baseCurrency: 'USD',
    accountType: 'margin',
    seed: 1,
    logger,
    ...options.config,
  });
  engine.addInstrument(options.instrument);
  engine.addStrategy(strategy, options.id ?? 'S');
  engine.processBars(options.series);
  return { result: engine.finish(), logs };
}

/** The first `length` bars of `series` (a view, no copy). */
export function headOf(series: BarSeries, length: number): BarSeries {
  const n = Math.min(length, series.length);
  return {
    ...series,
    length: n,
    timestamp: series.timestamp.subarray(0, n),
    open: series.open.subarray(0, n),
    high: series.high.subarray(0, n),
    low: series.low.subarray(0, n),
    close: series.close.subarray(0, n),
    volume: series.volume.subarray(0, n),
  };
}

/**
 * A copy of `series` whose bars after `t` are changed: prices scaled by `factor` and volumes
 * tripled, except bar t + 1's open (an order sent at bar t's close fills there, so the orders the
 * strategy creates at that fill are still decided by then). Bars stay consistent (low ≤ open,
 * close ≤ high).
 */
export function perturbAfter(series: BarSeries, t: number, factor: number): BarSeries {
  const copy = (values: Float64Array) => Float64Array.from(values);
  const open = copy(series.open);
  const high = copy(series.high);
  const low = copy(series.low);
  const close = copy(series.close);
  const volume = copy(series.volume);
  for (let i = t + 1; i < series.length; i++) {
    if (i > t + 1) open[i] = open[i]! * factor;
    close[i] = close[i]! * factor;
    high[i] = Math.max(high[i]! * factor, open[i]!, close[i]!);
    low[i] = Math.min(low[i]! * factor, open[i]!, close[i]!);
    volume[i] = volume[i]! * 3;
  }
  return { ...series, timestamp: copy(series.timestamp), open, high, low, close, volume };
}

/** What must not change in an order when only later bars change: identity, kind, size, levels, time, tags. */
export function orderSignature(order: Order): string {
  return [
    order.clientOrderId,
    order.createdAt,
    order.side,
    order.type,
    order.quantity,
    order.price ?? '',
    order.triggerPrice ?? '',
    order.reduceOnly,
    order.tags.join('+'),
  ].join('|');
}

/** Signatures of the orders created at or before `time` (Unix ms), in creation order. */
export function ordersCreatedBy(result: BacktestResult, time: number): string[] {
  return result.orders.filter((o) => o.createdAt <= time).map(orderSignature);
}

/** Bar index by open time, to find a signal bar from an order's creation time. */
export function barIndexByTime(series: BarSeries): Map<number, number> {
  const index = new Map<number, number>();
  for (let i = 0; i < series.length; i++) index.set(series.timestamp[i]!, i);
  return index;
}
