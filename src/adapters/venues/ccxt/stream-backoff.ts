/** How long a failing stream waits before its next attempt. */
export interface StreamBackoffPolicy {
  /** Wait after the first failure, ms; doubles per consecutive failure. */
  readonly baseDelayMs: number;
  /** Upper bound on one wait, ms. */
  readonly maxDelayMs: number;
}

/** 1 s doubling to at most 30 s. */
export const DEFAULT_STREAM_BACKOFF: StreamBackoffPolicy = Object.freeze({ baseDelayMs: 1000, maxDelayMs: 30_000 });

/**
 * Exponential backoff with equal jitter (the policy of the REST backfill, restated here because
 * adapters may not import the runtime): half of `base · 2^(failures−1)` (capped) fixed, the other
 * half scaled by `random()` ∈ [0, 1), so clients dropped together do not reconnect together.
 * `failures` counts consecutive failures, from 1.
 */
export function streamBackoffDelay(failures: number, policy: StreamBackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A seeded uniform generator on [0, 1) (mulberry32): same seed, same jitter, run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
