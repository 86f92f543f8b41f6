/** Centre and scale of a sample by median and MAD, with the mean-absolute-deviation fallback. */
export interface RobustScale {
  readonly median: number;
  /**
   * Scale comparable to a standard deviation: 1.4826·MAD; when MAD is 0 (more than half the values
   * equal the median, as in quiet 1-minute closes) 1.2533·mean |x − median| (Iglewicz & Hoaglin);
   * 0 when every value equals the median.
   */
  readonly scale: number;
}

function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Robust centre and scale of `values` (not modified). NaN median for an empty sample. */
export function robustScale(values: Float64Array): RobustScale {
  const sorted = Float64Array.from(values).sort();
  const median = medianOfSorted(sorted);
  const deviations = new Float64Array(values.length);
  let sumAbs = 0;
  for (let i = 0; i < values.length; i++) {
    deviations[i] = Math.abs(values[i] - median);
    sumAbs += deviations[i];
  }
  const mad = medianOfSorted(deviations.sort());
  if (mad > 0) return { median, scale: 1.4826 * mad };
  const meanAbs = values.length === 0 ? 0 : sumAbs / values.length;
  return { median, scale: 1.2533 * meanAbs };
}
