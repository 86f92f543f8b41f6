/**
 * Share of rows whose thresholded probability matches the label: predicted 1 when the
 * probability is at or above `threshold` (0.5 by default).
 */
export function accuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  const n = probabilities.length;
  if (labels.length !== n) throw new Error(`accuracy: ${n} probabilities but ${labels.length} labels`);
  if (n === 0) throw new Error('accuracy: no rows');
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const predicted = probabilities[i] >= threshold ? 1 : 0;
    if (predicted === labels[i]) correct++;
  }
  return correct / n;
}
