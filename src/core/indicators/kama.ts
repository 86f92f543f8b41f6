import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface KamaOptions {
  /** Bars over which the efficiency ratio compares net change with total movement, ≥ 1. */
  readonly period: number;
  /** Period of the fastest smoothing (EMA-equivalent), ≥ 1; TA-Lib fixes it at 2. */
  readonly fast?: number;
  /** Period of the slowest smoothing (EMA-equivalent), ≥ 1; TA-Lib fixes it at 30. */
  readonly slow?: number;
}

/** Index of the first KAMA value: period, TA-Lib's KAMA lookback (it needs period price changes). */
export function kamaLookback(options: KamaOptions): number {
  return options.period;
}

function validate(options: KamaOptions): { period: number; slowConstant: number; constantRange: number } {
  const period = requireInteger('kama', 'period', options.period);
  const fastConstant = 2 / (requireInteger('kama', 'fast', options.fast ?? 2) + 1);
  const slowConstant = 2 / (requireInteger('kama', 'slow', options.slow ?? 30) + 1);
  return { period, slowConstant, constantRange: fastConstant - slowConstant };
}

/**
 * Kaufman's adaptive moving average, as TA-Lib's KAMA. Efficiency ratio ER = |x − x[period ago]| /
 * Σ|bar-to-bar changes| over the last `period` changes; smoothing constant sc = (ER·(2/(fast+1) −
 * 2/(slow+1)) + 2/(slow+1))²; KAMA += sc·(x − KAMA). The first value, at bar `period`, starts from
 * the previous input as the prior KAMA (TA-Lib's seed). Flat window (no movement at all, where ER is
 * 0/0): ER = 1 as in TA-Lib, which leaves KAMA unchanged on flat prices; TA-Lib also treats a total
 * movement below 1e-14 as zero, we test for exactly zero movement (a count of non-zero changes), so
 * the two differ only for price steps below 1e-14. The movement sum is re-summed exactly every
 * `resyncInterval(period)` updates so it cannot drift. O(1) per update, no allocation after
 * construction.
 */
export class Kama {
  readonly period: number;
  private readonly slowConstant: number;
  private readonly constantRange: number;
  /** The last period + 1 inputs. */
  private readonly window: Float64Array;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest input. */
  private index = 0;
  private count = 0;
  /** Σ|x(k) − x(k−1)| over the changes inside the window. */
  private movement = 0;
  /** How many of those changes are non-zero: zero means an exactly flat window. */
  private moves = 0;
  private previous = Number.NaN;
  private untilResync: number;
  value = Number.NaN;

  constructor(options: KamaOptions) {
    const { period, slowConstant, constantRange } = validate(options);
    this.period = period;
    this.slowConstant = slowConstant;
    this.constantRange = constantRange;
    this.window = new Float64Array(period + 1);
    this.resyncEvery = resyncInterval(period);
    this.untilResync = this.resyncEvery;
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('kama');
    const size = this.period + 1;
    const window = this.window;
    const previous = this.previous;
    const next = this.index + 1 === size ? 0 : this.index + 1;
    if (this.count > 0) {
      if (this.count === size) {
        const leaving = Math.abs(window[next]! - window[this.index]!);
        this.movement -= leaving;
        if (leaving !== 0) this.moves--;
      }
      const change = Math.abs(input - previous);
      this.movement += change;
      if (change !== 0) this.moves++;
    }
    window[this.index] = input;
    this.index = next;
    this.previous = input;
    const first = this.count < size;
    if (first && ++this.count < size) return this.value;
    if (--this.untilResync === 0) {
      let movement = 0;
      let slot = next;
      let last = window[slot]!;
      for (let k = 1; k < size; k++) {
        slot = slot + 1 === size ? 0 : slot + 1;
        const x = window[slot]!;
        movement += Math.abs(x - last);
        last = x;
      }
      this.movement = movement;
      this.untilResync = this.resyncEvery;
    }
    const net = Math.abs(input - window[next]!);
    const efficiency = this.moves === 0 || net >= this.movement ? 1 : net / this.movement;
    let smoothing = efficiency * this.constantRange + this.slowConstant;
    smoothing *= smoothing;
    const prior = first ? previous : this.value;
    this.value = (input - prior) * smoothing + prior;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.movement = 0;
    this.moves = 0;
    this.previous = Number.NaN;
    this.untilResync = this.resyncEvery;
    this.value = Number.NaN;
  }
}

/**
 * Batch KAMA over `values`; NaN before `kamaLookback(options)`. Writes into `out` when given. Drives
 * one `Kama`, so both forms are the same arithmetic.
 */
export function kama(values: Float64Array, options: KamaOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Kama(options), { name: 'kama', columns: { input: values }, out });
}
