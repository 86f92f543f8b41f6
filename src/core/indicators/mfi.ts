import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { resyncInterval } from './sma.ts';

export interface MfiOptions {
  /** Money flows (bar-to-bar changes of the typical price) summed; at least 2. */
  readonly period: number;
}

/** Index of the first MFI value: `period` (the first bar has no change, hence no flow). */
export function mfiLookback(options: MfiOptions): number {
  return options.period;
}

function validate(options: MfiOptions): number {
  return requireInteger('mfi', 'period', options.period, 2);
}

/**
 * Money flow index, 0–100, as TA-Lib's MFI: with tp = (high + low + close) / 3 and flow = tp ·
 * volume, a bar whose tp rose adds its flow to the positive sum, one whose tp fell to the negative
 * sum, an unchanged tp to neither; MFI = 100 · positive / (positive + negative) over the last
 * `period` flows. No flow at all in the window (zero volume, flat prices) gives 0, TA-Lib's value.
 * TA-Lib returns that 0 whenever the two sums add up to less than 1 (in price × volume units), which
 * wipes out MFI on series with little quote volume per bar (a small altcoin priced in BTC); here
 * only an exact zero does, so MFI does not depend on the units of price or volume. The running
 * sums are re-summed exactly every max(period, 1024) flows and a side with no flow in the window is
 * exactly 0, so cancellation cannot leave a residue. O(1) amortised per update, no allocation.
 */
export class Mfi {
  readonly period: number;
  private readonly positive: Float64Array;
  private readonly negative: Float64Array;
  private readonly resyncEvery: number;
  private flows = -1;
  private next = 0;
  private untilResync: number;
  private previous = 0;
  private positiveSum = 0;
  private negativeSum = 0;
  private positiveCount = 0;
  private negativeCount = 0;
  value = Number.NaN;

  constructor(options: MfiOptions) {
    this.period = validate(options);
    this.positive = new Float64Array(this.period);
    this.negative = new Float64Array(this.period);
    this.resyncEvery = resyncInterval(this.period);
    this.untilResync = this.resyncEvery;
  }

  get isReady(): boolean {
    return this.flows >= this.period;
  }

  update(bar: BarInput): number {
    const { high, low, close, volume } = bar;
    if (Number.isNaN(high)) throw nanInputError('mfi', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('mfi', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('mfi', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('mfi', undefined, 'volume');
    const typical = (high + low + close) / 3;
    const change = typical - this.previous;
    this.previous = typical;
    if (++this.flows === 0) return this.value;
    const period = this.period;
    const slot = this.next;
    const positive = this.positive;
    const negative = this.negative;
    if (this.flows > period) {
      const p = positive[slot]!;
      const n = negative[slot]!;
      if (p !== 0) {
        this.positiveSum -= p;
        this.positiveCount--;
      }
      if (n !== 0) {
        this.negativeSum -= n;
        this.negativeCount--;
      }
    }
    const flow = typical * volume;
    const p = change > 0 ? flow : 0;
    const n = change < 0 ? flow : 0;
    positive[slot] = p;
    negative[slot] = n;
    if (p !== 0) {
      this.positiveSum += p;
      this.positiveCount++;
    }
    if (n !== 0) {
      this.negativeSum += n;
      this.negativeCount++;
    }
    if (this.positiveCount === 0) this.positiveSum = 0;
    if (this.negativeCount === 0) this.negativeSum = 0;
    this.next = slot + 1 === period ? 0 : slot + 1;
    if (--this.untilResync === 0) {
      this.untilResync = this.resyncEvery;
      let up = 0;
      let down = 0;
      for (let j = 0; j < period; j++) {
        up += positive[j]!;
        down += negative[j]!;
      }
      this.positiveSum = up;
      this.negativeSum = down;
    }
    if (this.flows >= period) {
      const total = this.positiveSum + this.negativeSum;
      this.value = total !== 0 ? 100 * (this.positiveSum / total) : 0;
    }
    return this.value;
  }

  reset(): void {
    this.positive.fill(0);
    this.negative.fill(0);
    this.flows = -1;
    this.next = 0;
    this.untilResync = this.resyncEvery;
    this.previous = 0;
    this.positiveSum = 0;
    this.negativeSum = 0;
    this.positiveCount = 0;
    this.negativeCount = 0;
    this.value = Number.NaN;
  }
}

/**
 * Batch MFI over high, low, close and volume; NaN before `mfiLookback(options)`. Drives one `Mfi`, so
 * both forms are the same arithmetic. Writes into `out` when given.
 */
export function mfi(
  bars: Pick<BarColumns, 'high' | 'low' | 'close' | 'volume'>,
  options: MfiOptions,
  out?: Float64Array,
): Float64Array {
  const { high, low, close, volume } = bars;
  return driveStreamingValue(new Mfi(options), { name: 'mfi', columns: { high, low, close, volume }, out });
}
