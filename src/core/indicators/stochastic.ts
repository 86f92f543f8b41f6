import {
  type BarColumns,
  type BarInput,
  commonLength,
  nanInputError,
  outputBuffer,
  requireInteger,
} from './indicator.ts';

/**
 * Highest high and lowest low of the last `size` pushes, with their ages (updates ago, 0 = the
 * latest push); of equal extremes the most recent counts, as in TA-Lib's AROON. Two monotonic
 * deques in typed arrays allocated once: O(1) amortised per push, no allocation. Shared by the
 * stochastics, Williams %R and Aroon; not part of the public API.
 */
export class RollingExtremes {
  readonly size: number;
  private readonly highValues: Float64Array;
  private readonly highTimes: Float64Array;
  private readonly lowValues: Float64Array;
  private readonly lowTimes: Float64Array;
  private highHead = 0;
  private highCount = 0;
  private lowHead = 0;
  private lowCount = 0;
  /** Sequence number of the latest push, −1 before any. */
  private time = -1;

  constructor(size: number) {
    this.size = size;
    this.highValues = new Float64Array(size);
    this.highTimes = new Float64Array(size);
    this.lowValues = new Float64Array(size);
    this.lowTimes = new Float64Array(size);
  }

  /** True once `size` values have been pushed, so the window is complete. */
  get isFull(): boolean {
    return this.time + 1 >= this.size;
  }

  get highest(): number {
    return this.highValues[this.highHead]!;
  }

  get lowest(): number {
    return this.lowValues[this.lowHead]!;
  }

  get highestAge(): number {
    return this.time - this.highTimes[this.highHead]!;
  }

  get lowestAge(): number {
    return this.time - this.lowTimes[this.lowHead]!;
  }

  /** Adds one bar's high and low (NaN must be rejected by the caller). */
  push(high: number, low: number): void {
    const time = ++this.time;
    const size = this.size;
    const expired = time - size;

    let head = this.highHead;
    let count = this.highCount;
    if (count > 0 && this.highTimes[head]! <= expired) {
      head = head + 1 === size ? 0 : head + 1;
      count--;
    }
    while (count > 0) {
      const back = head + count - 1;
      if (this.highValues[back >= size ? back - size : back]! > high) break;
      count--;
    }
    let tail = head + count;
    if (tail >= size) tail -= size;
    this.highValues[tail] = high;
    this.highTimes[tail] = time;
    this.highHead = head;
    this.highCount = count + 1;

    head = this.lowHead;
    count = this.lowCount;
    if (count > 0 && this.lowTimes[head]! <= expired) {
      head = head + 1 === size ? 0 : head + 1;
      count--;
    }
    while (count > 0) {
      const back = head + count - 1;
      if (this.lowValues[back >= size ? back - size : back]! < low) break;
      count--;
    }
    tail = head + count;
    if (tail >= size) tail -= size;
    this.lowValues[tail] = low;
    this.lowTimes[tail] = time;
    this.lowHead = head;
    this.lowCount = count + 1;
  }

  reset(): void {
    this.highValues.fill(0);
    this.highTimes.fill(0);
    this.lowValues.fill(0);
    this.lowTimes.fill(0);
    this.highHead = 0;
    this.highCount = 0;
    this.lowHead = 0;
    this.lowCount = 0;
    this.time = -1;
  }
}

/**
 * Simple mean of the last `period` updates (NaN until `period` have been seen). The running sum is
 * re-summed exactly, oldest to newest, every max(period, 1024) updates, so it cannot drift over
 * millions of updates. Not part of the public API.
 */
export class RollingMean {
  readonly period: number;
  private readonly window: Float64Array;
  private readonly resyncEvery: number;
  private next = 0;
  private count = 0;
  private untilResync: number;
  private sum = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.period = period;
    this.window = new Float64Array(period);
    this.resyncEvery = Math.max(period, 1024);
    this.untilResync = this.resyncEvery;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    const window = this.window;
    const slot = this.next;
    if (this.count >= this.period) this.sum -= window[slot]!;
    else this.count++;
    window[slot] = x;
    this.sum += x;
    this.next = slot + 1 === this.period ? 0 : slot + 1;
    if (--this.untilResync === 0) {
      this.untilResync = this.resyncEvery;
      let exact = 0;
      for (let j = this.next; j < this.period; j++) exact += window[j]!;
      for (let j = 0; j < this.next; j++) exact += window[j]!;
      this.sum = exact;
    }
    if (this.count >= this.period) this.value = this.sum / this.period;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.next = 0;
    this.count = 0;
    this.untilResync = this.resyncEvery;
    this.sum = 0;
    this.value = Number.NaN;
  }
}

