import { dailyReturnStatistics } from './daily-return-statistics.ts';
import { DrawdownTracker } from './drawdown-tracker.ts';

/** One closed trade: entry to exit of a position, or of the part of it that closed. */
export interface RoundTrip {
  instrumentId: string;
  side: 'long' | 'short';
  /** Unix ms. */
  entryTime: number;
  /** Unix ms. */
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  /** Base units, > 0. */
  quantity: number;
  /** Realized PnL net of the fees attributed to the trade, quote currency. */
  pnl: number;
  /** Fees attributed to the trade, quote currency. */
  fees: number;
}

/** What {@link computePerformance} needs: the per-bar equity curve and the run's trade statistics. */
export interface PerformanceInput {
  /** Bar close times (Unix ms, strictly increasing); the first `length` entries are valid. */
  timestamps: Float64Array;
  /** Equity marked at each bar's close time (quote currency); the first `length` entries are valid. */
  equity: Float64Array;
  length: number;
  /** Equity before the first bar (> 0). */
  initialEquity: number;
  /** Net deposits over the run; stored only, returns are computed on equity. */
  netDeposits?: number;
  /** Trading days per year used to annualize daily returns: 365 for crypto, 252 for equities. */
  periodsPerYear: number;
  roundTrips: readonly RoundTrip[];
  /** Total fees paid, quote currency. */
  feesPaid: number;
  /** Σ |fill notional|, quote currency. */
  tradedNotional: number;
  /** Equity points with a non-zero position. */
  stepsInMarket: number;
  /** Annual risk-free rate (fraction), default 0. */
  riskFreeRate?: number;
}

/** Performance of a run. Every field is a finite number (see {@link computePerformance}). */
export interface PerformanceMetrics {
  total_return: number;
  cagr: number;
  annualized_volatility: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  /** Fraction, positive (0.25 = 25% below the peak). */
  max_drawdown: number;
  /** Longest time from a peak to the recovery of that peak, or to the end if not recovered (ms). */
  max_drawdown_duration_ms: number;
  /** tradedNotional / mean equity. */
  turnover: number;
  hit_rate: number;
  profit_factor: number;
  /** Mean round-trip pnl, quote currency. */
  average_trade: number;
  /** stepsInMarket / length. */
  exposure_time: number;
  fees_paid: number;
  /** Number of round trips. */
  trades: number;
  /** First bar timestamp (Unix ms). */
  start: number;
  /** Last bar timestamp (Unix ms). */
  end: number;
}

/**
 * Magnitude to which a metric that would be infinite is capped, so that JSON stays numbers:
 * `profit_factor` when there are winning but no losing trades, `cagr` over a very short run.
 * Readers may show a value at the cap as "∞".
 */
export const METRIC_CAP = Number.MAX_SAFE_INTEGER;

/** Days per year used by CAGR (calendar time, independent of `periodsPerYear`). */
const DAYS_PER_YEAR = 365.25;
const MS_PER_YEAR = DAYS_PER_YEAR * 86_400_000;
/** Daily return standard deviations at or below this are treated as zero variance. */
const ZERO_VARIANCE = 1e-12;

/**
 * Computes the performance metrics of a run in one pass over the bars, without allocating per bar.
 *
 * Conventions:
 * - Returns are daily: the equity is resampled to UTC calendar days (the last equity of each day
 *   with a bar; days without bars give no return); the first return is against `initialEquity`.
 * - Excess return = daily return − daily risk-free, where daily risk-free = (1 + riskFreeRate)^(1/periodsPerYear) − 1
 *   (riskFreeRate defaults to 0).
 * - `sharpe` = mean(daily excess) / stdev(daily excess, sample n − 1) × √periodsPerYear.
 * - `sortino` = mean(daily excess) / √(mean(min(excess, 0)²) over all days) × √periodsPerYear.
 * - `annualized_volatility` = stdev(daily excess) × √periodsPerYear.
 * - `total_return` = final equity / initialEquity − 1.
 * - `cagr` = (final / initial)^(365.25 days / elapsed) − 1, elapsed running from the first timestamp
 *   minus one bar step (the smallest spacing between consecutive timestamps, 0 with one bar) to the
 *   last timestamp; −1 when the final equity is not positive.
 * - `calmar` = cagr / max_drawdown.
 * - `max_drawdown` and `max_drawdown_duration_ms` come from a {@link DrawdownTracker} over the per-bar
 *   equity (not the daily series), seeded with `initialEquity` one bar step before the first bar.
 * - `turnover` = tradedNotional / mean per-bar equity; `exposure_time` = stepsInMarket / length.
 * - `hit_rate` = share of round trips with pnl > 0; `average_trade` = mean round-trip pnl.
 * - `profit_factor` = Σ positive pnl / |Σ negative pnl|; with no losing trade it is 0 when there is
 *   no gross profit either (no trades, or only break-even ones) and {@link METRIC_CAP} otherwise.
 * - Undefined values (no trades, zero variance, zero drawdown, fewer than 2 days, no bars) are 0;
 *   would-be-infinite ones are capped at ±{@link METRIC_CAP}. No field is ever NaN or Infinity.
 *
 * Throws a RangeError on broken input invariants (length out of range, timestamps not strictly
 * increasing, non-finite equity or pnl, non-positive initialEquity or periodsPerYear).
 */
