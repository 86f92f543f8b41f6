import { Atr } from './atr.ts';
import { driveStreaming } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger, requireNumber } from './indicator.ts';

export interface SuperTrendOptions {
  /** Bars in the ATR (Wilder's smoothing, as `Atr`). */
  readonly period: number;
  /** ATRs from the bar's midpoint (high + low) / 2 to each band, ≥ 0. */
  readonly multiplier: number;
}

export interface SuperTrendOutput {
  readonly value: Float64Array;
  readonly direction: Float64Array;
}

/** Index of the first value: ATR's, `period`. */
export function superTrendLookback(options: SuperTrendOptions): number {
  return options.period;
}

/**
 * The `direction` output: `Up` (+1), the line is the lower band, under the price; `Down` (−1), the
 * line is the upper band, over the price.
 */
export const SuperTrendDirection = { Up: 1, Down: -1 } as const;
export type SuperTrendDirection = (typeof SuperTrendDirection)[keyof typeof SuperTrendDirection];

function validate(options: SuperTrendOptions): void {
  requireInteger('supertrend', 'period', options.period);
  requireNumber('supertrend', 'multiplier', options.multiplier, 0);
}

/**
 * SuperTrend: basic bands (high + low) / 2 ± multiplier · ATR(period), with the usual ratchet: the
 * final upper band only moves down unless the previous close was above it, the final lower band
 * only moves up unless the previous close was below it. In a down-trend the line is the final upper
 * band and the trend turns up when a close exceeds it; in an up-trend it is the final lower band
 * and the trend turns down when a close falls below it. `value` is the line, in price units;
 * `direction` is +1 up, −1 down.
 *
 * The first bar (bar `period`, the first with an ATR) starts in a down-trend on its basic upper
 * band, as TradingView's `ta.supertrend` does; like it, a previous line equal to the previous upper
 * band counts as a down-trend even where the bands touched. TradingView's `direction` has the opposite sign
 * (−1 up, +1 down), and its ATR counts bar 0's high − low as a true range, so its first values
 * differ from these (ours uses TA-Lib's ATR).
 *
 * Reads high, low and close. O(1) per update, no allocation.
 */
export class SuperTrend {
  readonly multiplier: number;
  private readonly atr: Atr;
  private started = false;
  private previousClose = 0;
  private upperBand = 0;
  private lowerBand = 0;
  value = Number.NaN;
  direction = Number.NaN;

  constructor(options: SuperTrendOptions) {
    validate(options);
    this.multiplier = options.multiplier;
    this.atr = new Atr({ period: options.period });
  }

  get isReady(): boolean {
    return this.started;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('supertrend', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('supertrend', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('supertrend', undefined, 'close');
    const range = this.atr.update(bar);
    if (this.atr.isReady) {
      const midpoint = (high + low) / 2;
      const offset = this.multiplier * range;
      let upper = midpoint + offset;
      let lower = midpoint - offset;
      let direction: SuperTrendDirection = SuperTrendDirection.Down;
      if (this.started) {
        const previous = this.previousClose;
        if (!(upper < this.upperBand || previous > this.upperBand)) upper = this.upperBand;
        if (!(lower > this.lowerBand || previous < this.lowerBand)) lower = this.lowerBand;
        // TradingView tests the previous line against the previous upper band, not the previous
        // direction: the two differ only when the bands touched (multiplier 0, a flat market).
        if (this.value === this.upperBand)
          direction = close > upper ? SuperTrendDirection.Up : SuperTrendDirection.Down;
        else direction = close < lower ? SuperTrendDirection.Down : SuperTrendDirection.Up;
      }
      this.started = true;
      this.upperBand = upper;
      this.lowerBand = lower;
      this.direction = direction;
      this.value = direction === SuperTrendDirection.Up ? lower : upper;
    }
    this.previousClose = close;
    return this.value;
  }

  reset(): void {
    this.atr.reset();
    this.started = false;
    this.previousClose = 0;
    this.upperBand = 0;
    this.lowerBand = 0;
    this.value = Number.NaN;
    this.direction = Number.NaN;
  }
}

/** Batch SuperTrend; both outputs NaN before bar `period`. Writes into `out`'s arrays when given. */
export function superTrend(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: SuperTrendOptions,
  out?: Partial<SuperTrendOutput>,
): SuperTrendOutput {
  const { high, low, close } = bars;
  const outputs = ['value', 'direction'] as const;
  return driveStreaming(new SuperTrend(options), { name: 'supertrend', columns: { high, low, close }, outputs, out });
}
