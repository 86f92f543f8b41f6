import { driveStreamingValue } from './drive-streaming.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { Wma } from './wma.ts';

/**
 * How the Hull average turns √period into the length of its final WMA. `floor` (default):
 * TradingView's built-in Hull MA script (`math.floor(math.sqrt(length))`), Tulip and pandas-ta.
 * `round`: nearest integer (halves up), as the widely copied TradeStation `jtHMA` function does.
 * They differ when the fractional part of √period is ≥ 0.5 (period 7, 8, 13–15, 21–24, …). The fast
 * WMA's length is ⌊period / 2⌋ either way (`jtHMA` also rounds that one to nearest).
 */
export const HmaRounding = { Floor: 'floor', Round: 'round' } as const;
export type HmaRounding = (typeof HmaRounding)[keyof typeof HmaRounding];

export interface HmaOptions {
  /** Length of the slow WMA, ≥ 2; the fast one uses ⌊period / 2⌋. */
  readonly period: number;
  readonly rounding?: HmaRounding;
}

function smoothingLength(options: HmaOptions): number {
  const root = Math.sqrt(options.period);
  return options.rounding === HmaRounding.Round ? Math.round(root) : Math.floor(root);
}

/** Index of the first HMA value: (period − 1) + (smoothing length − 1). */
export function hmaLookback(options: HmaOptions): number {
  return options.period - 1 + smoothingLength(options) - 1;
}

function validate(options: HmaOptions): void {
  requireInteger('hma', 'period', options.period, 2);
  if (
    options.rounding !== undefined &&
    options.rounding !== HmaRounding.Floor &&
    options.rounding !== HmaRounding.Round
  )
    throw new RangeError(`hma: rounding must be 'floor' or 'round', got ${String(options.rounding)}`);
}

/**
 * Hull moving average: WMA(2·WMA(x, ⌊period/2⌋) − WMA(x, period), s), s = √period rounded as
 * `options.rounding` says (down by default, as TradingView). TA-Lib has no HMA. The first value is at
 * bar (period − 1) + (s − 1), when the final WMA has s inputs. O(1) per update (three `Wma`s), no
 * allocation after construction.
 */
export class Hma {
  readonly period: number;
  private readonly fast: Wma;
  private readonly slow: Wma;
  private readonly smooth: Wma;
  value = Number.NaN;

  constructor(options: HmaOptions) {
    validate(options);
    this.period = options.period;
    this.fast = new Wma({ period: Math.floor(options.period / 2) });
    this.slow = new Wma({ period: options.period });
    this.smooth = new Wma({ period: smoothingLength(options) });
  }

  get isReady(): boolean {
    return this.smooth.isReady;
  }

  update(input: number): number {
    if (Number.isNaN(input)) throw nanInputError('hma');
    const fast = this.fast.update(input);
    const slow = this.slow.update(input);
    if (this.slow.isReady) this.value = this.smooth.update(2 * fast - slow);
    return this.value;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.smooth.reset();
    this.value = Number.NaN;
  }
}

/**
 * Batch HMA over `values`; NaN before `hmaLookback(options)`. Writes into `out` when given. Drives an
 * `Hma` over the values, so both forms share one implementation.
 */
export function hma(values: Float64Array, options: HmaOptions, out?: Float64Array): Float64Array {
  return driveStreamingValue(new Hma(options), { name: 'hma', columns: { input: values }, out });
}
