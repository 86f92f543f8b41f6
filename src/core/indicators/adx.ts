import { driveStreaming } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';
import { trueRangeOf } from './true-range.ts';

export interface AdxOptions {
  /** Wilder's smoothing period, ≥ 2 (TA-Lib's range for ADX and DX). */
  readonly period: number;
}
export type DmiOptions = AdxOptions;

/** Index of the first ADX value (and of +DI, −DI in `Adx`): 2 · period − 1. */
export function adxLookback(options: AdxOptions): number {
  return 2 * options.period - 1;
}

/** Index of the first +DI, −DI and DX value: `period`. */
export function dmiLookback(options: DmiOptions): number {
  return options.period;
}

/** TA-Lib's zero test for the smoothed range and the DI sum. */
const ZERO = 1e-14;
const isZero = (x: number) => x > -ZERO && x < ZERO;

/**
 * Wilder's directional movement, the one implementation behind `Dmi` and `Adx`, in TA-Lib's
 * arithmetic: +DM/−DM by the larger of today's high-above-yesterday and low-below-yesterday
 * (neither on a tie), and the true range, each summed over bars 1…period − 1 and then smoothed as
 * S − S/period + today's value from bar `period` on, where the DIs are first defined.
 */
class DirectionalMovement {
  private count = 0;
  private previousHigh = 0;
  private previousLow = 0;
  private previousClose = 0;
  private plusMovement = 0;
  private minusMovement = 0;
  private range = 0;
  /** +DI in percent; 0 when the smoothed true range is zero (TA-Lib). */
  plusDi = 0;
  minusDi = 0;
  /** DX of the latest bar, in percent, when `hasDx`. */
  dx = 0;
  /** False when the smoothed range or the DI sum is zero: DX is undefined there. */
  hasDx = false;

  constructor(readonly period: number) {}

  /** True once the DIs are defined (bar `period` and later). */
  get hasDi(): boolean {
    return this.count > this.period;
  }

  next(high: number, low: number, close: number): void {
    const count = this.count;
    const period = this.period;
    if (count > 0) {
      const up = high - this.previousHigh;
      const down = this.previousLow - low;
      const range = trueRangeOf(high, low, this.previousClose);
      if (count < period) {
        if (down > 0 && up < down) this.minusMovement += down;
        else if (up > 0 && up > down) this.plusMovement += up;
        this.range += range;
      } else {
        this.minusMovement -= this.minusMovement / period;
        this.plusMovement -= this.plusMovement / period;
        if (down > 0 && up < down) this.minusMovement += down;
        else if (up > 0 && up > down) this.plusMovement += up;
        this.range = this.range - this.range / period + range;
        if (isZero(this.range)) {
          this.minusDi = 0;
          this.plusDi = 0;
          this.hasDx = false;
        } else {
          const minusDi = 100 * (this.minusMovement / this.range);
          const plusDi = 100 * (this.plusMovement / this.range);
          this.minusDi = minusDi;
          this.plusDi = plusDi;
          const sum = minusDi + plusDi;
          this.hasDx = !isZero(sum);
          if (this.hasDx) this.dx = 100 * (Math.abs(minusDi - plusDi) / sum);
        }
      }
    }
    if (count <= period) this.count = count + 1;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
  }

  reset(): void {
    this.count = 0;
    this.previousHigh = 0;
    this.previousLow = 0;
    this.previousClose = 0;
    this.plusMovement = 0;
    this.minusMovement = 0;
    this.range = 0;
    this.plusDi = 0;
    this.minusDi = 0;
    this.dx = 0;
    this.hasDx = false;
  }
}

function checkBar(indicator: string, bar: BarInput): void {
  if (Number.isNaN(bar.high)) throw nanInputError(indicator, undefined, 'high');
  if (Number.isNaN(bar.low)) throw nanInputError(indicator, undefined, 'low');
  if (Number.isNaN(bar.close)) throw nanInputError(indicator, undefined, 'close');
}

/**
 * Directional movement index without ADX's second smoothing: +DI, −DI and DX in percent, as
 * TA-Lib's PLUS_DI, MINUS_DI and DX, all first defined at bar `period`. A zero smoothed true range
 * gives +DI = −DI = 0; where DX is undefined (zero range or +DI + −DI = 0) it repeats the previous
 * DX, or is 0 on the first bar: TA-Lib's conventions.
 */
