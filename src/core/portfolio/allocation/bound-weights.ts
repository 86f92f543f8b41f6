/**
 * Scales non-negative scores to weights that sum to 1 with every weight in [min, max]:
 * w_i = clamp(λ s_i, min, max) with the one scale λ that makes them sum to 1 (found by bisection,
 * then solved exactly over the weights left unclamped), so weights keep the order of the scores.
 * Zero scores get `min`, unless the positive scores cannot take the whole mass even at `max`:
 * then the zero-score ones share the rest equally. Throws when the bounds cannot hold
 * (n × min > 1 or n × max < 1) or a score is negative or not finite.
 */
export function boundWeights(scores: readonly number[], min = 0, max = 1): number[] {
  const n = scores.length;
  if (n === 0) throw new Error('boundWeights: no scores');
  if (!(min >= 0 && max <= 1 && min <= max))
    throw new Error(`boundWeights: need 0 ≤ min ≤ max ≤ 1, got [${min}, ${max}]`);
  // A small tolerance: three strategies at min 1/3 are feasible.
  if (n * min > 1 + 1e-12 || n * max < 1 - 1e-12)
    throw new Error(`boundWeights: ${n} weights cannot sum to 1 within [${min}, ${max}]`);
  let smallest = Number.POSITIVE_INFINITY;
  let positive = 0;
  for (const s of scores) {
    if (!(Number.isFinite(s) && s >= 0)) throw new Error(`boundWeights: score ${s} must be finite and ≥ 0`);
    if (s > 0) {
      positive++;
      smallest = Math.min(smallest, s);
    }
  }
  if (positive === 0) return new Array<number>(n).fill(1 / n);
  const zeros = n - positive;
  if (positive * max + zeros * min < 1) {
    // Even at their cap the positive scores leave mass over: the zero-score ones share it.
    const rest = (1 - positive * max) / zeros;
    return scores.map((s) => (s > 0 ? max : rest));
  }
  const clamp = (x: number) => (x < min ? min : x > max ? max : x);
  const total = (scale: number) => scores.reduce((sum, s) => sum + clamp(scale * s), 0);
  // total() rises with the scale from n × min (≤ 1) to ≥ 1 at `high`, where every positive score is at its cap.
  // (Capped: a subnormal smallest score would make it infinite. 2,100 halvings span every double.)
  let low = 0;
  let high = Math.min(max / smallest, Number.MAX_VALUE);
  for (let i = 0; i < 2100 && high - low > high * 1e-15; i++) {
    const middle = (low + high) / 2;
    if (total(middle) < 1) low = middle;
    else high = middle;
  }
  const scale = (low + high) / 2;
  // Exact over the unclamped: λ = (1 − pinned mass) / Σ their scores.
  let pinnedMass = 0;
  let freeScore = 0;
  const free = scores.map((s) => {
    const x = scale * s;
    if (x <= min || x >= max) {
      pinnedMass += clamp(x);
      return false;
    }
    freeScore += s;
    return true;
  });
  if (!(freeScore > 0)) return scores.map((s) => clamp(scale * s));
  const exact = (1 - pinnedMass) / freeScore;
  return scores.map((s, i) => (free[i] ? exact * s : clamp(scale * s)));
}
