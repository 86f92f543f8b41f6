import type { BackoffPolicy } from '../../../core/clock/backoff.ts';

/** 1 s doubling to at most 30 s: how long a dropped stream waits before it reconnects. */
export const DEFAULT_STREAM_BACKOFF: BackoffPolicy = Object.freeze({ baseDelayMs: 1000, maxDelayMs: 30_000 });