export class Dmi {
  readonly period: number;
  private readonly core: DirectionalMovement;
  plusDi = Number.NaN;
  minusDi = Number.NaN;
  dx = Number.NaN;

  constructor(options: DmiOptions) {
    this.period = requireInteger('dmi', 'period', options.period, 2);
    this.core = new DirectionalMovement(this.period);
  }

  get isReady(): boolean {
    return this.core.hasDi;
  }

  update(bar: BarInput): number {
    checkBar('dmi', bar);
    const core = this.core;
    core.next(bar.high, bar.low, bar.close);
    if (core.hasDi) {
      this.plusDi = core.plusDi;
      this.minusDi = core.minusDi;
      if (core.hasDx) this.dx = core.dx;
      else if (Number.isNaN(this.dx)) this.dx = 0;
    }
    return this.dx;
  }

  reset(): void {
    this.core.reset();
    this.plusDi = Number.NaN;
    this.minusDi = Number.NaN;
    this.dx = Number.NaN;
  }
}

/**
 * Average directional index (Wilder), TA-Lib's ADX, with +DI and −DI as TA-Lib's PLUS_DI and
 * MINUS_DI, all in percent. The first ADX, at bar 2 · period − 1, is the mean of the first `period`
 * DX values (an undefined DX counts as 0 there); then ADX = (ADX · (period − 1) + DX) / period,
 * skipped (ADX unchanged) on bars where DX is undefined. All three outputs share ADX's warm-up.
 * Wilder's book rounds intermediate values to integers; like TA-Lib, this does not.
 */
export class Adx {
  readonly period: number;
  private readonly core: DirectionalMovement;
  private readonly lookback: number;
  private count = 0;
  private sumDx = 0;
  adx = Number.NaN;
  plusDi = Number.NaN;
  minusDi = Number.NaN;

  constructor(options: AdxOptions) {
    this.period = requireInteger('adx', 'period', options.period, 2);
    this.core = new DirectionalMovement(this.period);
    this.lookback = adxLookback(options);
  }

  get isReady(): boolean {
    return this.count > this.lookback;
  }

  update(bar: BarInput): number {
    checkBar('adx', bar);
    const core = this.core;
    core.next(bar.high, bar.low, bar.close);
    const index = this.count;
    if (index > this.lookback) {
      if (core.hasDx) this.adx = (this.adx * (this.period - 1) + core.dx) / this.period;
      this.plusDi = core.plusDi;
      this.minusDi = core.minusDi;
    } else {
      if (index >= this.period && core.hasDx) this.sumDx += core.dx;
      if (index === this.lookback) {
        this.adx = this.sumDx / this.period;
        this.plusDi = core.plusDi;
        this.minusDi = core.minusDi;
      }
      this.count = index + 1;
    }
    return this.adx;
  }

  reset(): void {
    this.core.reset();
    this.count = 0;
    this.sumDx = 0;
    this.adx = Number.NaN;
    this.plusDi = Number.NaN;
    this.minusDi = Number.NaN;
  }
}

export interface AdxOutput {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}

export interface DmiOutput {
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
  readonly dx: Float64Array;
}

type HighLowClose = Pick<BarColumns, 'high' | 'low' | 'close'>;

/** Batch ADX, +DI and −DI; all NaN before bar 2 · period − 1. Writes into `out`'s arrays when given. */
export function adx(bars: HighLowClose, options: AdxOptions, out?: Partial<AdxOutput>): AdxOutput {
  const { high, low, close } = bars;
  const outputs = ['adx', 'plusDi', 'minusDi'] as const;
  return driveStreaming(new Adx(options), { name: 'adx', columns: { high, low, close }, outputs, out });
}

/** Batch +DI, −DI and DX; all NaN before bar `period`. Writes into `out`'s arrays when given. */
export function dmi(bars: HighLowClose, options: DmiOptions, out?: Partial<DmiOutput>): DmiOutput {
  const { high, low, close } = bars;
  const outputs = ['plusDi', 'minusDi', 'dx'] as const;
  return driveStreaming(new Dmi(options), { name: 'dmi', columns: { high, low, close }, outputs, out });
}
