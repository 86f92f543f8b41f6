import { VenueError, VenueErrorKind } from '../../adapters/venues/ccxt/index.ts';
import { type BackoffPolicy, backoffDelay } from '../../core/clock/backoff.ts';

export { backoffDelay };

/**
 * How often and how patiently a retryable venue call is repeated: the backoff (a venue's
 * Retry-After is honoured even when longer than `maxDelayMs`) and the attempts in total.
 */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in total, the first included (≥ 1). */
  readonly maxAttempts: number;
}

/** Six attempts, 1 s doubling to at most 60 s: about two minutes of patience per request. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
});

/** What a retry waited for and why (for logs and counters). */
export interface RetryNotice {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: VenueError;
  /** True when the delay is the venue's Retry-After rather than our backoff. */
  readonly retryAfter: boolean;
}

/**
 * Calls `call` until it succeeds, repeating retryable and rate-limited VenueErrors after a wait:
 * the venue's Retry-After when it gave one, else the jittered backoff. Permanent errors and
 * errors that are not VenueErrors are rethrown at once; after the last attempt the error is
 * rethrown as a VenueError of the same kind whose message says how many attempts were made.
 */
export async function callWithRetry<T>(
  call: () => Promise<T>,
  options: {
    policy: RetryPolicy;
    sleep: (ms: number) => Promise<void>;
    random: () => number;
    onRetry?: (notice: RetryNotice) => void;
  },
): Promise<T> {
  const { policy } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof VenueError) || error.kind === VenueErrorKind.Permanent) throw error;
      if (attempt >= policy.maxAttempts)
        throw new VenueError({
          kind: error.kind,
          venue: error.venue,
          message: `gave up after ${attempt} attempts: ${error.message}`,
          cause: error,
        });
      const retryAfter = error.kind === VenueErrorKind.RateLimited && error.retryAfterMs !== undefined;
      const delayMs = retryAfter ? (error.retryAfterMs as number) : backoffDelay(attempt, policy, options.random);
      options.onRetry?.({ attempt, delayMs, error, retryAfter });
      await options.sleep(delayMs);
    }
  }
}
