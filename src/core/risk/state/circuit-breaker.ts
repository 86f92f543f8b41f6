import type { UnixMillis } from '../../model/time.ts';
import type { TradingScope, TradingState, TradingStateReason } from './trading-state.ts';
import type { TradingStateMachine } from './trading-state-machine.ts';

/**
 * A breaker's condition became true: it asks for `state` on `scope`. `breaker` names the breaker
 * instance (it is the hold's source, e.g. `SPREAD_STRESS:BTCUSDT.BINANCE`); `value` and
 * `threshold` are the measured figure and the limit it crossed, in the breaker's unit.
 */
export interface CircuitBreakerTripped {
  readonly type: 'CircuitBreakerTripped';
  readonly breaker: string;
  readonly scope: TradingScope;
  readonly state: TradingState;
  readonly reason: TradingStateReason;
  readonly detail: string;
  readonly value: number;
  readonly threshold: number;
  readonly timestamp: UnixMillis;
}

/** A tripped breaker's condition cleared (past its hysteresis and cooldown): its request is withdrawn. */
export interface CircuitBreakerReset {
  readonly type: 'CircuitBreakerReset';
  readonly breaker: string;
  readonly scope: TradingScope;
  readonly reason: TradingStateReason;
  readonly detail: string;
  readonly value: number;
  readonly threshold: number;
  readonly timestamp: UnixMillis;
}

export type CircuitBreakerEvent = CircuitBreakerTripped | CircuitBreakerReset;

/** Hands a breaker's decision to the state machine: a trip holds the scope, a reset releases it. */
export function applyCircuitBreakerEvent(machine: TradingStateMachine, event: CircuitBreakerEvent): void {
  if (event.type === 'CircuitBreakerTripped') {
    machine.hold({
      source: event.breaker,
      scope: event.scope,
      state: event.state,
      reason: event.reason,
      detail: event.detail,
      kind: 'condition',
    });
  } else {
    machine.release({ source: event.breaker, scope: event.scope, reason: event.reason, detail: event.detail });
  }
}

/**
 * The anti-flap latch every threshold breaker shares: trips when the value rises above `trip`;
 * resets only when it has fallen to `release` or below (hysteresis, `release` ≤ `trip`) and at
 * least `minHoldMs` after the trip (cooldown). Returns 'tripped' / 'reset' on a change.
 */
export class HysteresisLatch {
  tripped = false;
  trippedAt = 0;

  constructor(
    private readonly trip: number,
    private readonly release: number,
    private readonly minHoldMs: number,
  ) {
    if (!(release <= trip)) throw new Error(`hysteresis: release ${release} must be ≤ trip ${trip}`);
    if (!(minHoldMs >= 0)) throw new Error(`hysteresis: minHoldMs ${minHoldMs} must be ≥ 0`);
  }

  update(value: number, timestamp: UnixMillis): 'tripped' | 'reset' | undefined {
    if (!this.tripped) {
      if (!(value > this.trip)) return undefined;
      this.tripped = true;
      this.trippedAt = timestamp;
      return 'tripped';
    }
    if (value <= this.release && timestamp - this.trippedAt >= this.minHoldMs) {
      this.tripped = false;
      return 'reset';
    }
    return undefined;
  }
}
