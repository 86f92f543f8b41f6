/** Milliseconds in one UTC day. */
export const MS_PER_DAY = 86_400_000;

/** Moments of the daily excess returns of an equity curve; see {@link dailyReturnStatistics}. */
export interface DailyReturnStatistics {
  /** Number of daily returns (= UTC calendar days that have at least one bar). */
  days: number;
  /** Mean daily excess return (fraction). */
  mean: number;
  /** Sample standard deviation (n − 1) of the daily excess returns; 0 with fewer than 2 days. */
  stdev: number;
  /** Downside deviation sqrt(mean(min(r, 0)²)) over all days, r the daily excess return. */
  downsideDeviation: number;
}

/** Options of {@link dailyReturnStatistics}. */
export interface DailyReturnOptions {
  timestamps: Float64Array;
  equity: Float64Array;
  length: number;
  /** Equity before the first bar: the base of the first day's return. */
  initialEquity: number;
  /** Risk-free return per day (fraction), subtracted from every daily return. */
  dailyRiskFree: number;
}

/**
 * Streams the per-bar equity into daily returns and their moments without allocating.
 *
 * The equity is resampled to UTC calendar days by taking the last equity of each day; the first
 * return is against `initialEquity`, each next one against the previous day's close. Days without
 * any bar (weekends of an equity market) produce no return rather than a zero one. A return whose
 * base is not positive is undefined and counted as 0 (the account was already wiped out).
 * Moments use Welford's algorithm, stable over millions of days.
 */
export function dailyReturnStatistics(options: DailyReturnOptions): DailyReturnStatistics {
  const { timestamps, equity, length, dailyRiskFree } = options;
  let base = options.initialEquity;
  let days = 0;
  let mean = 0;
  let m2 = 0;
  let downsideSquares = 0;
  for (let i = 0; i < length; i++) {
    const isLastOfDay =
      i === length - 1 || Math.floor(timestamps[i + 1] / MS_PER_DAY) !== Math.floor(timestamps[i] / MS_PER_DAY);
    if (!isLastOfDay) continue;
    const close = equity[i];
    const excess = (base > 0 ? close / base - 1 : 0) - dailyRiskFree;
    base = close;
    days++;
    const delta = excess - mean;
    mean += delta / days;
    m2 += delta * (excess - mean);
    if (excess < 0) downsideSquares += excess * excess;
  }
  if (days === 0) return { days: 0, mean: 0, stdev: 0, downsideDeviation: 0 };
  return {
    days,
    mean,
    stdev: days > 1 ? Math.sqrt(Math.max(0, m2) / (days - 1)) : 0,
    downsideDeviation: Math.sqrt(downsideSquares / days),
  };
}
