/**
 * Mean binary cross-entropy (natural log) of predicted probabilities against 0/1 labels.
 * Probabilities are clipped to [epsilon, 1 − epsilon] so a confident mistake costs a large
 * but finite amount (scikit-learn's convention).
 *
 * @param probabilities - predicted P(label = 1) per row
 * @param labels - 0 or 1 per row
 * @param epsilon - clipping bound, 1e-15 by default
 */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, epsilon = 1e-15): number {
  const n = probabilities.length;
  if (labels.length !== n) throw new Error(`logLoss: ${n} probabilities but ${labels.length} labels`);
  if (n === 0) throw new Error('logLoss: no rows');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new Error(`logLoss: label ${label} at row ${i} is not 0 or 1`);
    const p = Math.min(1 - epsilon, Math.max(epsilon, probabilities[i]));
    sum -= label === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}
