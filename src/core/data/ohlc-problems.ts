import type { BarSeries } from '../model/data.ts';

/** Ways one bar's prices and volume contradict each other. */
export const OhlcProblem = {
  NonFinite: 'non-finite value',
  NonPositivePrice: 'non-positive price',
  NegativeVolume: 'negative volume',
  HighBelowLow: 'high below low',
  HighBelowBody: 'high below open or close',
  LowAboveBody: 'low above open or close',
} as const;
export type OhlcProblem = (typeof OhlcProblem)[keyof typeof OhlcProblem];

/** The problems of row `row` (empty when the bar is consistent). */
export function ohlcProblems(series: BarSeries, row: number): OhlcProblem[] {
  const open = series.open[row];
  const high = series.high[row];
  const low = series.low[row];
  const close = series.close[row];
  const volume = series.volume[row];
  const problems: OhlcProblem[] = [];
  if (![open, high, low, close, volume, series.timestamp[row]].every(Number.isFinite)) {
    problems.push(OhlcProblem.NonFinite);
    return problems;
  }
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0) problems.push(OhlcProblem.NonPositivePrice);
  if (volume < 0) problems.push(OhlcProblem.NegativeVolume);
  if (high < low) problems.push(OhlcProblem.HighBelowLow);
  if (high < Math.max(open, close)) problems.push(OhlcProblem.HighBelowBody);
  if (low > Math.min(open, close)) problems.push(OhlcProblem.LowAboveBody);
  return problems;
}

/** The fast check: true when the bar has none of the problems (finite, positive, high ≥ body ≥ low, volume ≥ 0). */
export function isConsistentBar(series: BarSeries, row: number): boolean {
  const open = series.open[row];
  const high = series.high[row];
  const low = series.low[row];
  const close = series.close[row];
  const volume = series.volume[row];
  // Comparisons with NaN are false, so a NaN field fails here; infinities fail the finite checks.
  return (
    low > 0 &&
    high < Number.POSITIVE_INFINITY &&
    volume >= 0 &&
    volume < Number.POSITIVE_INFINITY &&
    Number.isFinite(series.timestamp[row]) &&
    open >= low &&
    close >= low &&
    open <= high &&
    close <= high
  );
}
