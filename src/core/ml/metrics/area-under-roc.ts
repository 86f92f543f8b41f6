/**
 * Area under the ROC curve of scores against binary labels: the probability that a random
 * positive scores above a random negative, ties counted as one half (the Mann–Whitney statistic).
 *
 * Positives and negatives are sorted separately (native numeric sort) and merged, so a
 * million rows cost two typed-array sorts, not a comparator sort of indices.
 *
 * @param scores - one score per row (any monotone scale: probability, margin); NaN throws
 * @param labels - 1 for positive, 0 for negative, same length as `scores`
 * @returns AUC in [0, 1]; throws when either class is empty (the AUC is undefined)
 */
export function areaUnderRoc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`areaUnderRoc: ${n} scores but ${labels.length} labels`);
  let positiveCount = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new Error(`areaUnderRoc: label ${label} at row ${i} is not 0 or 1`);
    if (Number.isNaN(scores[i])) throw new Error(`areaUnderRoc: score at row ${i} is NaN`);
    positiveCount += label;
  }
  const negativeCount = n - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) {
    throw new Error(`areaUnderRoc: needs both classes (${positiveCount} positives, ${negativeCount} negatives)`);
  }
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(negativeCount);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) positives[p++] = scores[i];
    else negatives[q++] = scores[i];
  }
  positives.sort();
  negatives.sort();
  // For each positive: negatives strictly below count 1, equal ones count 1/2.
  let below = 0;
  let belowOrEqual = 0;
  let pairs = 0;
  for (let p = 0; p < positiveCount; p++) {
    const score = positives[p];
    while (below < negativeCount && negatives[below] < score) below++;
    if (belowOrEqual < below) belowOrEqual = below;
    while (belowOrEqual < negativeCount && negatives[belowOrEqual] <= score) belowOrEqual++;
    pairs += below + 0.5 * (belowOrEqual - below);
  }
  return pairs / (positiveCount * negativeCount);
}
