import { nanInputError, outputBuffer, requireInteger, requireNumber } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface BollingerBandsOptions {
  /** Bars in the window, ≥ 2 (TA-Lib's range). */
  readonly period: number;
  /** Standard deviations from the middle to each band, ≥ 0. */
  readonly multiplier: number;
}

export interface BollingerBandsOutput {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly percentB: Float64Array;
  readonly bandwidth: Float64Array;
}

/** Index of the first value: period − 1 (TA-Lib's BBANDS). */
export function bollingerBandsLookback(options: BollingerBandsOptions): number {
  return options.period - 1;
}

/**
 * Also re-compute exactly when the sum of squared deviations falls below this share of its rounding
 * budget (the magnitudes Σ u² that went into Σ u² since the last exact pass, whose rounding error is
 * about 2.2e-16 times that): a window that turns flat, or a mean that drifts far from the shift,
 * would otherwise leave a residue that dominates σ. Keeps σ's relative error near 1e-12 at most.
 */
const RESYNC_RATIO = 1e-3;

function validate(options: BollingerBandsOptions): void {
  requireInteger('bbands', 'period', options.period, 2);
  requireNumber('bbands', 'multiplier', options.multiplier, 0);
}

/**
 * Bollinger bands: middle = simple moving average of the last `period` values, upper/lower =
 * middle ± multiplier · population standard deviation (TA-Lib's BBANDS with an SMA and
 * nbDevUp = nbDevDn = multiplier; TradingView's `ta.bb` uses the same population deviation).
 * percentB = (value − lower) / (upper − lower), 0.5 when the bands have zero width (a flat window
 * or multiplier 0); bandwidth = (upper − lower) / middle as a fraction (TradingView's BBW, not
 * ×100 as some packages show it), 0 when the middle is 0.
 *
 * The window's sums are kept of u = value − shift, where the shift is the mean at the last exact
 * pass, so Σu² − (Σu)²/n cancels only the drift of the mean since then, not the price level as
 * TA-Lib's Σx²/n − mean² does (prices around 40,000 lose no digits). Two exact passes over the window
 * re-compute the sums every max(period, 1024) updates (no drift over a million bars) and whenever the
 * squared deviations fall near their rounding budget (a window turning flat gives σ = 0, not the
 * square root of a residue). O(1) amortised per update; the window is a ring buffer allocated once.
 */
export class BollingerBands {
  readonly period: number;
  readonly multiplier: number;
  private readonly window: Float64Array;
  private readonly inverse: number;
  private readonly interval: number;
  private count = 0;
  /** Slot of the oldest value once the window is full. */
  private head = 0;
  private untilResync = 0;
  /** The mean at the last exact pass; the sums are of values minus it. */
  private shift = 0;
  private sum = 0;
  private sumOfSquares = 0;
  /** Σ (value − shift)² over every value added or removed since the last exact pass. */
  private budget = 0;
  /** Σ (value − mean)² over the window. */
  private squares = 0;
  middle = Number.NaN;
  upper = Number.NaN;
  lower = Number.NaN;
  percentB = Number.NaN;
  bandwidth = Number.NaN;

