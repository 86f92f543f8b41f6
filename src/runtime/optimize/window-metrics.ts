import { computePerformance, dailyReturns, type RoundTrip, returnMoments } from '../../core/analysis/index.ts';
import type { BacktestResult } from '../../core/kernel/index.ts';

/** Bars [start, end) of the series: one in-sample or out-of-sample window of a run. */
export interface BarWindow {
  readonly start: number;
  readonly end: number;
}

/** The figures of one window of a run, all finite numbers. */
export interface WindowMetrics {
  readonly total_return: number;
  /** Annualized from daily returns, as in a backtest's summary. */
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly max_drawdown: number;
  /** Round trips closed in the window. */
  readonly trades: number;
  readonly hit_rate: number;
  readonly profit_factor: number;
  readonly average_trade: number;
  /** Daily returns in the window, and their Sharpe ratio per day, skewness and kurtosis (for the deflated Sharpe ratio). */
  readonly days: number;
  readonly daily_sharpe: number;
  readonly skewness: number;
  readonly kurtosis: number;
  /** 1 when the account's equity was at or below zero in the window (or before it): never selected. */
  readonly ruined: number;
}

/** A window's metrics with the series behind them: daily returns and the PnL of each trade. */
export interface WindowResult {
  readonly metrics: WindowMetrics;
  readonly dailyReturns: Float64Array;
  readonly tradePnls: Float64Array;
}

/**
 * The metrics of bars [start, end) of one continuous run: the equity marks of those bars, based
 * on the mark before the window (the initial equity for the first), and the round trips that
 * closed after the previous window's last mark up to this window's last. The run is one pass
 * over every bar, so a window's first trades can have entered before it: the strategy was
 * running, as it would have been live.
 */
export function windowResult(result: BacktestResult, window: BarWindow, periodsPerYear: number): WindowResult {
  const { timestamps, equity, length } = result.equity;
  if (!(window.start >= 0 && window.start < window.end && window.end <= length))
    throw new RangeError(`window [${window.start}, ${window.end}) is outside the run's ${length} equity marks`);
  const baseEquity = window.start === 0 ? result.initialEquity : equity[window.start - 1];
  const after = window.start === 0 ? Number.NEGATIVE_INFINITY : timestamps[window.start - 1];
  const until = timestamps[window.end - 1];
  const trips: RoundTrip[] = result.roundTrips.filter((t) => t.exitTime > after && t.exitTime <= until);
  let fees = 0;
  let notional = 0;
  for (const t of trips) {
    fees += t.fees;
    notional += t.quantity * (t.entryPrice + t.exitPrice);
  }
  let ruined = baseEquity <= 0 ? 1 : 0;
  for (let i = window.start; i < window.end && ruined === 0; i++) if (equity[i] <= 0) ruined = 1;
  if (baseEquity <= 0) return ruinedWindow(trips);
  const performance = computePerformance({
    timestamps: timestamps.subarray(window.start, window.end),
    equity: equity.subarray(window.start, window.end),
    length: window.end - window.start,
    initialEquity: baseEquity,
    periodsPerYear,
    roundTrips: trips,
    feesPaid: fees,
    tradedNotional: notional,
    barsInMarket: 0,
  });
  const daily = dailyReturns({ timestamps, equity, start: window.start, end: window.end, baseEquity });
  const moments = returnMoments(daily);
  return {
    metrics: {
      total_return: performance.total_return,
      sharpe: performance.sharpe,
      sortino: performance.sortino,
      calmar: performance.calmar,
      max_drawdown: performance.max_drawdown,
      trades: performance.trades,
      hit_rate: performance.hit_rate,
      profit_factor: performance.profit_factor,
      average_trade: performance.average_trade,
      days: moments.count,
      daily_sharpe: moments.stdev > 0 ? moments.mean / moments.stdev : 0,
      skewness: moments.skewness,
      kurtosis: moments.kurtosis,
      ruined,
    },
    dailyReturns: daily,
    tradePnls: Float64Array.from(trips, (t) => t.pnl),
  };
}

/** A window that starts with the account already wiped out: no return to measure, flagged ruined. */
function ruinedWindow(trips: readonly RoundTrip[]): WindowResult {
  return {
    metrics: {
      total_return: -1,
      sharpe: 0,
      sortino: 0,
      calmar: 0,
      max_drawdown: 1,
      trades: trips.length,
      hit_rate: trips.length === 0 ? 0 : trips.filter((t) => t.pnl > 0).length / trips.length,
      profit_factor: 0,
      average_trade: trips.length === 0 ? 0 : trips.reduce((sum, t) => sum + t.pnl, 0) / trips.length,
      days: 0,
      daily_sharpe: 0,
      skewness: 0,
      kurtosis: 3,
      ruined: 1,
    },
    dailyReturns: new Float64Array(0),
    tradePnls: Float64Array.from(trips, (t) => t.pnl),
  };
}
