import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';
import { PRECISION_LOSS } from './variance.ts';

export interface CorrelationOptions {
  /** Pairs in the window, ≥ 2. */
  readonly period: number;
}

/** Index of the first correlation: period − 1 (TA-Lib's CORREL lookback). */
export function correlationLookback(options: CorrelationOptions): number {
  return options.period - 1;
}

/**
 * Rolling sums of squared deviations and of cross-deviations of the last `period` pairs (x, y),
 * shared by correlation and beta. O(1) per update with the sliding Welford recurrences (every term a
 * product of deviations, so no cancellation at high price levels); each mean is kept as a base value
 * plus the running sum of offsets from it, so its rounding error scales with the offsets, not the
 * price level. Recomputed exactly (two-pass) when the window first fills and every
 * `resyncInterval(period)` updates after, so nothing drifts; also recomputed when either sum of squares
 * falls below `PRECISION_LOSS` of its peak since the last recomputation (the sliding update's error is
 * relative to that peak), within a budget of one such recomputation per `period` updates on average,
 * as `RollingMoments`. A series whose window holds one repeated
 * value is detected exactly (runs of equal inputs): its sum of squares is then exactly zero. No
 * allocation after construction; callers reject NaN.
 */
export class RollingComoments {
  readonly period: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest pair. */
  private index = 0;
  private count = 0;
  private untilResync: number;
  private runX = 0;
  private runY = 0;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  private baseX = 0;
  private baseY = 0;
  /** Σ(x − baseX) over the window. */
  private offsetsX = 0;
  /** Σ(y − baseY) over the window. */
  private offsetsY = 0;
  private squaresX = 0;
  private squaresY = 0;
  private peakX = 0;
  private peakY = 0;
  /** Updates banked for precision-loss recomputations (each costs `period`). */
  private credit = 0;
  /** Σ(x − mean x)(y − mean y) over the window. */
  crossProducts = 0;

  constructor(period: number) {
    this.period = period;
    this.xs = new Float64Array(period);
    this.ys = new Float64Array(period);
    this.resyncEvery = resyncInterval(period);
    this.untilResync = this.resyncEvery;
  }

  get isFull(): boolean {
    return this.count >= this.period;
  }

  /** Σ(x − mean x)² over the window: exactly 0 when every x is equal, never negative. */
  get squaresOfX(): number {
    return this.runX >= this.period || this.squaresX <= 0 ? 0 : this.squaresX;
  }

  /** Σ(y − mean y)² over the window: exactly 0 when every y is equal, never negative. */
  get squaresOfY(): number {
    return this.runY >= this.period || this.squaresY <= 0 ? 0 : this.squaresY;
  }

  /** Adds the pair (neither NaN), dropping the oldest once the window is full; returns `isFull`. */
  push(x: number, y: number): boolean {
    const period = this.period;
    this.runX = x === this.lastX ? this.runX + 1 : 1;
    this.runY = y === this.lastY ? this.runY + 1 : 1;
    this.lastX = x;
    this.lastY = y;
    const oldX = this.xs[this.index]!;
    const oldY = this.ys[this.index]!;
    this.xs[this.index] = x;
    this.ys[this.index] = y;
    this.index = this.index + 1 === period ? 0 : this.index + 1;
    if (this.count < period) {
      if (++this.count < period) return false;
      this.recompute(x, y);
      this.credit = period;
      return true;
    }
    if (this.credit < 4 * period) this.credit++;
    if (--this.untilResync === 0) {
      this.recompute(x, y);
      this.untilResync = this.resyncEvery;
      return true;
    }
    const dx = x - oldX;
    const dy = y - oldY;
    const offsetsX = this.offsetsX + dx;
    const offsetsY = this.offsetsY + dy;
    const enteringX = x - this.baseX - offsetsX / period;
    const enteringY = y - this.baseY - offsetsY / period;
    const leavingX = oldX - this.baseX - this.offsetsX / period;
    const leavingY = oldY - this.baseY - this.offsetsY / period;
    this.squaresX += dx * (enteringX + leavingX);
    this.squaresY += dy * (enteringY + leavingY);
    this.crossProducts += dx * enteringY + dy * leavingX;
    this.offsetsX = offsetsX;
    this.offsetsY = offsetsY;
    if (this.squaresX > this.peakX) this.peakX = this.squaresX;
    if (this.squaresY > this.peakY) this.peakY = this.squaresY;
    if (
      (this.squaresX < this.peakX * PRECISION_LOSS || this.squaresY < this.peakY * PRECISION_LOSS) &&
      this.credit >= period
    ) {
      this.recompute(x, y);
      this.credit -= period;
    }
    return true;
  }

