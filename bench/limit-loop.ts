/**
 * The practical limit: the benchmark's EMA-cross backtest as one plain loop over typed arrays,
 * no objects per bar. It reproduces the engine's semantics exactly (see
 * src/strategies/ma-cross/ma-cross-strategy.ts, src/core/simulation/simulated-exchange.ts,
 * src/core/portfolio/position.ts), so its fills and equity can be compared with the engine's:
 *
 * - EMA, TA-Lib style: the first value is the simple mean of the first `period` closes, then
 *   value = value·(1 − α) + α·close, α = 2 / (period + 1) — the same operations in the same order.
 * - At bar i's close, once both EMAs are ready: diff = fast − slow. The first ready bar only
 *   records diff (its previous diff is NaN). A cross up (diff > 0, previous ≤ 0) targets
 *   +quantity, a cross down (diff < 0, previous ≥ 0) −quantity (long_short); the order is the
 *   difference to the position, rounded down to the size grid.
 * - The market order fills at bar i+1's open (zero latency, no slippage), timestamped with bar
 *   i+1's open time; the taker fee is rate × notional rounded to cents (half away from zero).
 *   With zero latency it is always filled before the next signal, so "no signal while an order
 *   is open" never applies.
 * - Cash is kept in integer cents: a fill that reverses a position books its closing and its
 *   opening parts separately, each rounded to cents, as Position.apply does. Equity at each
 *   bar's close = cash + position × close.
 */

export interface LimitParameters {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly quantity: number;
  readonly takerRate: number;
  readonly startingCash: number;
  /** Decimal places of the quote currency (USD: 2). */
  readonly cashDecimals: number;
  /** Decimal places of the size grid (0.001: 3). */
  readonly sizeDecimals: number;
}

/** Fills and the equity curve, in preallocated typed arrays (allocate once, reuse across runs). */
export class LimitOutput {
  fills = 0;
  readonly fillTimestamp: Float64Array;
  /** +1 buy, −1 sell. */
  readonly fillSide: Int8Array;
  readonly fillQuantity: Float64Array;
  readonly fillPrice: Float64Array;
  readonly fillFee: Float64Array;
  readonly equity: Float64Array;
  finalEquity = 0;
  finalPosition = 0;

  constructor(bars: number) {
    // At most one fill per bar.
    this.fillTimestamp = new Float64Array(bars);
    this.fillSide = new Int8Array(bars);
    this.fillQuantity = new Float64Array(bars);
    this.fillPrice = new Float64Array(bars);
    this.fillFee = new Float64Array(bars);
    this.equity = new Float64Array(bars);
  }
}

/** Round half away from zero to integer minor units, exactly as core/model/decimal.ts `toMinor`. */
const NUDGE = 1 + 2 ** -52;

/** Runs the EMA cross over the first `n` bars; writes fills and equity into `out`. */
export function runLimitLoop(
  timestamp: Float64Array,
  open: Float64Array,
  close: Float64Array,
  n: number,
  p: LimitParameters,
  out: LimitOutput,
): void {
  const fastPeriod = p.fastPeriod;
  const slowPeriod = p.slowPeriod;
  const fastAlpha = 2 / (fastPeriod + 1);
  const slowAlpha = 2 / (slowPeriod + 1);
  const fastDecay = 1 - fastAlpha;
  const slowDecay = 1 - slowAlpha;
  const cashScale = 10 ** p.cashDecimals;
  const sizeScale = 10 ** p.sizeDecimals;
  const sizeIncrement = 1 / sizeScale;
  const rate = p.takerRate;
  const quantity = p.quantity;
  const fTime = out.fillTimestamp;
  const fSide = out.fillSide;
  const fQty = out.fillQuantity;
  const fPrice = out.fillPrice;
  const fFee = out.fillFee;
  const equity = out.equity;

  let fastCount = 0;
  let fastSum = 0;
  let fast = Number.NaN;
  let slowCount = 0;
  let slowSum = 0;
  let slow = Number.NaN;
  let previousDiff = Number.NaN;
  let position = 0;
  let cashMinor = Math.round(p.startingCash * cashScale * NUDGE);
  /** Signed quantity of the order waiting for the next open (0: none). */
  let pending = 0;
  let fills = 0;

  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      const price = open[i];
      const side = pending > 0 ? 1 : -1;
      const q = side * pending;
      const feeMinor = Math.round(rate * (price * q) * cashScale * NUDGE);
      const reducing = position !== 0 && (position > 0 ? -1 : 1) === side ? Math.min(q, Math.abs(position)) : 0;
      const opening = q - reducing;
      let cashDelta = 0;
      if (reducing > 0) cashDelta -= side * Math.round(price * reducing * cashScale * NUDGE);
      if (opening > 0) cashDelta -= side * Math.round(price * opening * cashScale * NUDGE);
      cashMinor += cashDelta - feeMinor;
      position += pending;
      fTime[fills] = timestamp[i];
      fSide[fills] = side;
      fQty[fills] = q;
      fPrice[fills] = price;
      fFee[fills] = feeMinor / cashScale;
      fills++;
      pending = 0;
    }
    const c = close[i];
    if (fastCount >= fastPeriod) fast = fast * fastDecay + fastAlpha * c;
    else {
      fastSum += c;
      if (++fastCount === fastPeriod) fast = fastSum / fastPeriod;
    }
    if (slowCount >= slowPeriod) slow = slow * slowDecay + slowAlpha * c;
    else {
      slowSum += c;
      if (++slowCount === slowPeriod) slow = slowSum / slowPeriod;
    }
    if (slowCount >= slowPeriod && fastCount >= fastPeriod) {
      const diff = fast - slow;
      const previous = previousDiff;
      previousDiff = diff;
      let target = position;
      if (diff > 0 && previous <= 0) target = quantity;
      else if (diff < 0 && previous >= 0) target = -quantity;
      // NaN previous: both comparisons are false, so the first ready bar never signals.
      if (target !== position) {
        const delta = target - position;
        // floorToIncrement(|delta|, increment) of core/model/decimal.ts.
        const units = Math.floor(Math.abs(delta / sizeIncrement) + 1e-9);
        const size = Math.round(units * sizeIncrement * sizeScale * NUDGE) / sizeScale;
        if (size > 0) pending = delta > 0 ? size : -size;
      }
    }
    equity[i] = position === 0 ? cashMinor / cashScale : cashMinor / cashScale + position * c;
  }
  out.fills = fills;
  out.finalEquity = n > 0 ? equity[n - 1] : p.startingCash;
  out.finalPosition = position;
}
