import { SeededRandom } from '../../core/kernel/random.ts';
import { type Logger, SILENT_LOGGER } from '../../core/strategy/logger.ts';
import { DEFAULT_RETRY_POLICY, type RetryNotice, type RetryPolicy } from './backfill-retry.ts';

/** Hooks that make a backfill deterministic under test; production uses the defaults. */
export interface BackfillEnvironment {
  /** Wall clock, Unix ms (decides which candle is still forming). Default `Date.now`. */
  readonly now?: () => number;
  /** Waits between retries, ms. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for backoff jitter. Default: SeededRandom(seed ?? 1). */
  readonly random?: () => number;
  readonly seed?: number;
  readonly retryPolicy?: RetryPolicy;
  readonly logger?: Logger;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A backfill's environment with every default filled in. */
export interface ResolvedBackfillEnvironment {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly policy: RetryPolicy;
  readonly logger: Logger;
}

/** Fills the environment's defaults: wall clock, timer sleep, SeededRandom(seed ?? 1), the retry policy, no logs. */
export function resolveBackfillEnvironment(options: BackfillEnvironment): ResolvedBackfillEnvironment {
  const seeded = new SeededRandom(options.seed ?? 1);
  return {
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? (() => seeded.next()),
    policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    logger: options.logger ?? SILENT_LOGGER,
  };
}

/**
 * The counters every backfill reports (requests, pages, bars, range, retries and their waits),
 * and the `callWithRetry` options that count and log each retry.
 */
export class BackfillTally {
  requests = 0;
  pages = 0;
  barsWritten = 0;
  /** Open times of the first and last bar written, Unix ms (NaN when none). */
  first = Number.NaN;
  last = Number.NaN;
  retries = 0;
  waitedMs = 0;

  constructor(private readonly environment: ResolvedBackfillEnvironment) {}

  /** `callWithRetry` options for one request; `fields` name it in the retry log line. */
  retrying(fields: Record<string, unknown>) {
    const { policy, sleep, random, logger } = this.environment;
    return {
      policy,
      sleep,
      random,
      onRetry: (notice: RetryNotice) => {
        this.retries++;
        this.waitedMs += notice.delayMs;
        logger.warn('backfill_request_retried', {
          ...fields,
          attempt: notice.attempt,
          delay_ms: notice.delayMs,
          retry_after: notice.retryAfter,
          error: notice.error.message,
        });
      },
    };
  }

  /** One page written: `written` bars opening from `first` to `last`. */
  wrote(written: number, first: number, last: number): void {
    this.pages++;
    this.barsWritten += written;
    if (Number.isNaN(this.first)) this.first = first;
    this.last = last;
  }

  /** The counters, for a result object. */
  figures() {
    const { requests, pages, barsWritten, first, last, retries, waitedMs } = this;
    return { requests, pages, barsWritten, first, last, retries, waitedMs };
  }
}
