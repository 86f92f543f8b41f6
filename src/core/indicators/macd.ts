import { nanInputError, outputBuffer, requireInteger } from './indicator.ts';

export interface MacdOptions {
  readonly fastPeriod: number;
  /** Must exceed `fastPeriod` (TA-Lib swaps them silently; this throws a RangeError). */
  readonly slowPeriod: number;
  readonly signalPeriod: number;
}

export interface MacdOutput {
  /** Fast EMA − slow EMA, in price units. */
  readonly macd: Float64Array;
  /** EMA of the MACD line. */
  readonly signal: Float64Array;
  /** MACD line − signal. */
  readonly histogram: Float64Array;
}

/** Index of the first output (all three share it): (slowPeriod − 1) + (signalPeriod − 1). */
export function macdLookback(options: MacdOptions): number {
  return options.slowPeriod - 1 + options.signalPeriod - 1;
}

function validate(options: MacdOptions): void {
  requireInteger('macd', 'fastPeriod', options.fastPeriod);
  requireInteger('macd', 'slowPeriod', options.slowPeriod, 2);
  requireInteger('macd', 'signalPeriod', options.signalPeriod);
  if (options.fastPeriod >= options.slowPeriod)
    throw new RangeError(
      `macd: fastPeriod (${options.fastPeriod}) must be less than slowPeriod (${options.slowPeriod})`,
    );
}

/**
 * Moving average convergence/divergence exactly as TA-Lib's MACD. Both EMAs (α = 2 / (n + 1)) are
 * seeded with a simple average whose window ends at bar slowPeriod − 1: the slow one over the
 * first slowPeriod closes, the fast one over the fastPeriod closes ending there (not the first
 * fastPeriod closes, as a stand-alone EMA would be). The signal EMA is seeded with the simple
 * average of the first signalPeriod MACD values. All outputs start at `macdLookback` (the MACD
 * line, though computable from bar slowPeriod − 1, is NaN until the signal exists). TradingView's
 * EMAs start from the first close instead (see `EmaSeed`), so its early values differ; the two
 * converge within a few times slowPeriod bars. O(1) per update, no allocation.
 */
export class Macd {
  private readonly fastAlpha: number;
  private readonly slowAlpha: number;
  private readonly signalAlpha: number;
  private readonly fastPeriod: number;
  private readonly slowPeriod: number;
  private readonly signalPeriod: number;
  private count = 0;
  private fastSum = 0;
  private slowSum = 0;
  private signalSum = 0;
  private fast = 0;
  private slow = 0;
  private line = 0;
  private average = 0;
  macd = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;

  constructor(options: MacdOptions) {
    validate(options);
    this.fastPeriod = options.fastPeriod;
    this.slowPeriod = options.slowPeriod;
    this.signalPeriod = options.signalPeriod;
    this.fastAlpha = 2 / (options.fastPeriod + 1);
    this.slowAlpha = 2 / (options.slowPeriod + 1);
    this.signalAlpha = 2 / (options.signalPeriod + 1);
  }

  get isReady(): boolean {
    return this.count >= this.slowPeriod + this.signalPeriod - 1;
  }

  update(input: number): this {
    if (Number.isNaN(input)) throw nanInputError('macd');
    const slowPeriod = this.slowPeriod;
    const ready = slowPeriod + this.signalPeriod - 1;
    if (this.count >= ready) {
      this.fast += this.fastAlpha * (input - this.fast);
      this.slow += this.slowAlpha * (input - this.slow);
      const line = this.fast - this.slow;
      this.average += this.signalAlpha * (line - this.average);
      this.macd = line;
      this.signal = this.average;
      this.histogram = line - this.average;
      return this;
    }
    const count = ++this.count;
    if (count < slowPeriod) {
      this.slowSum += input;
      if (count > slowPeriod - this.fastPeriod) this.fastSum += input;
      return this;
    }
    if (count === slowPeriod) {
      this.slow = (this.slowSum + input) / slowPeriod;
      this.fast = (this.fastSum + input) / this.fastPeriod;
    } else {
      this.fast += this.fastAlpha * (input - this.fast);
      this.slow += this.slowAlpha * (input - this.slow);
    }
    this.line = this.fast - this.slow;
    this.signalSum += this.line;
    if (count === ready) {
      this.average = this.signalSum / this.signalPeriod;
      this.macd = this.line;
      this.signal = this.average;
      this.histogram = this.line - this.average;
    }
    return this;
  }

  reset(): void {
    this.count = 0;
    this.fastSum = 0;
    this.slowSum = 0;
    this.signalSum = 0;
    this.fast = 0;
    this.slow = 0;
    this.line = 0;
    this.average = 0;
    this.macd = Number.NaN;
    this.signal = Number.NaN;
    this.histogram = Number.NaN;
  }
}

/** Batch MACD over `values`; every output NaN before `macdLookback(options)`. Writes into `out` when given. */
export function macd(values: Float64Array, options: MacdOptions, out?: Partial<MacdOutput>): MacdOutput {
  validate(options);
  const { fastPeriod, slowPeriod, signalPeriod } = options;
  const length = values.length;
  const line = outputBuffer('macd', length, out?.macd);
  const signal = outputBuffer('macd', length, out?.signal);
  const histogram = outputBuffer('macd', length, out?.histogram);
  const lookback = slowPeriod - 1 + signalPeriod - 1;
  const warmup = Math.min(lookback, length);
  const fastStart = slowPeriod - fastPeriod;
  const fastAlpha = 2 / (fastPeriod + 1);
  const slowAlpha = 2 / (slowPeriod + 1);
  const signalAlpha = 2 / (signalPeriod + 1);
  let fastSum = 0;
  let slowSum = 0;
  let signalSum = 0;
  let fast = 0;
  let slow = 0;
  for (let i = 0; i < warmup; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('macd', i);
    if (i < slowPeriod - 1) {
      slowSum += x;
      if (i >= fastStart) fastSum += x;
    } else {
      if (i === slowPeriod - 1) {
        slow = (slowSum + x) / slowPeriod;
        fast = (fastSum + x) / fastPeriod;
      } else {
        fast += fastAlpha * (x - fast);
        slow += slowAlpha * (x - slow);
      }
      signalSum += fast - slow;
    }
    line[i] = Number.NaN;
    signal[i] = Number.NaN;
    histogram[i] = Number.NaN;
  }
  if (length <= lookback) return { macd: line, signal, histogram };
  const x0 = values[lookback]!;
  if (Number.isNaN(x0)) throw nanInputError('macd', lookback);
  if (lookback === slowPeriod - 1) {
    slow = (slowSum + x0) / slowPeriod;
    fast = (fastSum + x0) / fastPeriod;
  } else {
    fast += fastAlpha * (x0 - fast);
    slow += slowAlpha * (x0 - slow);
  }
  let value = fast - slow;
  let average = (signalSum + value) / signalPeriod;
  line[lookback] = value;
  signal[lookback] = average;
  histogram[lookback] = value - average;
  // The throw sits after the loop: a call inside it would push the loop's state out of registers.
  let nanAt = -1;
  for (let i = lookback + 1; i < length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) {
      nanAt = i;
      break;
    }
    fast += fastAlpha * (x - fast);
    slow += slowAlpha * (x - slow);
    value = fast - slow;
    average += signalAlpha * (value - average);
    line[i] = value;
    signal[i] = average;
    histogram[i] = value - average;
  }
  if (nanAt >= 0) throw nanInputError('macd', nanAt);
  return { macd: line, signal, histogram };
}
