import type { MessageBus } from '../bus/message-bus.ts';
import type { QuoteTick } from '../model/data.ts';
import type { CircuitBreakerEvent } from '../risk/state/circuit-breaker.ts';
import { SpreadStressBreaker, type SpreadStressBreakerOptions } from '../risk/state/spread-stress-breaker.ts';
import { quotesTopic } from './topics.ts';

export interface SpreadStressWatchOptions {
  /** The breaker's settings, the same for every instrument (each gets its own breaker and median). */
  readonly breaker: Omit<SpreadStressBreakerOptions, 'name'>;
  readonly bus: MessageBus;
  /** Takes each trip and reset (the kernel hands it to the trading state and the risk audit). */
  readonly onBreakerEvent: (event: CircuitBreakerEvent) => void;
}

/**
 * Every instrument's quotes feed its own spread-stress breaker (`SPREAD_STRESS:<instrument id>`),
 * ahead of the strategies (a higher bus priority), so a strategy reacting to the quote that trips
 * the breaker already trades under the restricted state.
 */
export function watchSpreadStress({ breaker, bus, onBreakerEvent }: SpreadStressWatchOptions): void {
  const breakers = new Map<string, SpreadStressBreaker>();
  bus.subscribe<QuoteTick>(
    quotesTopic('*'),
    (quote) => {
      let instrumentBreaker = breakers.get(quote.instrumentId);
      if (instrumentBreaker === undefined) {
        instrumentBreaker = new SpreadStressBreaker({ ...breaker, name: quote.instrumentId });
        breakers.set(quote.instrumentId, instrumentBreaker);
      }
      const event = instrumentBreaker.onQuote(quote.bid, quote.ask, quote.timestamp);
      if (event !== undefined) onBreakerEvent(event);
    },
    1,
  );
}
