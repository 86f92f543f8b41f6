import type { Clock } from '../clock/clock.ts';
import { StaleDataBreaker, type StaleDataBreakerOptions } from '../risk/state/stale-data-breaker.ts';
import type { Feed } from './bar-feed.ts';
import type { TradingKernel } from './trading-kernel.ts';

/**
 * The stale-data rail of a bar-driven engine: the breaker hears of a feed's bars only around gaps
 * (nothing per bar), and a gap longer than the limit schedules one check on the clock at the
 * first instant past it, so timers that fire in the gap meet the halted state.
 */
export class StaleDataWatch {
  private readonly breaker: StaleDataBreaker;

  constructor(
    private readonly options: StaleDataBreakerOptions,
    private readonly clock: Clock,
    private readonly kernel: TradingKernel,
  ) {
    this.breaker = new StaleDataBreaker(options);
  }

  /** Watches a new feed and sets its limit: the first check past `staleAfterIntervals` (default 2) on a once-per-interval cadence. */
  watch(feed: Feed): void {
    this.breaker.watch(feed.stream, feed.durationMs, 0);
    const intervals = this.options.staleAfterIntervals ?? 2;
    (feed as { staleAfterMs: number }).staleAfterMs = (Math.floor(intervals) + 1) * feed.durationMs;
  }

  /** The next bar of `feed` (whose previous bar opened at `previousOpen`) comes after a gap longer than the limit. */
  scheduleCheck(feed: Feed, previousOpen: number): void {
    if (previousOpen === Number.NEGATIVE_INFINITY) return;
    const breaker = this.breaker;
    // The silence counts from the close of the bar before the gap.
    breaker.onBar(feed.stream, previousOpen + feed.durationMs);
    feed.staleCheck = true;
    this.clock.setTimeAlert({
      name: `RISK:stale:${feed.stream}`,
      time: previousOpen + feed.durationMs + feed.staleAfterMs,
      first: true,
      handler: (event) => {
        for (const trip of breaker.check(event.timestamp)) this.kernel.applyCircuitBreakerEvent(trip);
      },
    });
  }

  /** A bar after a gap: the stream delivers again (resetting the breaker if the check tripped it). */
  resumed(feed: Feed, closeTime: number): void {
    feed.staleCheck = false;
    const reset = this.breaker.onBar(feed.stream, closeTime);
    if (reset !== undefined) this.kernel.applyCircuitBreakerEvent(reset);
  }
}
