/**
 * First index i < `length` of ascending `sorted` with sorted[i] ≥ `value` (`length` when none):
 * the binary search that cuts a time series at a bound.
 */
export function lowerBound(sorted: ArrayLike<number>, value: number, length = sorted.length): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
