import { driveStreaming } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { RollingExtreme } from './rolling-extreme.ts';
import { Sma } from './sma.ts';

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
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private readonly smoothK: Sma;
  private readonly smoothD: Sma;
  k = Number.NaN;
  d = Number.NaN;

  constructor(options: StochasticOptions) {
    validate(options);
    this.highest = new RollingExtreme(options.kPeriod, 1);
    this.lowest = new RollingExtreme(options.kPeriod, -1);
    this.smoothK = new Sma({ period: options.kSmoothing });
    this.smoothD = new Sma({ period: options.dPeriod });
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
    const highest = this.highest.push(high);
    const lowest = this.lowest.push(low);
    if (!this.highest.isFull) return this;
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
    this.highest.reset();
    this.lowest.reset();
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
  const { high, low, close } = bars;
  const outputs = ['k', 'd'] as const;
  return driveStreaming(new Stochastic(options), { name: 'stochastic', columns: { high, low, close }, outputs, out });
}
