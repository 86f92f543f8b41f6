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

/** The k-th smallest value (0-based) of `values`, which it reorders (Hoare quickselect, middle pivot). */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** Median of `values` in linear expected time; reorders them. NaN when empty. */
function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const upper = select(values, n >> 1);
  if (n % 2 === 1) return upper;
  // After selecting n/2, the elements before it are all ≤ it: the lower middle is their maximum.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Robust centre and scale of `values` (not modified; NaN values are not expected). NaN median for an empty sample. */
export function robustScale(values: Float64Array): RobustScale {
  const median = medianInPlace(Float64Array.from(values));
  const deviations = new Float64Array(values.length);
  let sumAbs = 0;
  for (let i = 0; i < values.length; i++) {
    deviations[i] = Math.abs(values[i] - median);
    sumAbs += deviations[i];
  }
  const mad = medianInPlace(deviations);
  if (mad > 0) return { median, scale: 1.4826 * mad };
  const meanAbs = values.length === 0 ? 0 : sumAbs / values.length;
  return { median, scale: 1.2533 * meanAbs };
}
