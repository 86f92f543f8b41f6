import type { MessageBus } from '../bus/message-bus.ts';
import type { Clock } from '../clock/clock.ts';
import type { ModifyOrder } from '../model/commands.ts';
import type { Bar, QuoteTick, TradeTick } from '../model/data.ts';
import type { ExternalEvent } from '../model/events.ts';
import type { InstrumentId, StrategyId } from '../model/ids.ts';
import type { Order, OrderRequest } from '../model/order.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import type { Logger } from '../strategy/logger.ts';
import { OrderFactory } from '../strategy/order-factory.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import type { Cache } from './cache.ts';
import type { StrategyAllocations } from './strategy-allocations.ts';
import { barsTopic, checkEventKind, externalEventsTopic, quotesTopic, tradesTopic } from './topics.ts';

/** What a strategy's context reaches of its kernel: the order path, the bus, the reads. */
export interface StrategyContextHost {
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly portfolio: PortfolioView;
  readonly clock: Clock;
  /** The capital allocation, when strategies share the account under an allocator. */
  readonly allocation?: StrategyAllocations;
  submitOrder(request: OrderRequest): void;
  modifyOrder(command: ModifyOrder): void;
  cancelOrder(order: Pick<Order, 'clientOrderId' | 'instrumentId' | 'strategyId'>): void;
}

/**
 * The narrow context a strategy sees: subscriptions, its own order factory and order path (it may
 * only submit, modify and cancel its own orders), portfolio and cache reads, the clock, timers
 * named under its id, and a log that stamps its id and the engine time on every line. A strategy
 * under a capital allocator reads its share (`allocation()`), sees its own positions in
 * `portfolio`, and has its reduce-only market orders judged on its own position.
 */
export function createStrategyContext(
  host: StrategyContextHost,
  log: Logger,
  id: StrategyId,
  strategy: Strategy,
): StrategyContext {
  const clock = host.clock;
  const orders = new OrderFactory(
    id,
    () => clock.timestamp(),
    (instrumentId) => host.cache.instrument(instrumentId),
  );
  const timerHandler = (event: Parameters<NonNullable<Strategy['onTimer']>>[0]): void =>
    strategy.onTimer?.(event, context);
  const timerName = (name: string): string => `${id}:${name}`;
  // Every log line of a strategy carries its id and the engine time (never the wall clock).
  const stamp = (fields?: Record<string, unknown>): Record<string, unknown> => ({
    strategy: id,
    ts: clock.timestamp(),
    ...fields,
  });
  const ownOrder = (clientOrderId: string, action: string): Order => {
    const order = host.cache.order(clientOrderId);
    if (order === undefined) throw new Error(`${action}: unknown order ${clientOrderId}`);
    if (order.strategyId !== id)
      throw new Error(
        `strategy ${id} cannot ${action.replace('Order', '')} ${clientOrderId}, an order of ${order.strategyId}`,
      );
    return order;
  };
  const allocated = host.allocation?.manages(id) ? host.allocation : undefined;
  const context: StrategyContext = {
    strategyId: id,
    now: () => clock.timestamp(),
    subscribeBars(instrumentId: InstrumentId | string, timeframe?: string) {
      const instrument = host.cache.instrument(instrumentId);
      const pattern = timeframe === undefined ? `data.bars.${instrument.id}.*` : barsTopic(instrument.id, timeframe);
      host.bus.subscribe<Bar>(pattern, (bar) => strategy.onBar?.(bar, context));
    },
    subscribeQuotes(instrumentId: InstrumentId | string) {
      const topic = quotesTopic(host.cache.instrument(instrumentId).id);
      host.bus.subscribe<QuoteTick>(topic, (quote) => strategy.onQuote?.(quote, context));
    },
    subscribeTrades(instrumentId: InstrumentId | string) {
      const topic = tradesTopic(host.cache.instrument(instrumentId).id);
      host.bus.subscribe<TradeTick>(topic, (trade) => strategy.onTrade?.(trade, context));
    },
    subscribeEvents(kind: string) {
      checkEventKind(kind, true);
      host.bus.subscribe<ExternalEvent>(externalEventsTopic(kind), (event) => strategy.onEvent?.(event, context));
    },
    orders,
    submitOrder: (order) => {
      if (order.strategyId !== id)
        throw new Error(`strategy ${id} cannot submit an order created for ${order.strategyId}`);
      host.submitOrder(allocated === undefined ? order : allocated.ownReduceOnly(order));
    },
    cancelOrder: (clientOrderId) => host.cancelOrder(ownOrder(clientOrderId, 'cancelOrder')),
    modifyOrder: (clientOrderId, changes) => {
      const order = ownOrder(clientOrderId, 'modifyOrder');
      host.modifyOrder({
        type: 'ModifyOrder',
        clientOrderId: order.clientOrderId,
        instrumentId: order.instrumentId,
        strategyId: id,
        quantity: changes.quantity,
        price: changes.price,
        triggerPrice: changes.triggerPrice,
        timestamp: clock.timestamp(),
      });
    },
    cancelAllOrders: (instrumentId) => {
      for (const order of host.cache.openOrders(instrumentId)) {
        if (order.strategyId === id) context.cancelOrder(order.clientOrderId);
      }
    },
    portfolio: allocated === undefined ? host.portfolio : allocated.portfolioOf(id),
    allocation: allocated === undefined ? noAllocation : () => allocated.allocationOf(id),
    cache: host.cache,
    setTimer: (name, intervalMs, options) =>
      clock.setTimer({ name: timerName(name), intervalMs, ...options, handler: (e) => timerHandler({ ...e, name }) }),
    setTimeAlert: (name, time) =>
      clock.setTimeAlert({ name: timerName(name), time, handler: (e) => timerHandler({ ...e, name }) }),
    cancelTimer: (name) => clock.cancelTimer(timerName(name)),
    log: {
      debug: (event, fields) => log.debug(event, stamp(fields)),
      info: (event, fields) => log.info(event, stamp(fields)),
      warn: (event, fields) => log.warn(event, stamp(fields)),
      error: (event, fields) => log.error(event, stamp(fields)),
    },
  };
  return context;
}

const noAllocation = (): undefined => undefined;
