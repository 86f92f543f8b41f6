import { Atr } from './atr.ts';
import { driveStreaming } from './drive-streaming.ts';
import { Ema } from './ema.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger, requireNumber } from './indicator.ts';

export interface KeltnerChannelsOptions {
  /** Bars in the EMA of closes (the middle line). */
  readonly period: number;
  /** ATRs from the middle to each band, ≥ 0. */
  readonly multiplier: number;
  /** Bars in the ATR (Wilder's smoothing). */
  readonly atrPeriod: number;
}

export interface KeltnerChannelsOutput {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/** Index of the first value: the later of the EMA's (period − 1) and the ATR's (atrPeriod). */
export function keltnerChannelsLookback(options: KeltnerChannelsOptions): number {
  return Math.max(options.period - 1, options.atrPeriod);
}

function validate(options: KeltnerChannelsOptions): void {
  requireInteger('keltner', 'period', options.period);
  requireNumber('keltner', 'multiplier', options.multiplier, 0);
  requireInteger('keltner', 'atrPeriod', options.atrPeriod);
}

/**
 * Keltner channels in Linda Raschke's form: middle = EMA(close, period), SMA-seeded as `Ema`;
 * upper/lower = middle ± multiplier · ATR(atrPeriod), Wilder's ATR as `Atr` (TA-Lib's). The
 * defaults 20, 2, 10 are TradingView's built-in ("Average True Range" band style) and StockCharts'.
 * TradingView seeds its EMA with the first close and its ATR with bar 0's high − low, so its
 * first few dozen values differ from these. Chester Keltner's original channel (a 10-bar SMA of the
 * typical price ± a 10-bar SMA of high − low) is a different indicator.
 *
 * Reads high, low and close. O(1) per update, no allocation.
 */
export class KeltnerChannels {
  readonly multiplier: number;
  private readonly ema: Ema;
  private readonly atr: Atr;
  private readonly lookback: number;
  private count = 0;
  middle = Number.NaN;
  upper = Number.NaN;
  lower = Number.NaN;

  constructor(options: KeltnerChannelsOptions) {
    validate(options);
    this.multiplier = options.multiplier;
    this.ema = new Ema({ period: options.period });
    this.atr = new Atr({ period: options.atrPeriod });
    this.lookback = keltnerChannelsLookback(options);
  }

  get isReady(): boolean {
    return this.count > this.lookback;
  }

  update(bar: BarInput): number {
    if (Number.isNaN(bar.high)) throw nanInputError('keltner', undefined, 'high');
    if (Number.isNaN(bar.low)) throw nanInputError('keltner', undefined, 'low');
    if (Number.isNaN(bar.close)) throw nanInputError('keltner', undefined, 'close');
    const middle = this.ema.update(bar.close);
    const range = this.atr.update(bar);
    if (this.count < this.lookback) {
      this.count++;
      return this.middle;
    }
    this.count = this.lookback + 1;
    const offset = this.multiplier * range;
    this.middle = middle;
    this.upper = middle + offset;
    this.lower = middle - offset;
    return middle;
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.count = 0;
    this.middle = Number.NaN;
    this.upper = Number.NaN;
    this.lower = Number.NaN;
  }
}

/** Batch Keltner channels; all NaN before the lookback. Writes into `out`'s arrays when given. */
export function keltnerChannels(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: KeltnerChannelsOptions,
  out?: Partial<KeltnerChannelsOutput>,
): KeltnerChannelsOutput {
  const { high, low, close } = bars;
  const outputs = ['middle', 'upper', 'lower'] as const;
  return driveStreaming(new KeltnerChannels(options), { name: 'keltner', columns: { high, low, close }, outputs, out });
}
