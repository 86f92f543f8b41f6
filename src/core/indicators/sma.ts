import { nanInputError, outputBuffer, requireInteger } from './indicator.ts';

/**
 * Updates between exact re-summations of a rolling window. Rolling indicators keep plain running
 * sums (fast, one add and one subtract per bar) and, every `resyncInterval(period)` full-window
 * updates, replace them with a fresh sum of the window, oldest value first. Rounding error therefore
 * never accumulates over more than this many updates, whatever the series length, at an amortised
 * cost of at most one extra addition per bar. Batch and streaming resynchronise at the same bars,
 * so both forms stay bit-identical.
 */
export function resyncInterval(period: number): number {
  return Math.max(period, 1024);
}

export interface SmaOptions {
  /** Bars in the average, ≥ 1. */
  readonly period: number;
}

/** Index of the first SMA value: period − 1 (TA-Lib's SMA lookback). */
export function smaLookback(options: SmaOptions): number {
  return options.period - 1;
}

/**
 * Simple moving average: the arithmetic mean of the last `period` inputs, as TA-Lib's SMA. First
 * value at index period − 1. A running sum over a ring buffer, updated as `sum += x − oldest` (one
 * dependent addition per bar), re-summed exactly every `resyncInterval(period)` updates so a
 * million bars do not drift. O(1) per update, no allocation after construction.
 */
export class Sma {
  readonly period: number;
  private readonly window: Float64Array;
  private readonly resyncEvery: number;
  /** Ring slot of the next write; once the window is full, the slot of the oldest value. */
  private index = 0;
  private count = 0;
  private sum = 0;
  private untilResync = 0;
  value = Number.NaN;

  constructor(options: SmaOptions) {
    this.period = requireInteger('sma', 'period', options.period);
    this.window = new Float64Array(this.period);
    this.resyncEvery = resyncInterval(this.period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('sma');
    const period = this.period;
    const window = this.window;
    const slot = this.index;
    this.index = slot + 1 === period ? 0 : slot + 1;
    if (this.count < period) {
      this.sum += input;
      window[slot] = input;
      if (++this.count < period) return this.value;
      this.untilResync = this.resyncEvery;
    } else if (--this.untilResync === 0) {
      window[slot] = input;
      let sum = 0;
      for (let k = this.index; k < period; k++) sum += window[k]!;
      for (let k = 0; k < this.index; k++) sum += window[k]!;
      this.sum = sum;
      this.untilResync = this.resyncEvery;
    } else {
      this.sum += input - window[slot]!;
      window[slot] = input;
    }
    this.value = this.sum / period;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.untilResync = 0;
    this.value = Number.NaN;
  }
}

/**
 * Batch SMA over `values`; NaN before `smaLookback(options)`. Writes into `out` when given. The
 * same arithmetic, in the same order, as `Sma` (re-summation at the same bars), so the two agree bit
 * for bit.
 */
export function sma(values: Float64Array, options: SmaOptions, out?: Float64Array): Float64Array {
  const period = requireInteger('sma', 'period', options.period);
  const length = values.length;
  const result = outputBuffer('sma', length, out);
  const warmup = Math.min(period, length);
  let sum = 0;
  for (let i = 0; i < warmup; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('sma', i);
    sum += x;
    result[i] = Number.NaN;
  }
  if (warmup < period) return result;
  result[period - 1] = sum / period;
  return smaBlocks(values, period, sum, result);
}

/**
 * Bars period … end in blocks between re-summations, so the inner loop has no extra branch; in a
 * function of its own because V8 optimises a loop with nothing but constants before it more
 * reliably (seen: half speed otherwise).
 */
function smaBlocks(values: Float64Array, period: number, seedSum: number, result: Float64Array): Float64Array {
  const length = result.length;
  const resyncEvery = resyncInterval(period);
  let sum = seedSum;
  let i = period;
  while (i < length) {
    const blockEnd = Math.min(length, i + resyncEvery - 1);
    const blockStart = i;
    for (; i < blockEnd; i++) {
      sum += values[i]! - values[i - period]!;
      result[i] = sum / period;
    }
    // No test per bar: a NaN entering the running sum keeps it NaN until the re-summation, so
    // one test per block finds it (±∞ inputs can also make it NaN; they are not missing values).
    if (Number.isNaN(sum)) {
      for (let k = blockStart; k < blockEnd; k++) if (Number.isNaN(values[k]!)) throw nanInputError('sma', k);
    }
    if (i === length) break;
    if (Number.isNaN(values[i]!)) throw nanInputError('sma', i);
    sum = 0;
    for (let k = i - period + 1; k <= i; k++) sum += values[k]!;
    result[i] = sum / period;
    i++;
  }
  return result;
}
