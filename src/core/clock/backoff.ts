/** How long a failing call or stream waits before its next attempt. */
export interface BackoffPolicy {
  /** Wait after the first failure, ms; doubles per consecutive failure. */
  readonly baseDelayMs: number;
  /** Upper bound on one wait, ms. */
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": half of `base · 2^(failures−1)` (capped) fixed, the
 * other half scaled by `random()` ∈ [0, 1), so clients that failed together do not retry together.
 * `failures` counts consecutive failures, from 1. Pass a seeded generator (`SeededRandom`) for
 * reproducible waits.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