  constructor(options: BollingerBandsOptions) {
    validate(options);
    this.period = options.period;
    this.multiplier = options.multiplier;
    this.window = new Float64Array(this.period);
    this.inverse = 1 / this.period;
    this.interval = resyncInterval(this.period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('bbands');
    const period = this.period;
    const window = this.window;
    if (this.count < period) {
      window[this.count++] = input;
      if (this.count < period) return this.middle;
      this.resync();
    } else {
      const head = this.head;
      const leaving = window[head]!;
      window[head] = input;
      this.head = head + 1 === period ? 0 : head + 1;
      if (--this.untilResync === 0) {
        this.resync();
      } else {
        const u = input - this.shift;
        const v = leaving - this.shift;
        const uu = u * u;
        const vv = v * v;
        this.sum += u - v;
        this.sumOfSquares += uu - vv;
        this.budget += uu + vv;
        this.squares = this.sumOfSquares - this.sum * this.sum * this.inverse;
        if (this.squares < this.budget * RESYNC_RATIO) this.resync();
      }
    }
    const mean = this.shift + this.sum * this.inverse;
    const squares = this.squares;
    const deviation = this.multiplier * Math.sqrt(squares > 0 ? squares * this.inverse : 0);
    const upper = mean + deviation;
    const lower = mean - deviation;
    const width = upper - lower;
    this.middle = mean;
    this.upper = upper;
    this.lower = lower;
    this.percentB = width > 0 ? (input - lower) / width : 0.5;
    this.bandwidth = mean === 0 ? 0 : width / mean;
    return mean;
  }

  reset(): void {
    this.window.fill(0);
    this.count = 0;
    this.head = 0;
    this.untilResync = 0;
    this.shift = 0;
    this.sum = 0;
    this.sumOfSquares = 0;
    this.budget = 0;
    this.squares = 0;
    this.middle = Number.NaN;
    this.upper = Number.NaN;
    this.lower = Number.NaN;
    this.percentB = Number.NaN;
    this.bandwidth = Number.NaN;
  }

  /** Two passes over the window, oldest first (the batch form's order), with the residual correction. */
  private resync(): void {
    const window = this.window;
    const period = this.period;
    const head = this.head;
    let sum = 0;
    for (let j = head; j < period; j++) sum += window[j]!;
    for (let j = 0; j < head; j++) sum += window[j]!;
    const mean = sum / period;
    let residual = 0;
    let squares = 0;
    for (let j = head; j < period; j++) {
      const d = window[j]! - mean;
      residual += d;
      squares += d * d;
    }
    for (let j = 0; j < head; j++) {
      const d = window[j]! - mean;
      residual += d;
      squares += d * d;
    }
    this.shift = mean;
    this.sum = residual;
    this.sumOfSquares = squares;
    this.budget = squares;
    this.squares = squares - residual * residual * this.inverse;
    this.untilResync = this.interval;
  }
}

/**
 * Batch Bollinger bands over `values` (closes): NaN before period − 1. Writes into `out`'s arrays
 * when given. Same arithmetic, in the same order, as `BollingerBands`.
 */
export function bollingerBands(
  values: Float64Array,
  options: BollingerBandsOptions,
  out?: Partial<BollingerBandsOutput>,
): BollingerBandsOutput {
  validate(options);
  const { period, multiplier } = options;
  const length = values.length;
  const middle = outputBuffer('bbands', length, out?.middle);
  const upper = outputBuffer('bbands', length, out?.upper);
  const lower = outputBuffer('bbands', length, out?.lower);
  const percentB = outputBuffer('bbands', length, out?.percentB);
  const bandwidth = outputBuffer('bbands', length, out?.bandwidth);
  const warmup = Math.min(period - 1, length);
  for (let i = 0; i < warmup; i++) {
    if (Number.isNaN(values[i]!)) throw nanInputError('bbands', i);
    middle[i] = Number.NaN;
    upper[i] = Number.NaN;
    lower[i] = Number.NaN;
    percentB[i] = Number.NaN;
    bandwidth[i] = Number.NaN;
  }
  const inverse = 1 / period;
  const interval = resyncInterval(period);
  fill(values, warmup, period, inverse, interval, multiplier, middle, upper, lower, percentB, bandwidth);
  return { middle, upper, lower, percentB, bandwidth };
}

/**
 * The batch loop from bar `first` = period − 1, everything it needs passed in: V8 optimises a function while
 * its first call is still in this loop, and any operation before the loop (run before the function
 * gathered type feedback) would make that code de-optimise on the next call, leaving the process
 * with code half as fast. So nothing but constants precedes the loop.
 */
function fill(
  values: Float64Array,
  first: number,
  period: number,
  inverse: number,
  interval: number,
  multiplier: number,
  middle: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
  percentB: Float64Array,
  bandwidth: Float64Array,
): void {
  const length = values.length;
  let shift = 0;
  let sum = 0;
  let sumOfSquares = 0;
  let budget = 0;
  let squares = 0;
  let bad = -1;
  let i = first;
  // Each pass: one exact bar, then up to interval − 1 incremental ones, left early (to make the
  // next bar exact) when the rounding budget says the sums have lost too many digits.
  while (i < length) {
    const x0 = values[i]!;
    if (Number.isNaN(x0)) {
      bad = i;
      break;
    }
    const start = i - period + 1;
    let total = 0;
    for (let j = start; j <= i; j++) total += values[j]!;
    const center = total / period;
    let residual = 0;
    let deviations = 0;
    for (let j = start; j <= i; j++) {
      const d = values[j]! - center;
      residual += d;
      deviations += d * d;
    }
    shift = center;
    sum = residual;
    sumOfSquares = deviations;
    budget = deviations;
    squares = deviations - residual * residual * inverse;
    bands(i, x0, shift + sum * inverse, squares, inverse, multiplier, middle, upper, lower, percentB, bandwidth);
    i++;
    const end = Math.min(length, i + interval - 1);
    for (; i < end; i++) {
      const x = values[i]!;
      if (Number.isNaN(x)) {
        bad = i;
        break;
      }
      const u = x - shift;
      const v = values[i - period]! - shift;
      const uu = u * u;
      const vv = v * v;
      const nextSum = sum + (u - v);
      const nextSumOfSquares = sumOfSquares + (uu - vv);
      const nextBudget = budget + (uu + vv);
      const nextSquares = nextSumOfSquares - nextSum * nextSum * inverse;
      if (nextSquares < nextBudget * RESYNC_RATIO) break;
      sum = nextSum;
      sumOfSquares = nextSumOfSquares;
      budget = nextBudget;
      bands(i, x, shift + sum * inverse, nextSquares, inverse, multiplier, middle, upper, lower, percentB, bandwidth);
    }
    if (bad >= 0) break;
  }
  if (bad >= 0) throw nanInputError('bbands', bad);
}

/** Writes bar i's five outputs from the window's mean and its sum of squared deviations. */
function bands(
  i: number,
  x: number,
  mean: number,
  squares: number,
  inverse: number,
  multiplier: number,
  middle: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
  percentB: Float64Array,
  bandwidth: Float64Array,
): void {
  const deviation = multiplier * Math.sqrt(squares > 0 ? squares * inverse : 0);
  const up = mean + deviation;
  const down = mean - deviation;
  const width = up - down;
  middle[i] = mean;
  upper[i] = up;
  lower[i] = down;
  percentB[i] = width > 0 ? (x - down) / width : 0.5;
  bandwidth[i] = mean === 0 ? 0 : width / mean;
}
