/**
 * Feature values for n rows × d features: either one row-major Float64Array (row r's feature f
 * at r·d + f; give d as `featureCount`) or one Float64Array per feature (columns, each length n).
 * NaN marks a missing value.
 */
export type FeatureData = Float64Array | readonly Float64Array[];

/** Uniform read access to {@link FeatureData}, one column at a time (the binning order). */
export interface FeatureMatrix {
  readonly rowCount: number;
  readonly featureCount: number;
  /** Copies feature `feature` of every row into `out` (length ≥ rowCount) and returns it. */
  column(feature: number, out: Float64Array): Float64Array;
  /** Feature values of row `row` into `out` (length ≥ featureCount). */
  row(row: number, out: Float64Array): Float64Array;
}

/**
 * Wraps feature data as a {@link FeatureMatrix}; throws when the shape is inconsistent.
 * @param featureCount - required for row-major data (d); checked against columns otherwise
 */
export function toFeatureMatrix(features: FeatureData, featureCount?: number): FeatureMatrix {
  if (features instanceof Float64Array) {
    const d = featureCount ?? 0;
    if (!Number.isInteger(d) || d < 1) throw new Error('row-major features need featureCount ≥ 1');
    if (features.length % d !== 0) {
      throw new Error(`row-major features: length ${features.length} is not a multiple of featureCount ${d}`);
    }
    const n = features.length / d;
    return {
      rowCount: n,
      featureCount: d,
      column(feature, out) {
        for (let r = 0, i = feature; r < n; r++, i += d) out[r] = features[i];
        return out;
      },
      row(row, out) {
        const base = row * d;
        for (let f = 0; f < d; f++) out[f] = features[base + f];
        return out;
      },
    };
  }
  const d = features.length;
  if (d < 1) throw new Error('column features: no columns');
  if (featureCount !== undefined && featureCount !== d) {
    throw new Error(`column features: ${d} columns but featureCount ${featureCount}`);
  }
  const n = features[0].length;
  for (let f = 1; f < d; f++) {
    if (features[f].length !== n)
      throw new Error(`column features: column ${f} has ${features[f].length} rows, not ${n}`);
  }
  return {
    rowCount: n,
    featureCount: d,
    column(feature, out) {
      out.set(features[feature]);
      return out;
    },
    row(row, out) {
      for (let f = 0; f < d; f++) out[f] = features[f][row];
      return out;
    },
  };
}

/** Row-major copy of a matrix (n·d values), the layout prediction reads. */
export function toRowMajor(matrix: FeatureMatrix): Float64Array {
  const n = matrix.rowCount;
  const d = matrix.featureCount;
  const out = new Float64Array(n * d);
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    matrix.column(f, column);
    for (let r = 0, i = f; r < n; r++, i += d) out[i] = column[r];
  }
  return out;
}
