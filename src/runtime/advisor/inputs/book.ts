import { dailyReturnStatistics } from '../../../core/analysis/daily-return-statistics.ts';
import { DrawdownTracker } from '../../../core/analysis/index.ts';
import type { Position } from '../../../core/portfolio/index.ts';

/** Daily return spreads at or below this are no spread (as `computePerformance` treats them). */
const ZERO_VARIANCE = 1e-12;

/** The figures of one book over the window. Money in the quote currency. */
export interface BookFigures {
  /** Annualized ratios of the window's daily returns; null with fewer than two days or no spread (no downside for Sortino). */
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Round trips closed in the window, and the winning ones (net of their fees). */
  readonly trades: number;
  readonly wins: number;
  /** Σ |fill notional| in the window. */
  readonly notional: number;
  /** Change of the book's value over the window: realized + change of unrealized − fees. */
  readonly pnl: number;
  /** Realized PnL in the window, gross of fees. */
  readonly realized: number;
  readonly fees: number;
  /** Unrealized PnL at the end. */
  readonly open: number;
  /** Σ |quantity × mark| at the end. */
  readonly grossExposure: number;
  /** Drawdown from the value's peak (since the run's start) at the end, and the largest inside the window. */
  readonly drawdown: number;
  readonly maxDrawdown: number;
  readonly fills: number;
  /** Mean per fill in the window, bps; null without fills (modelled: also without a known fill model). */
  readonly realizedSlippageBps: number | null;
  readonly modelledSlippageBps: number | null;
  /** Mean value over the window's points, and the value at the end. */
  readonly meanValue: number;
  readonly endValue: number;
}

/**
 * One book of positions: the account's, or a strategy's attributed share. It keeps its own
 * average-cost positions (the core `Position`, so realized PnL and round trips are the engine's),
 * its value path (a DrawdownTracker from the start, the points inside the window) and the window's sums.
 */
export class Book {
  readonly positions = new Map<string, Position>();
  private readonly tracker = new DrawdownTracker();
  private base: number;
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private maxDrawdown = 0;
  private realizedMinor = 0;
  private feesMinor = 0;
  private notional = 0;
  private trades = 0;
  private wins = 0;
  private fills = 0;
  private slippageSum = 0;
  private slippageCount = 0;
  private modelledSum = 0;
  private modelledCount = 0;

  constructor(
    private readonly initialValue: number,
    private readonly moneyScale: number,
  ) {
    this.base = initialValue;
  }

  /** Net PnL so far at the positions' marks: realized − fees + unrealized. */
  pnl(): number {
    let sum = 0;
    for (const p of this.positions.values()) sum += p.realizedPnl - p.feesMinor / this.moneyScale + p.unrealizedPnl;
    return sum;
  }

  /** Books one fill (or its attributed part) on `position`; the window's sums count it when `inWindow`. */
  fill(
    position: Position,
    fill: { side: 'buy' | 'sell'; quantity: number; price: number; feeMinor: number; time: number },
    inWindow: boolean,
    slippageBps: number | null,
    modelledBps: number | null,
  ): void {
    const result = position.apply(fill.side, fill.quantity, fill.price, fill.feeMinor, fill.time);
    if (!inWindow) return;
    this.fills++;
    this.realizedMinor += result.realizedMinor;
    this.feesMinor += fill.feeMinor;
    this.notional += Math.abs(fill.quantity * fill.price);
    if (result.roundTrip !== undefined) {
      this.trades++;
      if (result.roundTrip.pnl > 0) this.wins++;
    }
    if (slippageBps !== null) {
      this.slippageSum += slippageBps;
      this.slippageCount++;
    }
    if (modelledBps !== null) {
      this.modelledSum += modelledBps;
      this.modelledCount++;
    }
  }

  /** The book's value at one point of the run (the first point seeds the peak with the initial value). */
  point(time: number, value: number, inWindow: boolean): void {
    if (this.tracker.updates === 0) this.tracker.update(time, this.initialValue);
    this.tracker.update(time, value);
    if (!inWindow) {
      this.base = value;
      return;
    }
    this.times.push(time);
    this.values.push(value);
    if (this.tracker.drawdown > this.maxDrawdown) this.maxDrawdown = this.tracker.drawdown;
  }

  figures(periodsPerYear: number): BookFigures {
    const n = this.values.length;
    const daily = dailyReturnStatistics({
      timestamps: Float64Array.from(this.times),
      equity: Float64Array.from(this.values),
      length: n,
      initialEquity: this.base,
      dailyRiskFree: 0,
    });
    const annual = Math.sqrt(periodsPerYear);
    const enough = daily.days >= 2;
    let open = 0;
    let gross = 0;
    for (const p of this.positions.values()) {
      open += p.unrealizedPnl;
      gross += Math.abs(p.quantity * p.lastPrice);
    }
    let sum = 0;
    for (const v of this.values) sum += v;
    const end = n > 0 ? this.values[n - 1]! : this.base;
    return {
      sharpe: enough && daily.stdev > ZERO_VARIANCE ? (daily.mean / daily.stdev) * annual : null,
      sortino:
        enough && daily.downsideDeviation > ZERO_VARIANCE ? (daily.mean / daily.downsideDeviation) * annual : null,
      trades: this.trades,
      wins: this.wins,
      notional: this.notional,
      pnl: end - this.base,
      realized: this.realizedMinor / this.moneyScale,
      fees: this.feesMinor / this.moneyScale,
      open,
      grossExposure: gross,
      drawdown: this.tracker.drawdown,
      maxDrawdown: this.maxDrawdown,
      fills: this.fills,
      realizedSlippageBps: this.slippageCount > 0 ? this.slippageSum / this.slippageCount : null,
      modelledSlippageBps: this.modelledCount > 0 ? this.modelledSum / this.modelledCount : null,
      meanValue: n > 0 ? sum / n : this.base,
      endValue: end,
    };
  }
}
