import {
  type BarColumns,
  type BarInput,
  commonLength,
  nanInputError,
  outputBuffer,
  requireInteger,
} from './indicator.ts';
import { RollingExtreme } from './rolling-extreme.ts';

export interface WilliamsROptions {
  /** Bars in the highest-high / lowest-low window; at least 2. */
  readonly period: number;
}

/** Index of the first %R value: `period` − 1. */
export function williamsRLookback(options: WilliamsROptions): number {
  return options.period - 1;
}

function validate(options: WilliamsROptions): number {
  return requireInteger('willr', 'period', options.period, 2);
}

/**
 * Williams %R, −100 (close at the lowest low) to 0 (close at the highest high), as TA-Lib's WILLR:
 * −100 · (highest high − close) / (highest high − lowest low) over `period` bars. A zero range
 * (flat window) gives 0, TA-Lib's convention. O(1) amortised per update (monotonic deques), no
 * allocation.
 */
export class WilliamsR {
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  value = Number.NaN;

  constructor(options: WilliamsROptions) {
    this.period = validate(options);
    this.highest = new RollingExtreme(this.period, 1);
    this.lowest = new RollingExtreme(this.period, -1);
  }

  get isReady(): boolean {
    return this.highest.isFull;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('willr', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('willr', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('willr', undefined, 'close');
    const highest = this.highest.push(high);
    const lowest = this.lowest.push(low);
    if (this.highest.isFull) {
      const scale = (highest - lowest) / -100;
      this.value = scale !== 0 ? (highest - close) / scale : 0;
    }
    return this.value;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch Williams %R over high, low and close; NaN before `williamsRLookback(options)`. Tracks the
 * extremes' indices and re-scans the window only when one leaves it: on real prices that is faster
 * than deques (fewer unpredictable branches), O(period) per bar only in a steady one-way trend.
 * Writes into `out` when given.
 */
export function williamsR(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: WilliamsROptions,
  out?: Float64Array,
): Float64Array {
  const period = validate(options);
  const { high, low, close } = bars;
  const length = commonLength('willr', high, low, close);
  const result = outputBuffer('willr', length, out);
  let highestAt = -1;
  let lowestAt = -1;
  let highest = 0;
  let lowest = 0;
  for (let i = 0; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    if (Number.isNaN(h)) throw nanInputError('willr', i, 'high');
    if (Number.isNaN(l)) throw nanInputError('willr', i, 'low');
    if (Number.isNaN(c)) throw nanInputError('willr', i, 'close');
    const first = i - period + 1;
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
    if (i < period - 1) {
      result[i] = Number.NaN;
    } else {
      const scale = (highest - lowest) / -100;
      result[i] = scale !== 0 ? (highest - c) / scale : 0;
    }
  }
  return result;
}
