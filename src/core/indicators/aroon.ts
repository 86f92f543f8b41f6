import { driveStreaming } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { RollingExtreme } from './rolling-extreme.ts';

export interface AroonOptions {
  /** Bars looked back; the window holds period + 1 bars (the current one and `period` before it). */
  readonly period: number;
}

export interface AroonOutput {
  /** 100 · (period − bars since the highest high) / period, 0–100. */
  readonly up: Float64Array;
  /** 100 · (period − bars since the lowest low) / period, 0–100. */
  readonly down: Float64Array;
  /** up − down, −100 to 100 (TA-Lib's AROONOSC). */
  readonly oscillator: Float64Array;
}

/** Index of the first output (all three share it): `period`. */
export function aroonLookback(options: AroonOptions): number {
  return options.period;
}

function validate(options: AroonOptions): number {
  return requireInteger('aroon', 'period', options.period, 2);
}

/**
 * Aroon up, down and oscillator, as TA-Lib's AROON and AROONOSC: over the last period + 1 bars,
 * up = 100 · (period − bars since the highest high) / period and down likewise with the lowest low;
 * oscillator = up − down. Of equal highs (lows) in the window the most recent counts, as in TA-Lib.
 * Flat prices therefore give up = down = 100 and an oscillator of 0. O(1) amortised per update
 * (monotonic deques), no allocation.
 */
export class Aroon {
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private readonly factor: number;
  up = Number.NaN;
  down = Number.NaN;
  oscillator = Number.NaN;

  constructor(options: AroonOptions) {
    this.period = validate(options);
    this.highest = new RollingExtreme(this.period + 1, 1);
    this.lowest = new RollingExtreme(this.period + 1, -1);
    this.factor = 100 / this.period;
  }

  get isReady(): boolean {
    return this.highest.isFull;
  }

  update(bar: BarInput): this {
    const { high, low } = bar;
    if (Number.isNaN(high)) throw nanInputError('aroon', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('aroon', undefined, 'low');
    this.highest.push(high);
    this.lowest.push(low);
    if (this.highest.isFull) {
      const highAge = this.highest.age;
      const lowAge = this.lowest.age;
      const factor = this.factor;
      this.up = factor * (this.period - highAge);
      this.down = factor * (this.period - lowAge);
      this.oscillator = factor * (lowAge - highAge);
    }
    return this;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.up = Number.NaN;
    this.down = Number.NaN;
    this.oscillator = Number.NaN;
  }
}

/**
 * Batch Aroon over high and low; every output NaN before `aroonLookback(options)`. Drives one `Aroon`,
 * so both forms are the same arithmetic. Writes into `out` when given.
 */
export function aroon(
  bars: Pick<BarColumns, 'high' | 'low'>,
  options: AroonOptions,
  out?: Partial<AroonOutput>,
): AroonOutput {
  const { high, low } = bars;
  const outputs = ['up', 'down', 'oscillator'] as const;
  return driveStreaming(new Aroon(options), { name: 'aroon', columns: { high, low }, outputs, out });
}
