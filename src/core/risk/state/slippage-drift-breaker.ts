import type { UnixMillis } from '../../model/time.ts';
import { type CircuitBreakerEvent, HysteresisLatch } from './circuit-breaker.ts';
import { GLOBAL_SCOPE, type TradingScope, TradingState, TradingStateReason } from './trading-state.ts';

export interface SlippageDriftBreakerOptions {
  /** Names the instrument or venue in the source (`SLIPPAGE_DRIFT:<name>`). */
  readonly name: string;
  readonly scope?: TradingScope;
  /** State to ask for (default REDUCING). */
  readonly state?: TradingState;
  /** Trip when the mean drift over the window exceeds this, bps (default 10). */
  readonly thresholdBps?: number;
  /** Reset when the mean drift is at or below this, bps (default thresholdBps / 2). */
  readonly releaseBps?: number;
  /** Fills in the rolling window (default 20); the breaker judges only a full window. */
  readonly window?: number;
  /** Minimum time tripped before a reset, ms (default 600,000). */
  readonly minHoldMs?: number;
}

/**
 * Slippage drift: per fill, realized minus modelled slippage in bps (positive: worse than the
 * model); the mean over the last `window` fills above `thresholdBps` asks for REDUCING (the cost
 * model, hence every backtest-based expectation, no longer holds). It resets at `releaseBps` after
 * `minHoldMs`. Fills keep coming in REDUCING (exits), so the window keeps moving; `check(now)`
 * lets a quiet market reset it once the hold has passed.
 */
export class SlippageDriftBreaker {
  private readonly drifts: Float64Array;
  private head = 0;
  private count = 0;
  private readonly latch: HysteresisLatch;
  private readonly source: string;
  private readonly scope: TradingScope;
  private readonly state: TradingState;
  private readonly threshold: number;
  private readonly release: number;

  constructor(options: SlippageDriftBreakerOptions) {
    this.source = `SLIPPAGE_DRIFT:${options.name}`;
    this.scope = options.scope ?? GLOBAL_SCOPE;
    this.state = options.state ?? TradingState.Reducing;
    this.threshold = options.thresholdBps ?? 10;
    this.release = options.releaseBps ?? this.threshold / 2;
    const window = options.window ?? 20;
    if (!Number.isInteger(window) || window < 1) throw new Error(`window ${window} must be a positive integer`);
    this.drifts = new Float64Array(window);
    this.latch = new HysteresisLatch(this.threshold, this.release, options.minHoldMs ?? 600_000);
  }

  /** A fill: realized and modelled slippage, bps of the reference price (a cost is positive). */
  onFill(realizedBps: number, modelledBps: number, timestamp: UnixMillis): CircuitBreakerEvent | undefined {
    const drift = realizedBps - modelledBps;
    if (!Number.isFinite(drift)) throw new Error(`slippage drift ${drift} is not finite`);
    if (this.count < this.drifts.length) this.count++;
    this.drifts[this.head] = drift;
    this.head = (this.head + 1) % this.drifts.length;
    return this.check(timestamp);
  }

  /** Mean drift over the window, bps (NaN until the window is full); summed afresh, so it cannot drift. */
  meanDriftBps(): number {
    if (this.count < this.drifts.length) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.drifts[i]!;
    return sum / this.count;
  }

  /** Re-evaluates at `now` (a reset may be due once the hold has passed). */
  check(now: UnixMillis): CircuitBreakerEvent | undefined {
    const mean = this.meanDriftBps();
    if (Number.isNaN(mean)) return undefined;
    const change = this.latch.update(mean, now);
    if (change === undefined) return undefined;
    const figures = `mean slippage drift ${mean.toFixed(2)} bps over the last ${this.count} fills`;
    if (change === 'tripped') {
      return {
        type: 'CircuitBreakerTripped',
        breaker: this.source,
        scope: this.scope,
        state: this.state,
        reason: TradingStateReason.SlippageDrift,
        detail: `${figures} > ${this.threshold} bps`,
        value: mean,
        threshold: this.threshold,
        timestamp: now,
      };
    }
    return {
      type: 'CircuitBreakerReset',
      breaker: this.source,
      scope: this.scope,
      reason: TradingStateReason.SlippageNormal,
      detail: `${figures} ≤ ${this.release} bps`,
      value: mean,
      threshold: this.release,
      timestamp: now,
    };
  }

  get tripped(): boolean {
    return this.latch.tripped;
  }
}