export function computePerformance(input: PerformanceInput): PerformanceMetrics {
  const { timestamps, equity, length, initialEquity, periodsPerYear } = input;
  validate(input);

  let barStep = Number.POSITIVE_INFINITY;
  for (let i = 1; i < length; i++) {
    const step = timestamps[i] - timestamps[i - 1];
    if (!(step > 0)) {
      throw new RangeError(`computePerformance: timestamps must be strictly increasing (index ${i})`);
    }
    if (step < barStep) barStep = step;
  }
  if (length < 2) barStep = 0;

  const start = length > 0 ? timestamps[0] : 0;
  const end = length > 0 ? timestamps[length - 1] : 0;
  const finalEquity = length > 0 ? equity[length - 1] : initialEquity;

  const tracker = new DrawdownTracker();
  tracker.update(start - barStep, initialEquity);
  let equitySum = 0;
  let equityCompensation = 0;
  for (let i = 0; i < length; i++) {
    const value = equity[i];
    // Neumaier summation: the mean equity stays exact over millions of bars.
    const sum = equitySum + value;
    equityCompensation += Math.abs(equitySum) >= Math.abs(value) ? equitySum - sum + value : value - sum + equitySum;
    equitySum = sum;
  }
  tracker.updateMany(timestamps, equity, 0, length);
  const meanEquity = length > 0 ? (equitySum + equityCompensation) / length : 0;

  const riskFreeRate = input.riskFreeRate ?? 0;
  const dailyRiskFree = (1 + riskFreeRate) ** (1 / periodsPerYear) - 1;
  const daily = dailyReturnStatistics({ timestamps, equity, length, initialEquity, dailyRiskFree });
  const annualizer = Math.sqrt(periodsPerYear);
  const enoughDays = daily.days >= 2;
  const hasVariance = daily.stdev > ZERO_VARIANCE;

  const elapsed = end - (start - barStep);
  const growth = finalEquity / initialEquity;
  let cagr = 0;
  if (length > 0 && elapsed > 0) cagr = growth > 0 ? growth ** (MS_PER_YEAR / elapsed) - 1 : -1;
  cagr = finite(cagr);
  const maxDrawdown = tracker.maxDrawdown;

  let grossProfit = 0;
  let grossLoss = 0;
  let winners = 0;
  let pnlSum = 0;
  for (const trip of input.roundTrips) {
    if (!Number.isFinite(trip.pnl)) throw new RangeError(`computePerformance: round-trip pnl must be finite`);
    pnlSum += trip.pnl;
    if (trip.pnl > 0) {
      grossProfit += trip.pnl;
      winners++;
    } else {
      grossLoss -= trip.pnl;
    }
  }
  const trades = input.roundTrips.length;
  let profitFactor = 0;
  if (grossLoss > 0) profitFactor = grossProfit / grossLoss;
  else if (grossProfit > 0) profitFactor = METRIC_CAP;

  return {
    total_return: finite(length > 0 ? growth - 1 : 0),
    cagr,
    annualized_volatility: finite(enoughDays ? daily.stdev * annualizer : 0),
    sharpe: finite(enoughDays && hasVariance ? (daily.mean / daily.stdev) * annualizer : 0),
    sortino: finite(
      enoughDays && daily.downsideDeviation > ZERO_VARIANCE ? (daily.mean / daily.downsideDeviation) * annualizer : 0,
    ),
    calmar: finite(maxDrawdown > 0 ? cagr / maxDrawdown : 0),
    max_drawdown: finite(maxDrawdown),
    max_drawdown_duration_ms: tracker.maxDrawdownDurationMs,
    turnover: finite(meanEquity > 0 ? input.tradedNotional / meanEquity : 0),
    hit_rate: trades > 0 ? winners / trades : 0,
    profit_factor: finite(profitFactor),
    average_trade: finite(trades > 0 ? pnlSum / trades : 0),
    exposure_time: length > 0 ? finite(input.stepsInMarket / length) : 0,
    fees_paid: finite(input.feesPaid),
    trades,
    start,
    end,
  };
}

function validate(input: PerformanceInput): void {
  const { timestamps, equity, length } = input;
  if (!Number.isInteger(length) || length < 0 || length > timestamps.length || length > equity.length) {
    throw new RangeError(
      `computePerformance: length ${length} must be an integer in [0, ${Math.min(timestamps.length, equity.length)}]`,
    );
  }
  if (!(Number.isFinite(input.initialEquity) && input.initialEquity > 0)) {
    throw new RangeError(`computePerformance: initialEquity must be positive, got ${input.initialEquity}`);
  }
  if (!(Number.isFinite(input.periodsPerYear) && input.periodsPerYear > 0)) {
    throw new RangeError(`computePerformance: periodsPerYear must be positive, got ${input.periodsPerYear}`);
  }
}

/** NaN → 0; ±Infinity and magnitudes beyond the cap → ±METRIC_CAP. */
function finite(value: number): number {
  if (Number.isNaN(value)) return 0;
  if (value > METRIC_CAP) return METRIC_CAP;
  if (value < -METRIC_CAP) return -METRIC_CAP;
  return value;
}
