import type { MessageBus } from '../bus/message-bus.ts';
import type { Clock } from '../clock/clock.ts';
import type { OrderEvent } from '../model/events.ts';
import type { CircuitBreakerEvent } from '../risk/state/circuit-breaker.ts';
import type { ErrorRateBreaker } from '../risk/state/error-rate-breaker.ts';

export interface ErrorRateWatchOptions {
  readonly breaker: ErrorRateBreaker;
  readonly clock: Clock;
  readonly bus: MessageBus;
  /** Takes each trip and reset (the kernel hands it to the trading state and the risk audit). */
  readonly onBreakerEvent: (event: CircuitBreakerEvent) => void;
}

/**
 * Venue rejections (`OrderRejected`) feed the error-rate breaker. While it is tripped, a timer
 * re-checks it every window, since no rejection may come to show that the rate fell.
 */
export function watchErrorRate({ breaker, clock, bus, onBreakerEvent }: ErrorRateWatchOptions): void {
  const timer = 'RISK:error-rate';
  let armed = false;
  const apply = (event: CircuitBreakerEvent | undefined): void => {
    if (event === undefined) return;
    onBreakerEvent(event);
    if (breaker.tripped && !armed) {
      armed = true;
      clock.setTimer({
        name: timer,
        intervalMs: breaker.windowMs,
        first: true,
        handler: (tick) => apply(breaker.check(tick.timestamp)),
      });
    } else if (!breaker.tripped && armed) {
      armed = false;
      clock.cancelTimer(timer);
    }
  };
  bus.subscribe<OrderEvent>('events.order.*', (event) => {
    if (event.type === 'OrderRejected') apply(breaker.onRejected(event.timestamp));
  });
}
