import { indicatorColumnNames, parseIndicatorSpec } from '../../indicators/registry.ts';

/**
 * Return of the close over `horizon` bars, ending at the bar itself: `close[t] / close[t − h] − 1`
 * (`simple`, the default) or `ln(close[t] / close[t − h])` (`log`). Column `return_<h>` or
 * `log_return_<h>`; NaN for t < h.
 */
export interface ReturnFeature {
  readonly kind: 'return';
  /** Bars back, an integer ≥ 1. */
  readonly horizon: number;
  readonly form?: 'simple' | 'log';
}

/**
 * Per-bar volatility: the sample standard deviation (divisor window − 1) of the last `window`
 * one-bar log returns `ln(close[i] / close[i − 1])`, not annualised. Column `volatility_<w>`;
 * NaN for t < window (window returns need window + 1 closes).
 */
export interface VolatilityFeature {
  readonly kind: 'volatility';
  /** Returns in the window, an integer ≥ 2. */
  readonly window: number;
}

/**
 * Any single-series indicator of the registry (`rsi:14`, `macd:12,26,9`, `bbands:20,2`), over the
 * closes or the bars as the indicator reads them. Columns as `indicatorColumnNames` names them
 * (`rsi_14`, `macd_12_26_9_signal`); NaN during the indicator's warm-up. Pair indicators (beta,
 * correlation) need a second series and are refused.
 */
export interface IndicatorFeature {
  readonly kind: 'indicator';
  /** A registry spec, `name[:value,…]`. */
  readonly name: string;
}

/**
 * Volume z-score: `(volume[t] − mean) / sd` over the last `window` volumes including the bar's own
 * (sample standard deviation, divisor window − 1); 0 when the window's volumes are all equal.
 * Column `volume_zscore_<w>`; NaN for t < window − 1.
 */
export interface VolumeZScoreFeature {
  readonly kind: 'volume_zscore';
  /** Volumes in the window, an integer ≥ 2. */
  readonly window: number;
}

/**
 * Minute of the UTC day of the bar's open time on the unit circle: `sin(2π·m/1440)` and
 * `cos(2π·m/1440)`, so 23:59 sits next to 00:00. Columns `time_of_day_sin`, `time_of_day_cos`.
 */
export interface TimeOfDayFeature {
  readonly kind: 'time_of_day';
}

/**
 * UTC day of the week of the bar's open time (Monday 0 … Sunday 6) on the unit circle:
 * `sin(2π·d/7)`, `cos(2π·d/7)`. Columns `day_of_week_sin`, `day_of_week_cos`.
 */
export interface DayOfWeekFeature {
  readonly kind: 'day_of_week';
}

/**
 * A column computed elsewhere (regime probabilities from a forward-filtered HMM, a sentiment
 * score), aligned with the bars: `values[t]` is copied into row t as is (NaN allowed). The caller
 * vouches that `values[t]` uses nothing after bar t. Column `name`. The streaming builder reads
 * `values[row]` when given, else the value last passed to `FeatureBuilder.setExternal`.
 */
export interface ExternalFeature {
  readonly kind: 'external';
  /** The column name: lower-case letters, digits and `_`. */
  readonly name: string;
  readonly values?: Float64Array;
}

/** One entry of a declarative feature list. */
export type FeatureSpec =
  | ReturnFeature
  | VolatilityFeature
  | IndicatorFeature
  | VolumeZScoreFeature
  | TimeOfDayFeature
  | DayOfWeekFeature
  | ExternalFeature;

/** A feature spec that cannot be computed: which one and why. */
export class FeatureSpecError extends Error {
  constructor(detail: string) {
    super(`feature spec: ${detail}`);
    this.name = 'FeatureSpecError';
  }
}

/** Throws a `FeatureSpecError` unless `value` is an integer ≥ `min`. */
export function requireFeatureInteger(what: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new FeatureSpecError(`${what} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** The output columns of one spec, in the order the matrix and the builder's row hold them. */
export function featureSpecColumns(spec: FeatureSpec): readonly string[] {
  switch (spec.kind) {
    case 'return':
      requireFeatureInteger('return horizon', spec.horizon, 1);
      return [`${spec.form === 'log' ? 'log_return' : 'return'}_${spec.horizon}`];
    case 'volatility':
      return [`volatility_${requireFeatureInteger('volatility window', spec.window, 2)}`];
    case 'indicator': {
      const parsed = parseIndicatorSpec(spec.name);
      if (parsed.definition.input === 'pair')
        throw new FeatureSpecError(`indicator '${spec.name}' needs a second series (pair indicators are not features)`);
      return indicatorColumnNames(parsed);
    }
    case 'volume_zscore':
      return [`volume_zscore_${requireFeatureInteger('volume_zscore window', spec.window, 2)}`];
    case 'time_of_day':
      return ['time_of_day_sin', 'time_of_day_cos'];
    case 'day_of_week':
      return ['day_of_week_sin', 'day_of_week_cos'];
    case 'external':
      if (!/^[a-z][a-z0-9_]*$/.test(spec.name))
        throw new FeatureSpecError(`external column name must be lower-case letters, digits and _, got '${spec.name}'`);
      return [spec.name];
    default:
      throw new FeatureSpecError(`unknown kind '${(spec as { kind: string }).kind}'`);
  }
}

/** Every column of a spec list, in order; throws when two specs name the same column. */
export function featureColumnNames(specs: readonly FeatureSpec[]): readonly string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs)
    for (const column of featureSpecColumns(spec)) {
      if (seen.has(column)) throw new FeatureSpecError(`column '${column}' is produced twice`);
      seen.add(column);
      columns.push(column);
    }
  return columns;
}
