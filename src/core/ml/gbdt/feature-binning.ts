import type { FeatureMatrix } from './feature-matrix.ts';

/** Most value bins a feature may have; its NaN bin comes after them, so a bin fits in a byte. */
export const MAX_VALUE_BINS = 255;

/**
 * Quantile bins of every feature, fitted once before training (LightGBM's histogram idea):
 * a value x falls in the first bin b with x ≤ upperBounds[f][b]; the last bound is +∞; NaN
 * falls in bin `nanBin[f]` (= the number of value bins), so a split "bin ≤ b" is the same as
 * the raw test "x ≤ upperBounds[f][b]" and the tree can later predict on raw values.
 */
export interface FeatureBinning {
  readonly featureCount: number;
  /** Per feature: ascending upper bounds of its value bins, the last +∞. */
  readonly upperBounds: readonly Float64Array[];
  /** Per feature: index of its NaN bin, equal to its number of value bins (1..255). */
  readonly nanBin: Uint8Array;
  /** Per feature: first histogram slot of the feature; it owns nanBin[f] + 1 slots. */
  readonly binOffsets: Uint32Array;
  /** Histogram slots over all features (Σ nanBin[f] + 1). */
  readonly totalBins: number;
}

/** Midpoint strictly below `upper`, so `upper` itself never falls in the lower bin. */
function cutBetween(lower: number, upper: number): number {
  const mid = lower + (upper - lower) / 2;
  return mid < upper ? mid : lower;
}

/** Upper bounds for one feature from its sorted non-NaN sample values. */
function quantileBounds(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  const bounds: number[] = [];
  if (m > 0) {
    let distinct = 1;
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
    if (distinct <= maxBins) {
      for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) bounds.push(cutBetween(sorted[i - 1], sorted[i]));
    } else {
      // Walk distinct values with their counts; cut after a value once the running count has
      // passed the next multiple of m / maxBins (a heavy value gets a bin of its own).
      const step = m / maxBins;
      let next = step;
      for (let i = 0; i < m; ) {
        let j = i + 1;
        while (j < m && sorted[j] === sorted[i]) j++;
        if (j < m && j >= next && bounds.length < maxBins - 1) {
          bounds.push(cutBetween(sorted[i], sorted[j]));
          while (next <= j) next += step;
        }
        i = j;
      }
    }
  }
  bounds.push(Number.POSITIVE_INFINITY);
  return Float64Array.from(bounds);
}

/**
 * Fits quantile bins on an evenly strided sample of at most `sampleSize` rows (deterministic,
 * no randomness needed).
 * @param maxBins - value bins per feature, 2..255
 */
export function fitFeatureBinning(
  matrix: FeatureMatrix,
  maxBins = MAX_VALUE_BINS,
  sampleSize = 200_000,
): FeatureBinning {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_VALUE_BINS) {
    throw new Error(`maxBins must be an integer in 2..${MAX_VALUE_BINS}, got ${maxBins}`);
  }
  const n = matrix.rowCount;
  const d = matrix.featureCount;
  const sampled = Math.min(n, sampleSize);
  // One pass over the sampled rows (row by row: a row-major matrix is read in order, not once
  // per feature), each feature's non-NaN values into its own sample.
  const samples = Array.from({ length: d }, () => new Float64Array(sampled));
  const counts = new Int32Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < sampled; i++) {
    matrix.row(Math.floor((i * n) / sampled), row);
    for (let f = 0; f < d; f++) {
      const value = row[f];
      if (!Number.isNaN(value)) samples[f][counts[f]++] = value;
    }
  }
  const upperBounds: Float64Array[] = [];
  const nanBin = new Uint8Array(d);
  const binOffsets = new Uint32Array(d);
  let totalBins = 0;
  for (let f = 0; f < d; f++) {
    const bounds = quantileBounds(samples[f].subarray(0, counts[f]).sort(), maxBins);
    upperBounds.push(bounds);
    nanBin[f] = bounds.length;
    binOffsets[f] = totalBins;
    totalBins += bounds.length + 1;
  }
  return { featureCount: d, upperBounds, nanBin, binOffsets, totalBins };
}

/** Bin of one value: the first bound ≥ value (binary search), or the NaN bin. */
export function binOf(bounds: Float64Array, nanBin: number, value: number): number {
  if (Number.isNaN(value)) return nanBin;
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= bounds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Binned features, row-major: row r's bin of feature f at r · featureCount + f. */
export interface BinnedRows {
  readonly bins: Uint8Array;
  /**
   * The same bins column-major (feature f's at f · rowCount + r), when asked for: a partition
   * reads one feature at ascending rows, which this layout keeps within few cache lines.
   */
  readonly columns: Uint8Array | null;
  readonly rowCount: number;
  readonly featureCount: number;
}

/**
 * Bins every value, row-major (one row's bins share a cache line, which the histogram and
 * partition loops read at scattered rows). Throws on ±∞ (a split's threshold must stay a finite
 * JSON number).
 */
export function binFeatureRows(matrix: FeatureMatrix, binning: FeatureBinning, withColumns = false): BinnedRows {
  if (matrix.featureCount !== binning.featureCount) {
    throw new Error(`binning has ${binning.featureCount} features, data ${matrix.featureCount}`);
  }
  const n = matrix.rowCount;
  const d = matrix.featureCount;
  const bins = new Uint8Array(n * d);
  // Each feature's bounds padded to 256 with +∞, side by side: a fixed 8-step binary search,
  // each step arithmetic on the comparison (a branch per step mispredicts half the time on real
  // data). Row by row, so a row-major matrix is read once, in order.
  const padded = new Float64Array(256 * d).fill(Number.POSITIVE_INFINITY);
  for (let f = 0; f < d; f++) padded.set(binning.upperBounds[f], 256 * f);
  const nanBin = binning.nanBin;
  const row = new Float64Array(d);
  for (let r = 0, i = 0; r < n; r++) {
    matrix.row(r, row);
    for (let f = 0; f < d; f++, i++) {
      const value = row[f];
      if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
        throw new Error(`feature ${f}, row ${r}: ${value} (values must be finite, or NaN for missing)`);
      }
      if (Number.isNaN(value)) {
        bins[i] = nanBin[f];
        continue;
      }
      // lo = number of bounds below value = index of the first bound ≥ value.
      let lo = 256 * f;
      lo += 128 * +(padded[lo + 127] < value);
      lo += 64 * +(padded[lo + 63] < value);
      lo += 32 * +(padded[lo + 31] < value);
      lo += 16 * +(padded[lo + 15] < value);
      lo += 8 * +(padded[lo + 7] < value);
      lo += 4 * +(padded[lo + 3] < value);
      lo += 2 * +(padded[lo + 1] < value);
      lo += 1 * +(padded[lo] < value);
      bins[i] = lo - 256 * f;
    }
  }
  return { bins, columns: withColumns ? transposeBins(bins, n, d) : null, rowCount: n, featureCount: d };
}

/** Rows per block of the transposition: a block's bins and its columns' pieces stay in L2. */
const TRANSPOSE_ROWS = 4096;

/** Column-major copy of row-major bins, block by block of rows. */
function transposeBins(bins: Uint8Array, n: number, d: number): Uint8Array {
  const columns = new Uint8Array(n * d);
  for (let first = 0; first < n; first += TRANSPOSE_ROWS) {
    const last = Math.min(n, first + TRANSPOSE_ROWS);
    for (let f = 0; f < d; f++) {
      for (let r = first, i = first * d + f, o = f * n + first; r < last; r++, i += d, o++) columns[o] = bins[i];
    }
  }
  return columns;
}
