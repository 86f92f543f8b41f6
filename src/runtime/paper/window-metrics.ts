import type { MetricsWindowRecord } from '../../core/persistence/index.ts';
import type { Portfolio } from '../../core/portfolio/portfolio.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** `1d`, `4h`, `90m`, `30s`: a window length as people write it. */
export function windowLabel(millis: number): string {
  if (millis % DAY === 0) return `${millis / DAY}d`;
  if (millis % HOUR === 0) return `${millis / HOUR}h`;
  if (millis % MINUTE === 0) return `${millis / MINUTE}m`;
  return `${millis / 1000}s`;
}

/**
 * Performance of a stored paper run per window (the bars between two snapshots): the Sharpe and
 * Sortino ratios of the per-bar equity returns, annualised with `barsPerYear` (undefined when the
 * returns have no spread, or no downside for Sortino); turnover (notional traded over the
 * window's mean equity); the hit rate of the round trips closed in the window (undefined without
 * one) and their number. Fed each bar's close equity; `close` returns the window's record and
 * starts the next one. Allocation-free per bar (a typed-array buffer of one window).
 */
export class WindowMetrics {
  private readonly equity: Float64Array;
  private count = 0;
  private base: number | undefined;
  private start: number | undefined;
  private notionalAtStart: number;
  private roundTripsAtStart: number;

  constructor(
    private readonly portfolio: Pick<Portfolio, 'tradedNotional' | 'roundTrips'>,
    barsPerWindow: number,
    private readonly barsPerYear: number,
    private readonly label: string,
  ) {
    this.equity = new Float64Array(barsPerWindow);
    this.notionalAtStart = portfolio.tradedNotional;
    this.roundTripsAtStart = portfolio.roundTrips.length;
  }

  /** One bar of the window: its open time and the equity at its close. */
  add(openTime: number, equity: number): void {
    if (this.start === undefined) this.start = openTime;
    if (this.count < this.equity.length) this.equity[this.count++] = equity;
  }

  /** The window ending at `endTime` (exclusive) as a store record; the next window starts empty. */
  close(endTime: number): MetricsWindowRecord {
    const n = this.count;
    let sum = 0;
    let sumSquares = 0;
    let downside = 0;
    let previous = this.base ?? (n > 0 ? this.equity[0]! : 0);
    for (let i = 0; i < n; i++) {
      const r = previous > 0 ? this.equity[i]! / previous - 1 : 0;
      previous = this.equity[i]!;
      sum += r;
      sumSquares += r * r;
      if (r < 0) downside += r * r;
    }
    const mean = n > 0 ? sum / n : 0;
    const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
    const downsideDeviation = n > 0 ? Math.sqrt(downside / n) : 0;
    const annual = Math.sqrt(this.barsPerYear);
    let meanEquity = 0;
    for (let i = 0; i < n; i++) meanEquity += this.equity[i]! / n;
    const trips = this.portfolio.roundTrips;
    let wins = 0;
    for (let i = this.roundTripsAtStart; i < trips.length; i++) if (trips[i]!.pnl > 0) wins++;
    const trades = trips.length - this.roundTripsAtStart;
    const traded = this.portfolio.tradedNotional - this.notionalAtStart;
    const record: MetricsWindowRecord = {
      label: this.label,
      windowStart: this.start ?? endTime,
      windowEnd: endTime,
      sharpe: variance > 0 ? (mean / Math.sqrt(variance)) * annual : undefined,
      sortino: downsideDeviation > 0 ? (mean / downsideDeviation) * annual : undefined,
      turnover: meanEquity > 0 ? traded / meanEquity : 0,
      hitRate: trades > 0 ? wins / trades : undefined,
      trades,
    };
    this.base = n > 0 ? this.equity[n - 1] : this.base;
    this.count = 0;
    this.start = undefined;
    this.notionalAtStart = this.portfolio.tradedNotional;
    this.roundTripsAtStart = trips.length;
    return record;
  }
}
