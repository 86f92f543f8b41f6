import type { BarSeries } from '../../model/data.ts';
import { dayOfWeekKernel, externalKernel, indicatorKernel, timeOfDayKernel } from './context-features.ts';
import type { FeatureKernel } from './feature-kernel.ts';
import { type FeatureSpec, FeatureSpecError, featureColumnNames, featureSpecColumns } from './feature-spec.ts';
import { returnKernel, volatilityKernel, volumeZScoreKernel } from './price-features.ts';

/**
 * Features of `rows` bars, column-major: column c, row r at `values[c · rows + r]`, so each column
 * is one contiguous `Float64Array` (`featureColumn`). Row t uses only bars 0 … t; NaN where a
 * feature is still warming up.
 */
export interface FeatureMatrix {
  readonly columns: readonly string[];
  readonly rows: number;
  readonly values: Float64Array;
}

/** The kernel for one spec (validates it). */
export function createFeatureKernel(spec: FeatureSpec): FeatureKernel {
  const columns = featureSpecColumns(spec);
  switch (spec.kind) {
    case 'return':
      return returnKernel(spec, columns);
    case 'volatility':
      return volatilityKernel(spec, columns);
    case 'indicator':
      return indicatorKernel(spec, columns);
    case 'volume_zscore':
      return volumeZScoreKernel(spec, columns);
    case 'time_of_day':
      return timeOfDayKernel(columns);
    case 'day_of_week':
      return dayOfWeekKernel(columns);
    case 'external':
      return externalKernel(spec, columns);
    default:
      throw new FeatureSpecError(`unknown kind '${(spec as { kind: string }).kind}'`);
  }
}

/**
 * Computes every spec over the first `series.length` bars into one matrix (columns in spec order,
 * names from `featureColumnNames`). External specs must carry `values` of at least that length.
 */
export function computeFeatures(series: BarSeries, specs: readonly FeatureSpec[]): FeatureMatrix {
  const columns = featureColumnNames(specs);
  const rows = series.length;
  const values = new Float64Array(columns.length * rows);
  let column = 0;
  for (const spec of specs) {
    const kernel = createFeatureKernel(spec);
    const out = kernel.columns.map((_, k) => values.subarray((column + k) * rows, (column + k + 1) * rows));
    kernel.batch(series, rows, out);
    column += kernel.columns.length;
  }
  return { columns, rows, values };
}

/** Column `name` (or index) of a matrix, as a view into its values (no copy). */
export function featureColumn(matrix: FeatureMatrix, column: string | number): Float64Array {
  const index = typeof column === 'number' ? column : matrix.columns.indexOf(column);
  if (index < 0 || index >= matrix.columns.length)
    throw new RangeError(`feature matrix has no column ${JSON.stringify(column)} (${matrix.columns.join(', ')})`);
  return matrix.values.subarray(index * matrix.rows, (index + 1) * matrix.rows);
}

/** The largest warm-up of the specs: rows before it have at least one NaN from warm-up. */
export function featureLookback(specs: readonly FeatureSpec[]): number {
  let lookback = 0;
  for (const spec of specs) lookback = Math.max(lookback, createFeatureKernel(spec).lookback);
  return lookback;
}