  reset(): void {
    this.xs.fill(0);
    this.ys.fill(0);
    this.index = 0;
    this.count = 0;
    this.untilResync = this.resyncEvery;
    this.runX = 0;
    this.runY = 0;
    this.lastX = Number.NaN;
    this.lastY = Number.NaN;
    this.baseX = 0;
    this.baseY = 0;
    this.offsetsX = 0;
    this.offsetsY = 0;
    this.squaresX = 0;
    this.squaresY = 0;
    this.peakX = 0;
    this.peakY = 0;
    this.credit = 0;
    this.crossProducts = 0;
  }

  private recompute(newestX: number, newestY: number): void {
    const period = this.period;
    const xs = this.xs;
    const ys = this.ys;
    let offsetsX = 0;
    let offsetsY = 0;
    for (let k = 0; k < period; k++) {
      offsetsX += xs[k]! - newestX;
      offsetsY += ys[k]! - newestY;
    }
    const shiftX = offsetsX / period;
    const shiftY = offsetsY / period;
    let squaresX = 0;
    let squaresY = 0;
    let cross = 0;
    let residualX = 0;
    let residualY = 0;
    for (let k = 0; k < period; k++) {
      const dx = xs[k]! - newestX - shiftX;
      const dy = ys[k]! - newestY - shiftY;
      squaresX += dx * dx;
      squaresY += dy * dy;
      cross += dx * dy;
      residualX += dx;
      residualY += dy;
    }
    this.baseX = newestX;
    this.baseY = newestY;
    this.offsetsX = offsetsX;
    this.offsetsY = offsetsY;
    this.squaresX = squaresX - (residualX * residualX) / period;
    this.squaresY = squaresY - (residualY * residualY) / period;
    this.crossProducts = cross - (residualX * residualY) / period;
    this.peakX = this.squaresX;
    this.peakY = this.squaresY;
  }
}

function pearson(moments: RollingComoments): number {
  const scale = Math.sqrt(moments.squaresOfX) * Math.sqrt(moments.squaresOfY);
  if (!(scale > 0)) return 0;
  const r = moments.crossProducts / scale;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Rolling Pearson correlation of a series with a reference series over the last `period` pairs, as
 * TA-Lib's CORREL (symmetric in the two series). When either series is constant over the window the
 * correlation is undefined and is 0, as in TA-Lib; results are clamped to [−1, 1]. TA-Lib computes it
 * from raw running sums (Σx², Σxy, …), which loses digits at high price levels, and returns 0 whenever
 * the product of the two sums of squared deviations is below 1e-14 — for prices near 0.01 (an altcoin
 * quoted in BTC) that is nearly always, so TA-Lib's CORREL is 0 there; this one is scale-invariant.
 * O(1) per update (`RollingComoments`), no allocation after construction.
 */
export class Correlation {
  readonly period: number;
  private readonly moments: RollingComoments;
  value = Number.NaN;

  constructor(options: CorrelationOptions) {
    this.period = requireInteger('correl', 'period', options.period, 2);
    this.moments = new RollingComoments(this.period);
  }

  get isReady(): boolean {
    return this.moments.isFull;
  }

  update(input: number, reference: number): number {
    if (Number.isNaN(input)) throw nanInputError('correl');
    if (Number.isNaN(reference)) throw nanInputError('correl', undefined, 'reference');
    if (this.moments.push(input, reference)) this.value = pearson(this.moments);
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch rolling correlation of `values` with `reference`; NaN before `correlationLookback(options)`.
 * Writes into `out` when given. Drives one `Correlation`, so both forms are the same arithmetic.
 */
export function correlation(
  values: Float64Array,
  reference: Float64Array,
  options: CorrelationOptions,
  out?: Float64Array,
): Float64Array {
  return driveStreamingValue(new Correlation(options), { name: 'correl', columns: { input: values, reference }, out });
}
