import type { UnixMillis } from '../../model/time.ts';
import { type CircuitBreakerEvent, HysteresisLatch } from './circuit-breaker.ts';
import { RollingMedian } from './rolling-median.ts';
import { GLOBAL_SCOPE, type TradingScope, TradingState, TradingStateReason } from './trading-state.ts';

export interface SpreadStressBreakerOptions {
  /** Names the instrument in the breaker's source (`SPREAD_STRESS:<name>`). */
  readonly name: string;
  readonly scope?: TradingScope;
  /** State to ask for (default REDUCING). */
  readonly state?: TradingState;
  /** Trip when the spread exceeds `tripMultiple` × the rolling median (default 3). */
  readonly tripMultiple?: number;
  /** Reset when the spread is back at or below `releaseMultiple` × the median (default 1.5, ≤ tripMultiple). */
  readonly releaseMultiple?: number;
  /** Quotes in the rolling median (default 100). */
  readonly window?: number;
  /** Quotes needed before the breaker judges (default 20, ≤ window). */
  readonly minQuotes?: number;
  /** Minimum time tripped before a reset, ms (default 60,000). */
  readonly minHoldMs?: number;
}

/**
 * Spread stress: the relative spread (ask − bid) / mid, in bps, against its rolling median over the
 * last `window` quotes. Above `tripMultiple` × median it asks for REDUCING; it resets when the
 * spread is at or below `releaseMultiple` × median and `minHoldMs` has passed (hysteresis and
 * cooldown, so it does not flap around the threshold). While tripped the median is frozen: a
 * stress lasting longer than the window must not become the norm and reset the breaker by itself.
 */
export class SpreadStressBreaker {
  private readonly median: RollingMedian;
  private readonly latch: HysteresisLatch;
  private readonly source: string;
  private readonly scope: TradingScope;
  private readonly state: TradingState;
  private readonly tripMultiple: number;
  private readonly releaseMultiple: number;
  private readonly minQuotes: number;

  constructor(options: SpreadStressBreakerOptions) {
    this.source = `SPREAD_STRESS:${options.name}`;
    this.scope = options.scope ?? GLOBAL_SCOPE;
    this.state = options.state ?? TradingState.Reducing;
    this.tripMultiple = options.tripMultiple ?? 3;
    this.releaseMultiple = options.releaseMultiple ?? 1.5;
    const window = options.window ?? 100;
    this.minQuotes = options.minQuotes ?? Math.min(20, window);
    if (!(this.minQuotes <= window)) throw new Error(`minQuotes ${this.minQuotes} must be ≤ window ${window}`);
    this.median = new RollingMedian(window);
    // The latch works on the spread as a multiple of the median.
    this.latch = new HysteresisLatch(this.tripMultiple, this.releaseMultiple, options.minHoldMs ?? 60_000);
  }

  /** A top-of-book quote at `timestamp`. Crossed or empty books (ask ≤ bid, a side ≤ 0) are ignored. */
  onQuote(bid: number, ask: number, timestamp: UnixMillis): CircuitBreakerEvent | undefined {
    if (!(bid > 0) || !(ask > bid)) return undefined;
    const spreadBps = ((ask - bid) / ((ask + bid) / 2)) * 10_000;
    if (this.median.count < this.minQuotes) {
      this.median.push(spreadBps);
      return undefined;
    }
    const median = this.median.median();
    const multiple = spreadBps / median;
    const change = this.latch.update(multiple, timestamp);
    if (!this.latch.tripped) this.median.push(spreadBps);
    if (change === undefined) return undefined;
    const figures = `spread ${spreadBps.toFixed(2)} bps = ${multiple.toFixed(2)} × median ${median.toFixed(2)} bps`;
    if (change === 'tripped') {
      return {
        type: 'CircuitBreakerTripped',
        breaker: this.source,
        scope: this.scope,
        state: this.state,
        reason: TradingStateReason.SpreadStress,
        detail: `${figures} > ${this.tripMultiple} ×`,
        value: spreadBps,
        threshold: this.tripMultiple * median,
        timestamp,
      };
    }
    return {
      type: 'CircuitBreakerReset',
      breaker: this.source,
      scope: this.scope,
      reason: TradingStateReason.SpreadNormal,
      detail: `${figures} ≤ ${this.releaseMultiple} ×`,
      value: spreadBps,
      threshold: this.releaseMultiple * median,
      timestamp,
    };
  }

  get tripped(): boolean {
    return this.latch.tripped;
  }
}
