import type { BarSeries } from '../../model/data.ts';
import { requireFeatureInteger } from './feature-spec.ts';

/**
 * Labels look FORWARD by definition and are kept apart from features: a label at bar t reads bars
 * t … t + horizon, so it is a training target only, never an input.
 */
export interface ForwardReturnLabelOptions {
  /** Bars ahead, an integer ≥ 1. */
  readonly horizon: number;
  /** `simple` (default): close[t + h] / close[t] − 1; `log`: ln of that ratio. */
  readonly form?: 'simple' | 'log';
  /**
   * When given, the label is 1 where the return is strictly above `threshold` (a fraction, or a
   * log return with `form: 'log'`) and 0 otherwise, instead of the return itself.
   */
  readonly threshold?: number;
}

/**
 * Forward return over `horizon` bars from each bar's close, or its 1/0 class above a threshold.
 * NaN for the last `horizon` bars, whose future is not in the series.
 */
export function forwardReturnLabel(series: BarSeries, options: ForwardReturnLabelOptions): Float64Array {
  const horizon = requireFeatureInteger('label horizon', options.horizon, 1);
  const { threshold } = options;
  if (threshold !== undefined && !Number.isFinite(threshold))
    throw new RangeError(`label threshold must be finite, got ${threshold}`);
  const log = options.form === 'log';
  const length = series.length;
  const close = series.close;
  const label = new Float64Array(length).fill(Number.NaN);
  for (let t = 0; t + horizon < length; t++) {
    const ratio = close[t + horizon]! / close[t]!;
    const value = log ? Math.log(ratio) : ratio - 1;
    label[t] = threshold === undefined ? value : value > threshold ? 1 : 0;
  }
  return label;
}
