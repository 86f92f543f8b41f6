import { MS_PER_DAY } from '../../core/analysis/daily-return-statistics.ts';
import { DrawdownTracker, METRIC_CAP, type RoundTrip, returnMoments } from '../../core/analysis/index.ts';
import { lowerBound } from '../../core/data/lower-bound.ts';
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

/** Where a run's UTC days end and its bar step: the same for every trial over the same bars, so computed once. */
export interface RunCalendar {
  /** Equity marks in the run. */
  readonly length: number;
  /** Index of the last mark of each UTC day, ascending. */
  readonly dayEnds: Int32Array;
  /** Smallest spacing of consecutive marks (ms); 0 with fewer than two. */
  readonly barStep: number;
}

/** The calendar of a run's equity marks (their close times). */
export function runCalendar(timestamps: Float64Array, length: number): RunCalendar {
  const ends: number[] = [];
  let barStep = Number.POSITIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    if (i + 1 < length && timestamps[i + 1] - timestamps[i] < barStep) barStep = timestamps[i + 1] - timestamps[i];
    if (i === length - 1 || Math.floor(timestamps[i + 1] / MS_PER_DAY) !== Math.floor(timestamps[i] / MS_PER_DAY))
      ends.push(i);
  }
  return { length, dayEnds: Int32Array.from(ends), barStep: length < 2 ? 0 : barStep };
}

/** Days per year of CAGR (calendar time), and the variance below which returns count as flat: as `computePerformance`. */
const MS_PER_YEAR = 365.25 * MS_PER_DAY;
const ZERO_VARIANCE = 1e-12;
const capped = (value: number): number =>
  Number.isNaN(value) ? 0 : Math.max(-METRIC_CAP, Math.min(METRIC_CAP, value));

/**
 * The metrics of bars [start, end) of one continuous run: the equity marks of those bars, based
 * on the mark before the window (the initial equity for the first), and the round trips that
 * closed after the previous window's last mark up to this window's last. The run is one pass
 * over every bar, so a window's first trades can have entered before it: the strategy was
 * running, as it would have been live.
 *
 * The definitions are `computePerformance`'s (daily returns of UTC days for the Sharpe and Sortino
 * ratios, CAGR over calendar time from one bar step before the window, the drawdown tracker seeded
 * with the base equity), tested equal to it; here the day ends come from the run's calendar, so a
 * window costs one pass for the drawdown, not five.
 */
export function windowResult(
  result: BacktestResult,
  window: BarWindow,
  periodsPerYear: number,
  calendar: RunCalendar = runCalendar(result.equity.timestamps, result.equity.length),
): WindowResult {
  const { timestamps, equity, length } = result.equity;
  if (!(window.start >= 0 && window.start < window.end && window.end <= length))
    throw new RangeError(`window [${window.start}, ${window.end}) is outside the run's ${length} equity marks`);
  if (calendar.length !== length) throw new RangeError(`the calendar has ${calendar.length} marks, the run ${length}`);
  const { start, end } = window;
  const baseEquity = start === 0 ? result.initialEquity : equity[start - 1];
  const after = start === 0 ? Number.NEGATIVE_INFINITY : timestamps[start - 1];
  const until = timestamps[end - 1];
  const trips: RoundTrip[] = result.roundTrips.filter((t) => t.exitTime > after && t.exitTime <= until);
  if (baseEquity <= 0) return ruinedWindow(trips);
  let ruined = 0;
  for (let i = start; i < end; i++)
    if (equity[i] <= 0) {
      ruined = 1;
      break;
    }
  const daily = windowDailyReturns(equity, calendar.dayEnds, start, end, baseEquity);
  const moments = returnMoments(daily);
  let downsideSquares = 0;
  for (const r of daily) if (r < 0) downsideSquares += r * r;
  const days = daily.length;
  const annualizer = Math.sqrt(periodsPerYear);
  const downside = days > 0 ? Math.sqrt(downsideSquares / days) : 0;
  const tracker = new DrawdownTracker();
  tracker.update(timestamps[start] - calendar.barStep, baseEquity);
  tracker.updateMany(timestamps, equity, start, end);
  const maxDrawdown = tracker.maxDrawdown;
  const growth = equity[end - 1] / baseEquity;
  const elapsed = timestamps[end - 1] - (timestamps[start] - calendar.barStep);
  const cagr = elapsed > 0 ? (growth > 0 ? capped(growth ** (MS_PER_YEAR / elapsed) - 1) : -1) : 0;
  const trades = tradeStatistics(trips);
  return {
    metrics: {
      total_return: capped(growth - 1),
      sharpe: capped(days >= 2 && moments.stdev > ZERO_VARIANCE ? (moments.mean / moments.stdev) * annualizer : 0),
      sortino: capped(days >= 2 && downside > ZERO_VARIANCE ? (moments.mean / downside) * annualizer : 0),
      calmar: capped(maxDrawdown > 0 ? cagr / maxDrawdown : 0),
      max_drawdown: capped(maxDrawdown),
      ...trades,
      days,
      daily_sharpe: moments.stdev > 0 ? moments.mean / moments.stdev : 0,
      skewness: moments.skewness,
      kurtosis: moments.kurtosis,
      ruined,
    },
    dailyReturns: daily,
    tradePnls: Float64Array.from(trips, (t) => t.pnl),
  };
}

/** Daily returns of marks [start, end): each UTC day's last mark in the window (and the window's last) over the previous one. */
function windowDailyReturns(
  equity: Float64Array,
  dayEnds: Int32Array,
  start: number,
  end: number,
  base: number,
): Float64Array {
  const low = lowerBound(dayEnds, start);
  let count = 0;
  for (let k = low; k < dayEnds.length && dayEnds[k] < end - 1; k++) count++;
  const out = new Float64Array(count + 1);
  let previous = base;
  for (let k = 0; k <= count; k++) {
    const index = k < count ? dayEnds[low + k] : end - 1;
    out[k] = previous > 0 ? equity[index] / previous - 1 : 0;
    previous = equity[index];
  }
  return out;
}

/** Hit rate, profit factor (capped when there is no loss), average PnL and count of round trips. */
function tradeStatistics(
  trips: readonly RoundTrip[],
): Pick<WindowMetrics, 'trades' | 'hit_rate' | 'profit_factor' | 'average_trade'> {
  let profit = 0;
  let loss = 0;
  let winners = 0;
  for (const t of trips) {
    if (t.pnl > 0) {
      profit += t.pnl;
      winners++;
    } else loss -= t.pnl;
  }
  const n = trips.length;
  return {
    trades: n,
    hit_rate: n > 0 ? winners / n : 0,
    profit_factor: loss > 0 ? capped(profit / loss) : profit > 0 ? METRIC_CAP : 0,
    average_trade: n > 0 ? capped((profit - loss) / n) : 0,
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
      ...tradeStatistics(trips),
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
