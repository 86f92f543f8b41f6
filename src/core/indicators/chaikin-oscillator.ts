import { AccumulationDistribution } from './accumulation-distribution.ts';
import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';

export interface ChaikinOscillatorOptions {
  /** Period of the EMA the slow one is subtracted from (TA-Lib's optInFastPeriod), ≥ 2. */
  readonly fastPeriod: number;
  /** Period of the subtracted EMA (TA-Lib's optInSlowPeriod), ≥ 2. */
  readonly slowPeriod: number;
}

/** Index of the first value: max(fastPeriod, slowPeriod) − 1, TA-Lib's ADOSC lookback. */
export function chaikinOscillatorLookback(options: ChaikinOscillatorOptions): number {
  return Math.max(options.fastPeriod, options.slowPeriod) - 1;
}

function validate(options: ChaikinOscillatorOptions): void {
  requireInteger('adosc', 'fastPeriod', options.fastPeriod, 2);
  requireInteger('adosc', 'slowPeriod', options.slowPeriod, 2);
}

/**
 * Chaikin oscillator (TA-Lib ADOSC): EMA(fastPeriod) − EMA(slowPeriod) of the accumulation/
 * distribution line (see `AccumulationDistribution`, whose zero-range convention it shares: a bar
 * with high ≤ low adds no money flow). Units: volume.
 *
 * Seeding follows TA-Lib, not the SMA seed of its EMA function: both EMAs start at the first A/D
 * value (bar 0) and run from there with α = 2 / (period + 1); values are published from bar
 * max(fastPeriod, slowPeriod) − 1 on. Periods are not reordered: `fastPeriod` > `slowPeriod` gives
 * the negated oscillator, as in TA-Lib. Flat markets and zero volume give 0.
 */
export class ChaikinOscillator {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  private readonly fastAlpha: number;
  private readonly fastRetain: number;
  private readonly slowAlpha: number;
  private readonly slowRetain: number;
  private readonly warmup: number;
  private readonly line = new AccumulationDistribution();
  private count = 0;
  private fast = 0;
  private slow = 0;
  value = Number.NaN;

  constructor(options: ChaikinOscillatorOptions) {
    validate(options);
    this.fastPeriod = options.fastPeriod;
    this.slowPeriod = options.slowPeriod;
    this.fastAlpha = 2 / (options.fastPeriod + 1);
    this.fastRetain = 1 - this.fastAlpha;
    this.slowAlpha = 2 / (options.slowPeriod + 1);
    this.slowRetain = 1 - this.slowAlpha;
    this.warmup = chaikinOscillatorLookback(options) + 1;
  }

  get isReady(): boolean {
    return this.count >= this.warmup;
  }

  update(bar: BarInput): number {
    const { high, low, close, volume } = bar;
    if (Number.isNaN(high)) throw nanInputError('adosc', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('adosc', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('adosc', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('adosc', undefined, 'volume');
    const line = this.line.update(bar);
    if (this.count === 0) {
      this.fast = line;
      this.slow = line;
    } else {
      this.fast = this.fastAlpha * line + this.fastRetain * this.fast;
      this.slow = this.slowAlpha * line + this.slowRetain * this.slow;
    }
    if (++this.count >= this.warmup) this.value = this.fast - this.slow;
    return this.value;
  }

  reset(): void {
    this.line.reset();
    this.count = 0;
    this.fast = 0;
    this.slow = 0;
    this.value = Number.NaN;
  }
}

/** Batch Chaikin oscillator; NaN before `chaikinOscillatorLookback(options)`. Writes into `out` when given. */
export function chaikinOscillator(
  bars: Pick<BarColumns, 'high' | 'low' | 'close' | 'volume'>,
  options: ChaikinOscillatorOptions,
  out?: Float64Array,
): Float64Array {
  const { high, low, close, volume } = bars;
  return driveStreamingValue(new ChaikinOscillator(options), {
    name: 'adosc',
    columns: { high, low, close, volume },
    out,
  });
}
