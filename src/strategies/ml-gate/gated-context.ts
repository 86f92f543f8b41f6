import type { OrderAmendment } from '../../core/model/commands.ts';
import type { ClientOrderId, InstrumentId } from '../../core/model/ids.ts';
import type { Order, OrderRequest } from '../../core/model/order.ts';
import type { Timeframe } from '../../core/model/time.ts';
import type { CacheView, StrategyContext } from '../../core/strategy/strategy-context.ts';

/** What the gate changes in the context it hands its base strategy; everything else delegates. */
export interface GatedContextHooks {
  /** Replaces `submitOrder`: the gate decides whether the order reaches the real order path. */
  submitOrder(order: OrderRequest): void;
  /** Called before each bar subscription is passed on; false keeps it from the real context. */
  beforeSubscribeBars(instrumentId: InstrumentId | string, timeframe: Timeframe | undefined): boolean;
  /** An order the gate blocked (closed, denied), which the real cache never saw. */
  blockedOrder(clientOrderId: string): Order | undefined;
  /** Replaces cancel / modify of a blocked order (the real context throws on an unknown id). */
  cancelBlocked(order: Order): void;
  modifyBlocked(order: Order, changes: OrderAmendment): void;
}

/**
 * The context a gated base strategy sees: the real one (its prototype, so every member, present
 * or added later, is the real one's) except that orders go through the gate, and orders the gate
 * blocked read, cancel and modify as the kernel's denied orders do (found in `cache.order`, a
 * cancel or modify refused by an event).
 */
export function createGatedContext(real: StrategyContext, hooks: GatedContextHooks): StrategyContext {
  const cache: CacheView = {
    instrument: (id) => real.cache.instrument(id),
    instruments: () => real.cache.instruments(),
    order: (id) => real.cache.order(id) ?? hooks.blockedOrder(id),
    openOrders: (instrumentId) => real.cache.openOrders(instrumentId),
    quote: (id) => real.cache.quote(id),
  };
  const overrides: Partial<StrategyContext> = {
    subscribeBars(instrumentId: InstrumentId | string, timeframe?: Timeframe) {
      if (hooks.beforeSubscribeBars(instrumentId, timeframe)) real.subscribeBars(instrumentId, timeframe);
    },
    submitOrder: (order) => hooks.submitOrder(order),
    cancelOrder(clientOrderId: ClientOrderId | string) {
      const blocked = hooks.blockedOrder(clientOrderId);
      if (blocked === undefined) real.cancelOrder(clientOrderId);
      else hooks.cancelBlocked(blocked);
    },
    modifyOrder(clientOrderId: ClientOrderId | string, changes: OrderAmendment) {
      const blocked = hooks.blockedOrder(clientOrderId);
      if (blocked === undefined) real.modifyOrder(clientOrderId, changes);
      else hooks.modifyBlocked(blocked, changes);
    },
    cache,
  };
  return Object.freeze(Object.assign(Object.create(real) as StrategyContext, overrides));
}
