import { Atr, type AtrOptions, wilderAtr } from './atr.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';

export type NatrOptions = AtrOptions;

/** Index of the first NATR value: ATR's, `period`. */
export function natrLookback(options: NatrOptions): number {
  return options.period;
}

/** TA-Lib's zero test: closes closer to 0 than this give NATR 0 instead of a division by ~0. */
const ZERO = 1e-14;

/**
 * Normalized average true range: 100 · ATR / close, in percent of the price (TA-Lib's NATR, with
 * ATR as `Atr` computes it). A close within 1e-14 of zero gives 0, as in TA-Lib.
 *
 * TA-Lib's NATR with period 1 returns the raw true range without dividing by the close; ours stays
 * 100 · TR / close there.
 */
export class Natr {
  readonly period: number;
  private readonly atr: Atr;
  value = Number.NaN;

  constructor(options: NatrOptions) {
    this.period = requireInteger('natr', 'period', options.period);
    this.atr = new Atr(options);
  }

  get isReady(): boolean {
    return this.atr.isReady;
  }

  update(bar: BarInput): number {
    if (Number.isNaN(bar.high)) throw nanInputError('natr', undefined, 'high');
    if (Number.isNaN(bar.low)) throw nanInputError('natr', undefined, 'low');
    const close = bar.close;
    if (Number.isNaN(close)) throw nanInputError('natr', undefined, 'close');
    const average = this.atr.update(bar);
    if (this.atr.isReady) this.value = close > -ZERO && close < ZERO ? 0 : (average / close) * 100;
    return this.value;
  }

  reset(): void {
    this.atr.reset();
    this.value = Number.NaN;
  }
}

/** Batch NATR over high, low and close; NaN before bar `period`. Writes into `out` when given. */
export function natr(
  bars: Pick<BarColumns, 'high' | 'low' | 'close'>,
  options: NatrOptions,
  out?: Float64Array,
): Float64Array {
  const period = requireInteger('natr', 'period', options.period);
  const result = wilderAtr('natr', bars, period, out);
  const close = bars.close;
  for (let i = period; i < result.length; i++) {
    const c = close[i]!;
    result[i] = c > -ZERO && c < ZERO ? 0 : (result[i]! / c) * 100;
  }
  return result;
}
