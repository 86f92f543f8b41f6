/** One row of a calibration table: the rows whose predicted probability fell in one bin. */
export interface CalibrationBin {
  /** Lower edge of the bin (inclusive), a probability. */
  readonly lower: number;
  /** Upper edge of the bin (exclusive, except 1 for the last bin). */
  readonly upper: number;
  /** Number of rows in the bin. */
  readonly count: number;
  /** Mean predicted probability of those rows (NaN when the bin is empty). */
  readonly meanPredicted: number;
  /** Share of those rows whose label is 1 (NaN when the bin is empty). */
  readonly observedRate: number;
}

/**
 * Calibration (reliability) table: predicted probabilities grouped in equal-width bins
 * (deciles by default), each with its mean prediction beside the observed positive rate.
 * A calibrated model has meanPredicted ≈ observedRate in every populated bin.
 *
 * @param probabilities - predicted P(label = 1) per row, in [0, 1]
 * @param labels - 0 or 1 per row
 * @param binCount - number of equal-width bins over [0, 1], 10 by default
 */
export function calibrationTable(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  binCount = 10,
): CalibrationBin[] {
  const n = probabilities.length;
  if (labels.length !== n) throw new Error(`calibrationTable: ${n} probabilities but ${labels.length} labels`);
  if (!Number.isInteger(binCount) || binCount < 1) throw new Error(`calibrationTable: binCount ${binCount}`);
  const counts = new Float64Array(binCount);
  const predictedSums = new Float64Array(binCount);
  const positives = new Float64Array(binCount);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`calibrationTable: probability ${p} at row ${i} is outside [0, 1]`);
    const bin = Math.min(binCount - 1, Math.floor(p * binCount));
    counts[bin]++;
    predictedSums[bin] += p;
    positives[bin] += labels[i] === 1 ? 1 : 0;
  }
  const table: CalibrationBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const count = counts[b];
    table.push({
      lower: b / binCount,
      upper: (b + 1) / binCount,
      count,
      meanPredicted: count > 0 ? predictedSums[b] / count : Number.NaN,
      observedRate: count > 0 ? positives[b] / count : Number.NaN,
    });
  }
  return table;
}
