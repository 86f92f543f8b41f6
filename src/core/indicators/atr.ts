import {
  type BarColumns,
  type BarInput,
  commonLength,
  nanColumnError,
  nanInputError,
  outputBuffer,
  requireInteger,
} from './indicator.ts';

export interface AtrOptions {
  readonly period: number;
}

/** Index of the first ATR value: `period` (one bar for the first true range, then `period` ranges). */
export function atrLookback(options: AtrOptions): number {
  return options.period;
}

/**
 * Average true range, Wilder's smoothing, in price units: TA-Lib's ATR. The first value, at bar
 * `period`, is the simple average of the true ranges of bars 1…period (bar 0 has no previous
 * close); then ATR = ATR·(period − 1)/period + TR/period, TA-Lib's (ATR·(period − 1) + TR) / period
 * with the division replaced by multiplications (2× faster; equal to within rounding, ≤ 1e-15
 * relative). TradingView's `ta.atr` counts bar 0's high − low as a true range and so starts
 * one bar earlier with a different seed; the two converge after a few times `period` bars.
 *
 * Reads high, low and close. O(1) per update, no allocation.
 */
export class Atr {
  readonly period: number;
  private readonly decay: number;
  private readonly weight: number;
  private count = 0;
  private previousClose = 0;
  private sum = 0;
  value = Number.NaN;

  constructor(options: AtrOptions) {
    this.period = requireInteger('atr', 'period', options.period);
    this.decay = (this.period - 1) / this.period;
    this.weight = 1 / this.period;
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(bar: BarInput): number {
    const { high, low, close } = bar;
    if (Number.isNaN(high)) throw nanInputError('atr', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('atr', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('atr', undefined, 'close');
    const count = this.count;
    if (count > 0) {
      const previous = this.previousClose;
      let range = high - low;
      const up = Math.abs(high - previous);
      if (up > range) range = up;
      const down = Math.abs(low - previous);
      if (down > range) range = down;
      if (count > this.period) {
        this.value = this.value * this.decay + range * this.weight;
      } else {
        this.sum += range;
        if (count === this.period) this.value = this.sum / this.period;
      }
    }
    if (count <= this.period) this.count = count + 1;
    this.previousClose = close;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}

/** Batch ATR over high, low and close; NaN before bar `period`. Writes into `out` when given. */
export function atr(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: AtrOptions,
  out?: Float64Array,
): Float64Array {
  return wilderAtr('atr', bars, requireInteger('atr', 'period', options.period), out);
}

/**
 * The batch ATR loop, errors named after `indicator` (NATR reuses it). `period` must already be
 * validated.
 */
export function wilderAtr(
  indicator: string,
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  period: number,
  out?: Float64Array,
): Float64Array {
  const { high, low, close } = bars;
  const length = commonLength(indicator, high, low, close);
  const result = outputBuffer(indicator, length, out);
  if (length === 0) return result;
  let previous = close[0]!;
  if (Number.isNaN(high[0]!)) throw nanInputError(indicator, 0, 'high');
  if (Number.isNaN(low[0]!)) throw nanInputError(indicator, 0, 'low');
  if (Number.isNaN(previous)) throw nanInputError(indicator, 0, 'close');
  result[0] = Number.NaN;
  const seedEnd = Math.min(period, length - 1);
  let sum = 0;
  for (let i = 1; i <= seedEnd; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    if (Number.isNaN(h)) throw nanInputError(indicator, i, 'high');
    if (Number.isNaN(l)) throw nanInputError(indicator, i, 'low');
    if (Number.isNaN(c)) throw nanInputError(indicator, i, 'close');
    let range = h - l;
    const up = Math.abs(h - previous);
    if (up > range) range = up;
    const down = Math.abs(l - previous);
    if (down > range) range = down;
    sum += range;
    result[i] = Number.NaN;
    previous = c;
  }
  if (seedEnd < period) return result;
  result[period] = sum / period;
  return wilderRecursion(indicator, bars, period, sum / period, previous, result);
}

/**
 * ATR from bar period + 1 on, in a function of its own: V8 optimises a loop with nothing but
 * constants before it more reliably than one behind the seed loop (seen: half speed otherwise).
 */
function wilderRecursion(
  indicator: string,
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  period: number,
  seed: number,
  previousClose: number,
  result: Float64Array,
): Float64Array {
  const { high, low, close } = bars;
  const length = result.length;
  const decay = (period - 1) / period;
  const weight = 1 / period;
  let value = seed;
  let previous = previousClose;
  let bad = -1;
  for (let i = period + 1; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    if (Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c)) {
      bad = i;
      break;
    }
    let range = h - l;
    const up = Math.abs(h - previous);
    if (up > range) range = up;
    const down = Math.abs(l - previous);
    if (down > range) range = down;
    value = value * decay + range * weight;
    result[i] = value;
    previous = c;
  }
  if (bad >= 0) throw nanColumnError(indicator, bad, { high, low, close });
  return result;
}
