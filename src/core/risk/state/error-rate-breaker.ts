import type { UnixMillis } from '../../model/time.ts';
import { type CircuitBreakerEvent, HysteresisLatch } from './circuit-breaker.ts';
import { GLOBAL_SCOPE, type TradingScope, TradingState, TradingStateReason } from './trading-state.ts';

export interface ErrorRateBreakerOptions {
  /** Names what is counted in the source (`ERROR_RATE:<name>`), e.g. the venue or account. */
  readonly name: string;
  readonly scope?: TradingScope;
  /** State to ask for (default REDUCING). */
  readonly state?: TradingState;
  /** Trip when more than this many rejections fall in the window (default 5). */
  readonly maxRejections?: number;
  /** Reset when at most this many remain in the window (default ⌊maxRejections / 2⌋). */
  readonly releaseRejections?: number;
  /** The rolling window, ms (default 60,000: rejections per minute). */
  readonly windowMs?: number;
  /** Minimum time tripped before a reset, ms (default 300,000). */
  readonly minHoldMs?: number;
}

/**
 * Error rate: orders the venue rejected (OrderRejected) per rolling window. More than
 * `maxRejections` asks for REDUCING: something is wrong with what we send or with the venue.
 * It resets when the count in the window has fallen to `releaseRejections` and `minHoldMs` has
 * passed; since no rejection may arrive to say so, the kernel also calls `check(now)` on a timer.
 */
export class ErrorRateBreaker {
  private readonly times: number[] = [];
  private readonly latch: HysteresisLatch;
  private readonly source: string;
  private readonly scope: TradingScope;
  private readonly state: TradingState;
  private readonly max: number;
  private readonly release: number;
  /** Rejections older than this drop out of the count, ms. */
  readonly windowMs: number;

  constructor(options: ErrorRateBreakerOptions) {
    this.source = `ERROR_RATE:${options.name}`;
    this.scope = options.scope ?? GLOBAL_SCOPE;
    this.state = options.state ?? TradingState.Reducing;
    this.max = options.maxRejections ?? 5;
    this.release = options.releaseRejections ?? Math.floor(this.max / 2);
    this.windowMs = options.windowMs ?? 60_000;
    this.latch = new HysteresisLatch(this.max, this.release, options.minHoldMs ?? 300_000);
  }

  /** An order was rejected at `timestamp` (non-decreasing). */
  onRejected(timestamp: UnixMillis): CircuitBreakerEvent | undefined {
    this.times.push(timestamp);
    return this.check(timestamp);
  }

  /** Re-evaluates at `now`: rejections older than the window drop out. */
  check(now: UnixMillis): CircuitBreakerEvent | undefined {
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) this.times.splice(0, drop);
    const count = this.times.length;
    const change = this.latch.update(count, now);
    if (change === undefined) return undefined;
    const figures = `${count} rejections in the last ${this.windowMs} ms`;
    if (change === 'tripped') {
      return {
        type: 'CircuitBreakerTripped',
        breaker: this.source,
        scope: this.scope,
        state: this.state,
        reason: TradingStateReason.ErrorRate,
        detail: `${figures} > ${this.max}`,
        value: count,
        threshold: this.max,
        timestamp: now,
      };
    }
    return {
      type: 'CircuitBreakerReset',
      breaker: this.source,
      scope: this.scope,
      reason: TradingStateReason.ErrorRateNormal,
      detail: `${figures} ≤ ${this.release}`,
      value: count,
      threshold: this.release,
      timestamp: now,
    };
  }

  get tripped(): boolean {
    return this.latch.tripped;
  }
}
