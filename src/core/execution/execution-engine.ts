import type { MessageBus, Topic } from '../bus/message-bus.ts';
import type { Cache } from '../kernel/cache.ts';
import type { CancelOrder, ModifyOrder } from '../model/commands.ts';
import { fromMinor } from '../model/decimal.ts';
import type { OrderEvent, PositionChanged } from '../model/events.ts';
import type { StrategyId, Venue } from '../model/ids.ts';
import { isOpen } from '../model/order.ts';
import { amendmentProblem, applyOrderEvent, type MutableOrder } from '../model/order-state.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { ExecutionClient } from './execution-client.ts';

/** Topic on which every event of a strategy's orders is published. */
export const orderEventsTopic = (strategyId: string): string => `events.order.${strategyId}`;
/** Topic on which a strategy's position changes are published. */
export const positionEventsTopic = (strategyId: string): string => `events.position.${strategyId}`;

/** A strategy's resolved event topics, so publishing builds no topic name and does no bus lookup. */
interface StrategyTopics {
  readonly orders: Topic<OrderEvent>;
  readonly positions: Topic<PositionChanged>;
}

/**
 * Order management: sends approved orders to their venue's ExecutionClient, applies every event
 * the venue reports to the order's state machine, books fills in the portfolio, and publishes
 * the events to the owning strategy. The venue is the truth: events are applied in the order
 * they arrive; a repeated trade id or an overfill is refused and published as `FillRejected`.
 */
export class ExecutionEngine {
  private readonly clients = new Map<Venue, ExecutionClient>();
  private readonly topics = new Map<string, StrategyTopics>();

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
    private readonly portfolio: Portfolio,
    private readonly now: () => number,
  ) {}

  registerClient(client: ExecutionClient): void {
    if (this.clients.has(client.venue))
      throw new Error(`an execution client for ${client.venue} is already registered`);
    this.clients.set(client.venue, client);
    client.connect((event) => this.process(event));
  }

  /** Sends a risk-approved order to its venue. */
  submit(order: MutableOrder): void {
    const client = this.client(order.instrumentId);
    this.process({
      type: 'OrderSubmitted',
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      timestamp: this.now(),
    });
    client.submitOrder({ type: 'SubmitOrder', order, timestamp: this.now() });
  }

  cancel(command: CancelOrder): void {
    const order = this.cache.mutableOrder(command.clientOrderId);
    if (order === undefined || !isOpen(order)) {
      this.publish({
        ...command,
        type: 'OrderCancelRejected',
        reason: `ORDER_NOT_OPEN: ${order === undefined ? 'unknown order' : `order is ${order.status}`}`,
      });
      return;
    }
    this.client(order.instrumentId).cancelOrder(command);
  }

  /**
   * Sends an amendment of an open order to its venue. An unknown or closed order, or an amendment
   * the order cannot take (nothing to change, a price on a market order, a quantity not above
   * what has filled, ...), is refused here as `OrderModifyRejected`, without asking the venue.
   */
  modify(command: ModifyOrder): void {
    const order = this.cache.mutableOrder(command.clientOrderId);
    const problem = order === undefined ? 'ORDER_NOT_OPEN: unknown order' : amendmentProblem(order, command);
    if (problem !== undefined) {
      this.publishModifyRejected(command, problem);
      return;
    }
    this.client(order!.instrumentId).modifyOrder(command);
  }

  /** Publishes the refusal of `command` (the order, if any, is unchanged). */
  publishModifyRejected(command: ModifyOrder, reason: string): void {
    this.publish({
      clientOrderId: command.clientOrderId,
      strategyId: command.strategyId,
      instrumentId: command.instrumentId,
      timestamp: this.now(),
      type: 'OrderModifyRejected',
      reason,
    });
  }

  /** Applies one venue event (the sink every ExecutionClient reports to). */
  process(event: OrderEvent): void {
    const order = this.cache.mutableOrder(event.clientOrderId);
    if (order === undefined) {
      // A cancel or modify that was in flight when its order closed, and the closed order already
      // released to a result store: the refusal changes nothing, but the strategy hears of it.
      if (event.type === 'OrderCancelRejected' || event.type === 'OrderModifyRejected') {
        this.publish(event);
        return;
      }
      throw new Error(`execution engine: event ${event.type} for unknown order ${event.clientOrderId}`);
    }
    const wasOpen = isOpen(order);
    const result = applyOrderEvent(order, event);
    if (isOpen(order) !== wasOpen) this.cache.indexOrder(order);
    if (!result.applied) {
      if (event.type !== 'OrderFilled') throw new Error('execution engine: only fills can be refused');
      this.publish({
        type: 'FillRejected',
        clientOrderId: event.clientOrderId,
        strategyId: event.strategyId,
        instrumentId: event.instrumentId,
        timestamp: event.timestamp,
        tradeId: event.tradeId,
        reason: result.reason,
        detail: result.detail,
      });
      return;
    }
    if (event.type !== 'OrderFilled') {
      this.publish(event);
      return;
    }
    // Book first, so the strategy's onOrderFilled sees the position and cash after the fill.
    const outcome = this.portfolio.applyFill(event);
    const position = this.portfolio.position(event.instrumentId)!;
    // The position as the fill left it, read before the order event's handlers run.
    const quantity = position.quantity;
    const averageEntryPrice = position.averageEntryPrice;
    const totalRealizedPnl = position.realizedPnl;
    const topics = this.topicsOf(event.strategyId);
    topics.orders.publish(event);
    // Built only when someone listens: most strategies do not implement onPositionChanged.
    if (topics.positions.hasSubscribers) {
      topics.positions.publish({
        type: outcome.opened ? 'PositionOpened' : outcome.closed ? 'PositionClosed' : 'PositionChanged',
        instrumentId: event.instrumentId,
        strategyId: event.strategyId,
        timestamp: event.timestamp,
        quantity,
        averageEntryPrice,
        realizedPnl: fromMinor(outcome.realizedMinor, position.instrument.quoteCurrency.precision),
        totalRealizedPnl,
      });
    }
  }

  /** Publishes an order event to its strategy (also used by the kernel for risk denials). */
  publish(event: OrderEvent): void {
    this.topicsOf(event.strategyId).orders.publish(event);
  }

  private topicsOf(strategyId: StrategyId): StrategyTopics {
    let topics = this.topics.get(strategyId);
    if (topics === undefined) {
      topics = {
        orders: this.bus.topic<OrderEvent>(orderEventsTopic(strategyId)),
        positions: this.bus.topic<PositionChanged>(positionEventsTopic(strategyId)),
      };
      this.topics.set(strategyId, topics);
    }
    return topics;
  }

  private client(instrumentId: string): ExecutionClient {
    const instrument = this.cache.instrument(instrumentId);
    const client = this.clients.get(instrument.venue);
    if (client === undefined)
      throw new Error(`no execution client for venue ${instrument.venue} (order on ${instrumentId})`);
    return client;
  }
}
