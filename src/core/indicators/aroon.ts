import {
  type BarColumns,
  type BarInput,
  commonLength,
  nanInputError,
  outputBuffer,
  requireInteger,
} from './indicator.ts';
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
 * Batch Aroon over high and low; every output NaN before `aroonLookback(options)`. Tracks the
 * extremes' indices and re-scans the window only when one leaves it (faster than deques on real
 * prices). Writes into `out` when given.
 */
export function aroon(
  bars: Pick<BarColumns, 'high' | 'low'>,
  options: AroonOptions,
  out?: Partial<AroonOutput>,
): AroonOutput {
  const period = validate(options);
  const { high, low } = bars;
  const length = commonLength('aroon', high, low);
  const up = outputBuffer('aroon', length, out?.up);
  const down = outputBuffer('aroon', length, out?.down);
  const oscillator = outputBuffer('aroon', length, out?.oscillator);
  const factor = 100 / period;
  let highestAt = -1;
  let lowestAt = -1;
  let highest = 0;
  let lowest = 0;
  for (let i = 0; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    if (Number.isNaN(h)) throw nanInputError('aroon', i, 'high');
    if (Number.isNaN(l)) throw nanInputError('aroon', i, 'low');
    const first = i - period;
    if (highestAt < first) {
      highestAt = first > 0 ? first : 0;
      highest = high[highestAt]!;
      for (let j = highestAt + 1; j <= i; j++) {
        if (high[j]! >= highest) {
          highest = high[j]!;
          highestAt = j;
        }
      }
    } else if (h >= highest) {
      highest = h;
      highestAt = i;
    }
    if (lowestAt < first) {
      lowestAt = first > 0 ? first : 0;
      lowest = low[lowestAt]!;
      for (let j = lowestAt + 1; j <= i; j++) {
        if (low[j]! <= lowest) {
          lowest = low[j]!;
          lowestAt = j;
        }
      }
    } else if (l <= lowest) {
      lowest = l;
      lowestAt = i;
    }
    if (i < period) {
      up[i] = Number.NaN;
      down[i] = Number.NaN;
      oscillator[i] = Number.NaN;
    } else {
      up[i] = factor * (period - (i - highestAt));
      down[i] = factor * (period - (i - lowestAt));
      oscillator[i] = factor * (highestAt - lowestAt);
    }
  }
  return { up, down, oscillator };
}
