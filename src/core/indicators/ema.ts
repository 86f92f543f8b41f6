import { nanInputError, outputBuffer, requireInteger } from './indicator.ts';

/**
 * How an exponential average starts. `sma` (TA-Lib, the default): the first value is the simple
 * average of the first `period` inputs, at index period − 1. `first` (TradingView's `ta.ema`
 * after its first bar, Tulip, pandas `ewm(adjust=False)`): the first input is the first value, at
 * index 0. The two converge; they differ noticeably for about 3 × period bars.
 */
export const EmaSeed = { Sma: 'sma', First: 'first' } as const;
export type EmaSeed = (typeof EmaSeed)[keyof typeof EmaSeed];

export interface EmaOptions {
  readonly period: number;
  readonly seed?: EmaSeed;
}

/** Index of the first EMA value. */
export function emaLookback(options: EmaOptions): number {
  return options.seed === EmaSeed.First ? 0 : options.period - 1;
}

function validate(options: EmaOptions): number {
  requireInteger('ema', 'period', options.period);
  if (options.seed !== undefined && options.seed !== EmaSeed.Sma && options.seed !== EmaSeed.First)
    throw new RangeError(`ema: seed must be 'sma' or 'first', got ${String(options.seed)}`);
  return 2 / (options.period + 1);
}

/**
 * Exponential moving average, α = 2 / (period + 1), seeded as `options.seed` says (TA-Lib's SMA
 * seed by default). Each step is `ema·(1 − α) + α·x`: two dependent operations per bar instead of
 * TA-Lib's three (`ema + α·(x − ema)`), the same value to within rounding (≤ 1e-15 relative).
 * O(1) per update, no allocation.
 */
export class Ema {
  readonly period: number;
  private readonly alpha: number;
  private readonly decay: number;
  private readonly warmup: number;
  private count = 0;
  private sum = 0;
  value = Number.NaN;

  constructor(options: EmaOptions) {
    this.alpha = validate(options);
    this.decay = 1 - this.alpha;
    this.period = options.period;
    this.warmup = options.seed === EmaSeed.First ? 1 : options.period;
  }

  get isReady(): boolean {
    return this.count >= this.warmup;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('ema');
    if (this.count >= this.warmup) {
      this.value = this.value * this.decay + this.alpha * input;
    } else {
      this.sum += input;
      if (++this.count === this.warmup) this.value = this.sum / this.warmup;
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}

/** Batch EMA over `values`; NaN before `emaLookback(options)`. Writes into `out` when given. */
export function ema(values: Float64Array, options: EmaOptions, out?: Float64Array): Float64Array {
  const alpha = validate(options);
  const length = values.length;
  const result = outputBuffer('ema', length, out);
  const warmup = Math.min(options.seed === EmaSeed.First ? 1 : options.period, length);
  let sum = 0;
  for (let i = 0; i < warmup; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) throw nanInputError('ema', i);
    sum += x;
    result[i] = Number.NaN;
  }
  if (warmup < (options.seed === EmaSeed.First ? 1 : options.period)) return result;
  result[warmup - 1] = sum / warmup;
  return emaRecursion(values, alpha, warmup, sum / warmup, result);
}

/**
 * The recursion from `start` on, in a function of its own: V8 optimises a loop with nothing but
 * constants before it more reliably than one behind the warm-up loop (seen: half speed otherwise).
 * No test per bar: a NaN input makes every later value NaN, so one test of the last value finds
 * it, and only then are the inputs searched for the first NaN (±∞ inputs can also end in NaN;
 * they are numbers, not missing values, and return as computed).
 */
function emaRecursion(
  values: Float64Array,
  alpha: number,
  start: number,
  seed: number,
  result: Float64Array,
): Float64Array {
  const decay = 1 - alpha;
  const length = values.length;
  let value = seed;
  for (let i = start; i < length; i++) {
    value = value * decay + alpha * values[i]!;
    result[i] = value;
  }
  if (Number.isNaN(value)) {
    for (let i = start; i < length; i++) if (Number.isNaN(values[i])) throw nanInputError('ema', i);
  }
  return result;
}
