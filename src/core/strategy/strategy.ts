import type { Bar, QuoteTick, TradeTick } from '../model/data.ts';
import type { ExternalEvent, OrderEvent, OrderFilled, PositionChanged, TimeEvent } from '../model/events.ts';
import type { StrategyContext } from './strategy-context.ts';

/**
 * A trading strategy. Implement the hooks you need; each receives the event and the strategy's
 * narrow context (data subscriptions, order factory and submission, portfolio and cache reads,
 * clock, timers, log). The same class runs unchanged in backtest, paper and live trading.
 *
 * Hooks run synchronously on the engine's single thread, in event-time order. A `Bar` passed to
 * `onBar` is valid only during the call (copy what you keep).
 */
export interface Strategy {
  onStart?(context: StrategyContext): void;
  onBar?(bar: Bar, context: StrategyContext): void;
  onQuote?(quote: QuoteTick, context: StrategyContext): void;
  onTrade?(trade: TradeTick, context: StrategyContext): void;
  /** Every order event of this strategy (including fills), after the state was updated. */
  onOrderEvent?(event: OrderEvent, context: StrategyContext): void;
  onOrderFilled?(fill: OrderFilled, context: StrategyContext): void;
  onPositionChanged?(event: PositionChanged, context: StrategyContext): void;
  onTimer?(event: TimeEvent, context: StrategyContext): void;
  /** An external event of a kind the strategy subscribed to (`context.subscribeEvents`). */
  onEvent?(event: ExternalEvent, context: StrategyContext): void;
  onStop?(context: StrategyContext): void;
}

/** Anything with a `parse` that validates an unknown value into `T` (a zod schema fits). */
export interface ParameterSchema<T> {
  parse(input: unknown): T;
}

/** A strategy class as a module exports it. `parameters`, when present, validates the params. */
export interface StrategyClass<P = Record<string, unknown>> {
  new (params: P): Strategy;
  readonly parameters?: ParameterSchema<P>;
  /** One-line description shown by `tradewind strategies`. */
  readonly description?: string;
}