/**
 * A window whose range is at most this fraction (per cent of range, as the raw %K divides by range
 * / 100) of its extremes' magnitude counts as flat: such a range is rounding noise, e.g. in the
 * Stochastic RSI over a flat price stretch, where every RSI is mathematically equal but may differ in
 * its last bits, and the raw %K of noise would be an arbitrary 0–100. Price ranges never come near it.
 */
const FLAT = 1e-14;

export interface StochasticOptions {
  /** Bars in the highest-high / lowest-low window of the raw %K. */
  readonly kPeriod: number;
  /** Bars in the simple average that smooths the raw %K into %K (1 = fast stochastic, no smoothing). */
  readonly kSmoothing: number;
  /** Bars in the simple average of %K that gives %D. */
  readonly dPeriod: number;
}

export interface StochasticOutput {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** Index of the first %K and %D: (kPeriod − 1) + (kSmoothing − 1) + (dPeriod − 1). */
export function stochasticLookback(options: StochasticOptions): number {
  return options.kPeriod - 1 + options.kSmoothing - 1 + options.dPeriod - 1;
}

function validate(options: StochasticOptions): void {
  requireInteger('stochastic', 'kPeriod', options.kPeriod);
  requireInteger('stochastic', 'kSmoothing', options.kSmoothing);
  requireInteger('stochastic', 'dPeriod', options.dPeriod);
}

/**
 * Stochastic oscillator, 0–100, as TA-Lib's STOCH with simple averages (and, with kSmoothing 1,
 * TA-Lib's STOCHF): raw %K = 100 · (close − lowest low) / (highest high − lowest low) over
 * `kPeriod` bars; %K = SMA(raw %K, kSmoothing); %D = SMA(%K, dPeriod). Both outputs start at
 * `stochasticLookback`. A zero range (flat window) gives a raw %K of 0, TA-Lib's convention
 * (TradingView's `ta.stoch` yields na there); so does a range within 1e-12 of the extremes'
 * magnitude, which can only be rounding noise (TA-Lib divides by it). O(1) amortised per update,
 * no allocation.
 */
export class Stochastic {
  private readonly range: RollingExtremes;
  private readonly smoothK: RollingMean;
  private readonly smoothD: RollingMean;
  k = Number.NaN;
  d = Number.NaN;

  constructor(options: StochasticOptions) {
    validate(options);
    this.range = new RollingExtremes(options.kPeriod);
    this.smoothK = new RollingMean(options.kSmoothing);
    this.smoothD = new RollingMean(options.dPeriod);
  }

  get isReady(): boolean {
    return this.smoothD.isReady;
  }

  update(bar: BarInput): this {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** `update` from three numbers, for callers holding columns or a derived series (Stochastic RSI). */
  updateHighLowClose(high: number, low: number, close: number): this {
    if (Number.isNaN(high)) throw nanInputError('stochastic', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('stochastic', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('stochastic', undefined, 'close');
    const range = this.range;
    range.push(high, low);
    if (!range.isFull) return this;
    const highest = range.highest;
    const lowest = range.lowest;
    const scale = (highest - lowest) / 100;
    const flat = scale <= FLAT * Math.max(Math.abs(highest), Math.abs(lowest));
    const k = this.smoothK.update(flat ? 0 : (close - lowest) / scale);
    if (!this.smoothK.isReady) return this;
    const d = this.smoothD.update(k);
    if (this.smoothD.isReady) {
      this.k = k;
      this.d = d;
    }
    return this;
  }

  reset(): void {
    this.range.reset();
    this.smoothK.reset();
    this.smoothD.reset();
    this.k = Number.NaN;
    this.d = Number.NaN;
  }
}

/**
 * Batch stochastic over high, low and close columns; NaN before `stochasticLookback(options)`.
 * Drives one `Stochastic` over the columns, so both forms are the same arithmetic.
 */
export function stochastic(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: StochasticOptions,
  out?: Partial<StochasticOutput>,
): StochasticOutput {
  validate(options);
  const { high, low, close } = bars;
  const length = commonLength('stochastic', high, low, close);
  const k = outputBuffer('stochastic', length, out?.k);
  const d = outputBuffer('stochastic', length, out?.d);
  const indicator = new Stochastic(options);
  for (let i = 0; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    if (Number.isNaN(h)) throw nanInputError('stochastic', i, 'high');
    if (Number.isNaN(l)) throw nanInputError('stochastic', i, 'low');
    if (Number.isNaN(c)) throw nanInputError('stochastic', i, 'close');
    indicator.updateHighLowClose(h, l, c);
    k[i] = indicator.k;
    d[i] = indicator.d;
  }
  return { k, d };
}
