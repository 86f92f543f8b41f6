import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireNumber } from './indicator.ts';

export interface ParabolicSarOptions {
  /** Acceleration factor: the start and the step, ≥ 0; values above `maximum` are lowered to it (TA-Lib). */
  readonly acceleration: number;
  /** Largest acceleration factor, ≥ 0. */
  readonly maximum: number;
}

/** The first SAR is at bar 1: bar 0 only provides the initial direction and stop. */
export function parabolicSarLookback(): number {
  return 1;
}

function validate(options: ParabolicSarOptions): number {
  requireNumber('sar', 'acceleration', options.acceleration, 0);
  requireNumber('sar', 'maximum', options.maximum, 0);
  return Math.min(options.acceleration, options.maximum);
}

/**
 * Wilder's parabolic stop-and-reverse, in price units, with TA-Lib's SAR conventions so values are
 * identical to it. The direction for bar 1 is short when bar 1's low falls below bar 0's low by more
 * than its high rises above bar 0's high (−DM > +DM), long otherwise (ties go long). The first stop
 * is bar 0's low (long) or high (short), and the first extreme point bar 1's high (long) or low
 * (short). Each bar outputs the stop computed on the previous bar (or, when the bar's low/high
 * crosses it, the reversal stop: the extreme point, moved outside this and the previous bar's
 * range); the next stop then moves by af · (extreme − stop) and is kept outside the last two bars'
 * range. af starts at `acceleration`, grows by it at each new extreme, up to `maximum`.
 * TradingView's `ta.sar` bootstraps differently (from the first two closes), so its first values differ.
 *
 * Reads high and low. O(1) per update, no allocation.
 */
export class ParabolicSar {
  readonly acceleration: number;
  readonly maximum: number;
  private count = 0;
  private isLong = true;
  private factor = 0;
  private extreme = 0;
  /** The stop for the next bar. */
  private stop = 0;
  private previousHigh = 0;
  private previousLow = 0;
  value = Number.NaN;

  constructor(options: ParabolicSarOptions) {
    this.acceleration = validate(options);
    this.maximum = options.maximum;
  }

  get isReady(): boolean {
    return this.count > 1;
  }

  update(bar: BarInput): number {
    const high = bar.high;
    const low = bar.low;
    if (Number.isNaN(high)) throw nanInputError('sar', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('sar', undefined, 'low');
    if (this.count === 0) {
      this.count = 1;
      this.previousHigh = high;
      this.previousLow = low;
      return this.value;
    }
    if (this.count === 1) {
      this.count = 2;
      const up = high - this.previousHigh;
      const down = this.previousLow - low;
      this.isLong = !(down > 0 && up < down);
      this.stop = this.isLong ? this.previousLow : this.previousHigh;
      this.extreme = this.isLong ? high : low;
      this.factor = this.acceleration;
      this.previousHigh = high;
      this.previousLow = low;
    }
    const previousHigh = this.previousHigh;
    const previousLow = this.previousLow;
    let stop = this.stop;
    if (this.isLong) {
      if (low <= stop) {
        this.isLong = false;
        stop = this.extreme;
        if (stop < previousHigh) stop = previousHigh;
        if (stop < high) stop = high;
        this.value = stop;
        this.factor = this.acceleration;
        this.extreme = low;
        stop += this.factor * (low - stop);
        if (stop < previousHigh) stop = previousHigh;
        if (stop < high) stop = high;
      } else {
        this.value = stop;
        if (high > this.extreme) {
          this.extreme = high;
          this.factor += this.acceleration;
          if (this.factor > this.maximum) this.factor = this.maximum;
        }
        stop += this.factor * (this.extreme - stop);
        if (stop > previousLow) stop = previousLow;
        if (stop > low) stop = low;
      }
    } else if (high >= stop) {
      this.isLong = true;
      stop = this.extreme;
      if (stop > previousLow) stop = previousLow;
      if (stop > low) stop = low;
      this.value = stop;
      this.factor = this.acceleration;
      this.extreme = high;
      stop += this.factor * (high - stop);
      if (stop > previousLow) stop = previousLow;
      if (stop > low) stop = low;
    } else {
      this.value = stop;
      if (low < this.extreme) {
        this.extreme = low;
        this.factor += this.acceleration;
        if (this.factor > this.maximum) this.factor = this.maximum;
      }
      stop += this.factor * (this.extreme - stop);
      if (stop < previousHigh) stop = previousHigh;
      if (stop < high) stop = high;
    }
    this.stop = stop;
    this.previousHigh = high;
    this.previousLow = low;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.isLong = true;
    this.factor = 0;
    this.extreme = 0;
    this.stop = 0;
    this.previousHigh = 0;
    this.previousLow = 0;
    this.value = Number.NaN;
  }
}

/** Batch parabolic SAR over highs and lows; NaN at bar 0. Writes into `out` when given. */
export function parabolicSar(
  bars: Pick<BarColumns, 'high' | 'low'>,
  options: ParabolicSarOptions,
  out?: Float64Array,
): Float64Array {
  const { high, low } = bars;
  return driveStreamingValue(new ParabolicSar(options), { name: 'sar', columns: { high, low }, out });
}
