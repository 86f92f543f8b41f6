import { Sma } from '../../core/indicators/sma.ts';

export interface AbdiRanaldoSpreadOptions {
  /** Bar pairs averaged in the estimate, ≥ 1 (the window spans period + 1 bars). */
  readonly period: number;
}

/**
 * The effective bid-ask spread estimated from bars alone: Abdi & Ranaldo's close-high-low
 * estimator (F. Abdi and A. Ranaldo, "A Simple Estimation of Bid-Ask Spreads from Daily Close,
 * High, and Low Prices", Review of Financial Studies 30(12), 2017, pp. 4437–4480):
 *
 *   S² = 4 · E[(c_t − η_t)(c_t − η_{t+1})]
 *
 * with c_t the log close of bar t and η_t = (log high + log low) / 2 its log mid-range, the mean
 * taken over the last `period` pairs of consecutive bars. The estimate is √max(S², 0): a negative
 * mean (a trending window, where closes lead the next mid-range) says nothing about the spread and
 * reads 0, as the authors set it. The result is a fraction of the price (×1e4 for basis points);
 * for a pure bid-ask bounce around a fixed mid-range it returns ln(ask / bid).
 *
 * Streaming and causal: the pair (t − 1, t) is complete when bar t closes, so after bar t the
 * estimate uses bars t − period … t only. NaN until `period` pairs were seen (period + 1 bars).
 * O(1) per bar, no allocation after construction (the mean is the core `Sma`, drift-free).
 */
export class AbdiRanaldoSpread {
  readonly period: number;
  private readonly products: Sma;
  private previousClose = Number.NaN;
  private previousMid = Number.NaN;
  /** The latest estimate, a fraction of the price (NaN while warming up). */
  value = Number.NaN;

  constructor(options: AbdiRanaldoSpreadOptions) {
    this.products = new Sma({ period: options.period });
    this.period = this.products.period;
  }

  get isReady(): boolean {
    return this.products.isReady;
  }

  /** Takes one completed bar (prices > 0) and returns the estimate after it. */
  update(high: number, low: number, close: number): number {
    if (!(high > 0 && low > 0 && close > 0))
      throw new Error(`abdi_ranaldo_spread: prices must be > 0 (${high}, ${low}, ${close})`);
    const logClose = Math.log(close);
    const mid = (Math.log(high) + Math.log(low)) / 2;
    if (!Number.isNaN(this.previousClose)) {
      const c = this.previousClose;
      const mean = this.products.update((c - this.previousMid) * (c - mid));
      if (this.products.isReady) this.value = Math.sqrt(Math.max(4 * mean, 0));
    }
    this.previousClose = logClose;
    this.previousMid = mid;
    return this.value;
  }
}
