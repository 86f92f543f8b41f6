/** The first four moments of a sample of returns; see {@link returnMoments}. */
export interface ReturnMoments {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 with fewer than 2 values. */
  readonly stdev: number;
  /** Sample skewness m₃ / m₂^1.5 (biased moments); 0 when the sample has no spread. */
  readonly skewness: number;
  /** Kurtosis m₄ / m₂² (not excess: 3 for a normal sample); 3 when the sample has no spread. */
  readonly kurtosis: number;
}

/** Mean, standard deviation, skewness and kurtosis of `values` (two passes, so stable). */
export function returnMoments(values: ArrayLike<number>): ReturnMoments {
  const n = values.length;
  if (n === 0) return { count: 0, mean: 0, stdev: 0, skewness: 0, kurtosis: 3 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const stdev = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  // A spread below float noise of the mean is no spread: skewness and kurtosis would be noise.
  const flat = m2 <= (Number.EPSILON * Math.abs(mean)) ** 2 || m2 === 0;
  return {
    count: n,
    mean,
    stdev,
    skewness: flat ? 0 : m3 / m2 ** 1.5,
    kurtosis: flat ? 3 : m4 / (m2 * m2),
  };
}
