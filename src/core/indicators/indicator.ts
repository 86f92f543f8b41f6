/**
 * The shape every indicator shares. Each indicator has two forms over one piece of math:
 * a streaming class (`update`, outputs as fields, `isReady`, `reset`) and a batch function over
 * `Float64Array` columns that returns `Float64Array` outputs, NaN during the warm-up.
 *
 * Warm-up ("lookback", TA-Lib's word): the first defined output is at index `lookback`; the
 * streaming form's `isReady` turns true on that same update, the (lookback + 1)-th.
 *
 * NaN input is rejected, never smoothed over: streaming `update` and batch functions throw a
 * RangeError that names the indicator (and, in batch, the index). ±Infinity follows IEEE arithmetic.
 */

/** One bar as streaming bar-input indicators read it; a core `Bar` satisfies it. */
export interface BarInput {
  /** Open time, Unix milliseconds (session-anchored indicators read it). */
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Bar columns as batch bar-input indicators read them; a `BarSeries` satisfies it. */
export interface BarColumns {
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * What an indicator's `update` takes: one value (applied to closes by the registry), one bar, or a
 * pair of values (a series and its reference, such as an asset and its benchmark).
 */
export const IndicatorInputKind = { Value: 'value', Bar: 'bar', Pair: 'pair' } as const;
export type IndicatorInputKind = (typeof IndicatorInputKind)[keyof typeof IndicatorInputKind];

/** The streaming form. `update`'s argument depends on the input kind; outputs are numeric fields. */
export interface StreamingIndicator {
  readonly isReady: boolean;
  update(input: number | BarInput, reference?: number): unknown;
  reset(): void;
}

/** A validated parameter value: numbers for periods and factors, strings for choices. */
export type ParameterValue = number | string;
export type IndicatorParameters = Readonly<Record<string, ParameterValue>>;

export type ParameterSpec =
  | {
      readonly name: string;
      readonly kind: 'integer' | 'number';
      readonly default: number;
      /** Inclusive lower bound. */
      readonly min: number;
      /** Inclusive upper bound, when there is one. */
      readonly max?: number;
      readonly description: string;
    }
  | {
      readonly name: string;
      readonly kind: 'choice';
      readonly default: string;
      readonly choices: readonly string[];
      readonly description: string;
    };

/** What batch definitions read: the bars and, for pair indicators, the reference column. */
export interface IndicatorSource {
  readonly bars: BarColumns;
  /** The second series of a pair indicator (a benchmark's closes), aligned with `bars`. */
  readonly reference?: Float64Array;
}

/**
 * A registry entry: how configs and the CLI name an indicator (`rsi:14`), its parameters in the
 * order a spec lists them, its outputs in column order, and both forms.
 */
export interface IndicatorDefinition<P extends IndicatorParameters = IndicatorParameters> {
  /** Registry key, lower case: `rsi`, `macd`, `bbands`. */
  readonly name: string;
  /** Other names the registry accepts (`smma` for `rma`). */
  readonly aliases?: readonly string[];
  readonly title: string;
  /** Conventions a user comparing with TA-Lib, TradingView or Tulip needs to know. */
  readonly description: string;
  readonly input: IndicatorInputKind;
  readonly parameters: readonly ParameterSpec[];
  /** Output names, in column order; a single-output indicator has `['value']`. */
  readonly outputs: readonly string[];
  /** Index of the first defined output (TA-Lib's lookback). */
  lookback(parameters: P): number;
  /** Batch form; value indicators read `bars.close`, pair indicators `bars.close` and `reference`. */
  batch(source: IndicatorSource, parameters: P, out?: readonly Float64Array[]): readonly Float64Array[];
  /** A fresh streaming instance; its output fields are named as `outputs`. */
  create(parameters: P): StreamingIndicator;
}

/** Erases a definition's parameter type so definitions of different indicators share one list. */
export function defineIndicator<P extends IndicatorParameters>(
  definition: IndicatorDefinition<P>,
): IndicatorDefinition {
  return definition as unknown as IndicatorDefinition;
}

/** The error for NaN input: `rsi: input is NaN` or, in batch, `rsi: input[123] is NaN`. */
export function nanInputError(indicator: string, index?: number, column = 'input'): RangeError {
  return new RangeError(`${indicator}: ${column}${index === undefined ? '' : `[${index}]`} is NaN`);
}

/** Throws unless `value` is an integer ≥ `min`; returns it. */
export function requireInteger(indicator: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${indicator}: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Throws unless `value` is a finite number ≥ `min` (and ≤ `max`); returns it. */
export function requireNumber(indicator: string, name: string, value: number, min: number, max = Infinity): number {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new RangeError(`${indicator}: ${name} must be a number in [${min}, ${max}], got ${value}`);
  return value;
}

/**
 * The output array for `length` inputs: the caller's buffer (its first `length` elements, so one
 * buffer can serve inputs of several lengths) or a new one.
 */
export function outputBuffer(indicator: string, length: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (out.length < length)
    throw new RangeError(`${indicator}: output buffer holds ${out.length} values, the input has ${length}`);
  return out.length === length ? out : out.subarray(0, length);
}

/** Throws unless all columns have the same length; returns it. */
export function commonLength(indicator: string, ...columns: readonly Float64Array[]): number {
  const length = columns[0]!.length;
  for (const column of columns)
    if (column.length !== length)
      throw new RangeError(`${indicator}: input columns differ in length (${length} and ${column.length})`);
  return length;
}

/**
 * The NaN error for bar `index`, naming the first of `columns` that is NaN there. Hot loops record
 * the bad index, `break`, and throw this after the loop: a `throw` inside the loop body can cost
 * V8's optimised code a factor of 2–3 (measured on the ATR loop).
 */
export function nanColumnError(
  indicator: string,
  index: number,
  columns: Readonly<Record<string, Float64Array>>,
): RangeError {
  for (const [column, values] of Object.entries(columns))
    if (Number.isNaN(values[index]!)) return nanInputError(indicator, index, column);
  return nanInputError(indicator, index);
}
