import { MessageBus } from '../bus/message-bus.ts';
import type { Clock } from '../clock/clock.ts';
import type { ExecutionClient } from '../execution/execution-client.ts';
import { ExecutionEngine, orderEventsTopic, positionEventsTopic } from '../execution/execution-engine.ts';
import type { ModifyOrder } from '../model/commands.ts';
import type { Bar } from '../model/data.ts';
import type { ExternalEvent, OrderEvent, PositionChanged } from '../model/events.ts';
import { strategyId as makeStrategyId, type StrategyId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import { isOpen, type Order, type OrderRequest } from '../model/order.ts';
import { amendedValues, amendmentProblem, applyOrderEvent, createOrder } from '../model/order-state.ts';
import type { Account } from '../portfolio/account.ts';
import { Portfolio } from '../portfolio/portfolio.ts';
import { ExitManager, type ExitRules } from '../risk/exits/index.ts';
import { RiskEngine } from '../risk/risk-engine.ts';
import {
  type KillSwitchActivated,
  RISK_EVENTS_TOPIC,
  type RiskLimitsChanged,
  type RiskPolicyRejected,
} from '../risk/risk-events.ts';
import type { RiskPolicy, RiskPolicyChange } from '../risk/risk-policy.ts';
import { applyCircuitBreakerEvent, type CircuitBreakerEvent } from '../risk/state/circuit-breaker.ts';
import { applyDailyDrawdownBreached, type DailyDrawdownBreached } from '../risk/state/daily-drawdown-kill-switch.ts';
import { ErrorRateBreaker, type ErrorRateBreakerOptions } from '../risk/state/error-rate-breaker.ts';
import { OrderAction } from '../risk/state/gate-order.ts';
import type { SpreadStressBreakerOptions } from '../risk/state/spread-stress-breaker.ts';
import { GLOBAL_SCOPE, type TradingStateChanged } from '../risk/state/trading-state.ts';
import { TradingStateMachine } from '../risk/state/trading-state-machine.ts';
import type { FeeSchedule } from '../simulation/fee-model.ts';
import { type Logger, SILENT_LOGGER } from '../strategy/logger.ts';
import { OrderFactory } from '../strategy/order-factory.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { Cache } from './cache.ts';
import { watchErrorRate } from './error-rate-watch.ts';
import { watchSpreadStress } from './spread-stress-watch.ts';
import type { StrategyAllocations } from './strategy-allocations.ts';
import { createStrategyContext } from './strategy-context-factory.ts';
import { checkEventKind, externalEventsTopic } from './topics.ts';

const NO_FEES: FeeSchedule = Object.freeze({});
const WARMING_UP = Object.freeze({
  reason: 'WARMING_UP',
  detail: 'the node is feeding warm-up bars from before its start; no order is sent',
});

export { RISK_EVENTS_TOPIC } from '../risk/risk-events.ts';

/** Strategy id of the orders the risk engine itself sends (flattening after a kill). */
export const RISK_STRATEGY_ID = makeStrategyId('RISK');

export { barsTopic, externalEventsTopic } from './topics.ts';

export interface TradingKernelOptions {
  readonly clock: Clock;
  readonly account: Account;
  readonly logger?: Logger;
  /** The fee schedule the RiskEngine assumes for an instrument (the venue's). */
  readonly fees?: (instrument: Instrument) => FeeSchedule;
  /** The risk limits, their hard bounds and the agents' allocations; default: no exposure, rate or collar limit. */
  readonly riskPolicy?: RiskPolicy;
  /** Venue rejections per window that move trading to REDUCING (or the state configured); absent: off. */
  readonly errorRate?: Omit<ErrorRateBreakerOptions, 'name'>;
  /** Each instrument's quoted spread against its rolling median moves trading to REDUCING (or the state configured) when it widens; absent: off. */
  readonly spreadStress?: Omit<SpreadStressBreakerOptions, 'name'>;
  /** Stop-loss, take-profit, trailing and time stops attached to every position when it opens; absent: none. */
  readonly exits?: ExitRules;
  /** The bar timeframe the exits count and trail on (default: the first seen per instrument). */
  readonly exitsTimeframe?: string;
}

interface StrategyEntry {
  readonly id: StrategyId;
  readonly strategy: Strategy;
  readonly context: StrategyContext;
}

/**
 * The environment-independent core of a trading node: message bus, cache, portfolio, risk and
 * execution engines, and the strategies with their contexts. Backtest, paper and live nodes
 * differ only in the Clock, the data they feed (`publishBar`) and the ExecutionClients they
 * register. No mode checks happen here.
 */
export class TradingKernel {
  readonly bus = new MessageBus();
  readonly cache = new Cache();
  readonly portfolio: Portfolio;
  readonly risk: RiskEngine;
  /** ACTIVE / REDUCING / HALTED per scope: every order passes its gate before the other checks. */
  readonly tradingState: TradingStateMachine;
  readonly execution: ExecutionEngine;
  /** The managed exits, when the kernel was given exit rules (read its `exits(instrumentId)` for the levels). */
  exits: ExitManager | undefined;
  /** The capital allocation between strategies, set before they are added (`AllocationEngine`). */
  allocation: StrategyAllocations | undefined;
  readonly clock: Clock;
  private readonly logger: Logger;
  private readonly strategies: StrategyEntry[] = [];
  private readonly riskOrders: OrderFactory;
  private running = false;
  /**
   * Set while a node feeds warm-up bars (history before its start): every order submitted is
   * denied `WARMING_UP`, so indicators warm without trading on the past.
   */
  warmingUp = false;

  constructor(options: TradingKernelOptions) {
    this.clock = options.clock;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.portfolio = new Portfolio(options.account);
    const now = (): number => this.clock.timestamp();
    this.execution = new ExecutionEngine(this.bus, this.cache, this.portfolio, now);
    this.risk = new RiskEngine({
      cache: this.cache,
      portfolio: this.portfolio,
      lastPrice: (instrument) => this.portfolio.position(instrument.id)?.lastPrice ?? 0,
      fees: options.fees ?? (() => NO_FEES),
      now,
      policy: options.riskPolicy,
    });
    this.tradingState = new TradingStateMachine({
      clock: this.clock,
      emit: (event: TradingStateChanged) => {
        this.logger.warn('trading_state_changed', { from: event.from, to: event.to, reason: event.reason });
        this.bus.publish(RISK_EVENTS_TOPIC, event);
      },
    });
    this.riskOrders = new OrderFactory(RISK_STRATEGY_ID, now, (id) => this.cache.instrument(id));
    if (options.errorRate !== undefined)
      watchErrorRate({
        breaker: new ErrorRateBreaker({ name: 'venue', ...options.errorRate }),
        clock: this.clock,
        bus: this.bus,
        onBreakerEvent: (event) => this.applyCircuitBreakerEvent(event),
      });
    if (options.spreadStress !== undefined)
      watchSpreadStress({
        breaker: options.spreadStress,
        bus: this.bus,
        onBreakerEvent: (event) => this.applyCircuitBreakerEvent(event),
      });
    if (options.exits !== undefined) this.manageExits(options.exits, options.exitsTimeframe);
    // Agents' own positions come from their fills; without agents no fill is routed here.
    if (this.risk.policy.agents().size > 0)
      this.bus.subscribe<OrderEvent>('events.order.*', (event) => {
        if (event.type === 'OrderFilled') this.risk.onFill(event);
      });
  }

  addInstrument(instrument: Instrument): number {
    this.cache.addInstrument(instrument);
    return this.portfolio.register(instrument);
  }

  addExecutionClient(client: ExecutionClient): void {
    this.execution.registerClient(client);
  }

  /** Adds a strategy under a unique id (used in client order ids and topics). */
  addStrategy(strategy: Strategy, id: string): StrategyId {
    if (!/^[A-Za-z0-9_.:-]+$/.test(id))
      throw new Error(`strategy id '${id}' may contain only letters, digits and _ . : -`);
    if (this.strategies.some((s) => s.id === id)) throw new Error(`strategy id '${id}' is already used`);
    const sid = makeStrategyId(id);
    const context = createStrategyContext(this, this.logger, sid, strategy);
    this.strategies.push({ id: sid, strategy, context });
    this.bus.subscribe<OrderEvent>(orderEventsTopic(sid), (event) => {
      if (event.type === 'OrderFilled') strategy.onOrderFilled?.(event, context);
      strategy.onOrderEvent?.(event, context);
    });
    // Only a strategy with the hook listens, so fills of the others build no PositionChanged.
    if (typeof strategy.onPositionChanged === 'function') {
      this.bus.subscribe<PositionChanged>(positionEventsTopic(sid), (event) =>
        strategy.onPositionChanged?.(event, context),
      );
    }
    if (this.running) strategy.onStart?.(context);
    return sid;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const entry of this.strategies) entry.strategy.onStart?.(entry.context);
  }

  stop(): void {
    if (!this.running) return;
    for (const entry of this.strategies) entry.strategy.onStop?.(entry.context);
    this.running = false;
  }

  /**
   * The one order path: the trading-state gate, the risk checks, then the execution engine.
   * `flatten` marks the risk engine's own closing orders (allowed while HALTED when they shrink).
   */
  submitOrder(request: OrderRequest, action: OrderAction = OrderAction.Submit): void {
    const order = createOrder(this.risk.normalize(request));
    this.cache.addOrder(order);
    // The gate's input (an object, a position lookup) is built only while some scope is restricted.
    const gated = this.tradingState.restricted
      ? this.tradingState.gate(
          { action, side: order.side, quantity: order.quantity, strategyId: order.strategyId },
          this.portfolio.position(order.instrumentId)?.quantity ?? 0,
        )
      : undefined;
    const denial = this.warmingUp ? WARMING_UP : (gated ?? this.risk.check(order));
    if (denial !== undefined) {
      const event: OrderEvent = {
        clientOrderId: order.clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        timestamp: this.clock.timestamp(),
        type: 'OrderDenied',
        reason: denial.reason,
        detail: denial.detail,
      };
      applyOrderEvent(order, event);
      this.logger.warn('order_denied', {
        client_order_id: order.clientOrderId,
        reason: denial.reason,
        detail: denial.detail,
      });
      this.execution.publish(event);
      return;
    }
    this.execution.submit(order);
  }

  /**
   * Amends a working order along the same path as a submit: the amended order (same client
   * order id, new quantity / price / trigger price, rounded like a submit when the policy says so)
   * passes the trading-state gate as a Modify of its new leaves quantity, then the RiskEngine's
   * checks; then the execution engine forwards it to the venue. A refusal is `OrderModifyRejected`
   * (`CODE: detail`) and the order keeps working unchanged; it is never denied. An amendment the
   * order cannot take (closed, nothing to change, quantity not above the filled) is refused before
   * the gates. Throws on an unknown client order id (a strategy bug, as with cancelOrder).
   */
  modifyOrder(command: ModifyOrder): void {
    const order = this.cache.order(command.clientOrderId);
    if (order === undefined) throw new Error(`modifyOrder: unknown order ${command.clientOrderId}`);
    if (!isOpen(order) || amendmentProblem(order, command) !== undefined) {
      this.execution.modify(command); // refuses it with the reason, asking no venue
      return;
    }
    const requested: OrderRequest = { ...order, ...amendedValues(order, command) };
    const amended = this.risk.normalize(requested);
    // The venue gets the values the checks saw (rounded to the grid), only for the fields asked.
    const checked: ModifyOrder =
      amended === requested
        ? command
        : {
            ...command,
            quantity: command.quantity === undefined ? undefined : amended.quantity,
            price: command.price === undefined ? undefined : amended.price,
            triggerPrice: command.triggerPrice === undefined ? undefined : amended.triggerPrice,
          };
    const gated = this.tradingState.restricted
      ? this.tradingState.gate(
          {
            action: OrderAction.Modify,
            side: order.side,
            quantity: amended.quantity - order.filledQuantity,
            strategyId: order.strategyId,
          },
          this.portfolio.position(order.instrumentId)?.quantity ?? 0,
        )
      : undefined;
    const denial = gated ?? this.risk.check(amended, OrderAction.Modify);
    if (denial !== undefined) {
      this.logger.warn('order_modify_rejected', {
        client_order_id: order.clientOrderId,
        reason: denial.reason,
        detail: denial.detail,
      });
      this.execution.publishModifyRejected(command, `${denial.reason}: ${denial.detail}`);
      return;
    }
    this.execution.modify(checked);
  }

  /** Cancels an order at its venue (cancels pass every trading state; the outcome comes back as events). */
  cancelOrder(order: Pick<Order, 'clientOrderId' | 'instrumentId' | 'strategyId'>): void {
    this.execution.cancel({
      type: 'CancelOrder',
      clientOrderId: order.clientOrderId,
      instrumentId: order.instrumentId,
      strategyId: order.strategyId,
      timestamp: this.clock.timestamp(),
    });
  }

  /**
   * A daily-drawdown breach: HALTED until the cooldown ends, every working order canceled, every
   * open position flattened by a market order of the risk engine's own.
   */
  applyDailyDrawdownBreach(event: DailyDrawdownBreached): void {
    applyDailyDrawdownBreached(this.tradingState, event);
    this.bus.publish(RISK_EVENTS_TOPIC, event);
    this.cancelAndFlatten('DAILY_DRAWDOWN_FLATTEN');
  }

  /**
   * The manual kill switch: the global scope HALTED until an operator resumes it
   * (`tradingState.resume(GLOBAL_SCOPE, by)`), every working order canceled, every position
   * flattened at market.
   */
  activateKillSwitch(by: string, reason: string): void {
    const event: KillSwitchActivated = { type: 'KillSwitchActivated', by, reason, timestamp: this.clock.timestamp() };
    this.logger.warn('kill_switch_activated', { by, reason });
    this.bus.publish(RISK_EVENTS_TOPIC, event);
    this.tradingState.halt(GLOBAL_SCOPE, `kill switch: ${reason}`, by);
    this.cancelAndFlatten('KILL_SWITCH_FLATTEN');
  }

  /**
   * Changes risk limits through the policy's hard bounds (the one way limits change at run time:
   * operators, and the advisor's approved proposals). Publishes and returns the audit event.
   */
  changeRiskLimits(change: RiskPolicyChange): RiskLimitsChanged | RiskPolicyRejected {
    const event = this.risk.applyPolicyChange(change);
    if (event.type === 'RiskLimitsChanged')
      this.logger.warn('risk_limits_changed', { version: event.version, by: event.by, changes: event.changes });
    else this.logger.warn('risk_policy_rejected', { by: event.by, violations: event.violations });
    this.bus.publish(RISK_EVENTS_TOPIC, event);
    return event;
  }

  /**
   * Managed exits: the ExitManager sends its orders as the risk engine's own (the kernel's one
   * RISK order factory, so ids never collide with a kill switch's), down the one order path as
   * flatten orders; it hears fills and bars before the strategies (priority 10), so a strategy
   * already sees the exits of a position its fill just opened.
   */
  private manageExits(rules: ExitRules, timeframe: string | undefined): void {
    const manager = (this.exits = new ExitManager({
      rules,
      timeframe,
      port: {
        clock: this.clock,
        cache: this.cache,
        portfolio: this.portfolio,
        orders: this.riskOrders,
        submit: (request) => this.submitOrder(request, OrderAction.Flatten),
        cancel: (order) => this.cancelOrder(order),
        log: this.logger,
      },
    }));
    this.bus.subscribe<OrderEvent>('events.order.*', (event) => manager.onOrderEvent(event), 10);
    this.bus.subscribe<Bar>('data.bars.*', (bar) => manager.onBar(bar), 10);
  }

  /**
   * Delivers an external event (a listing, a sentiment score, a webhook signal) to the strategies
   * subscribed to its kind, now. Backtests release recorded events at their timestamps
   * (`BacktestEngine.addExternalEvents`); live nodes call this as events arrive.
   */
  publishExternalEvent(event: ExternalEvent): void {
    checkEventKind(event.kind, false);
    this.bus.publish(externalEventsTopic(event.kind), event);
  }

  /** Hands a circuit breaker's trip or reset to the trading state and the risk audit. */
  applyCircuitBreakerEvent(event: CircuitBreakerEvent): void {
    this.logger.warn(event.type === 'CircuitBreakerTripped' ? 'circuit_breaker_tripped' : 'circuit_breaker_reset', {
      breaker: event.breaker,
      detail: event.detail,
    });
    this.bus.publish(RISK_EVENTS_TOPIC, event);
    applyCircuitBreakerEvent(this.tradingState, event);
  }

  /** Cancels every working order and flattens every open position with the risk engine's market orders. */
  private cancelAndFlatten(tag: string): void {
    for (const order of this.cache.openOrders()) this.cancelOrder(order);
    for (const instrument of this.cache.instruments()) {
      const quantity = this.portfolio.position(instrument.id)?.quantity ?? 0;
      if (quantity === 0) continue;
      const request = this.riskOrders.market({
        instrumentId: instrument.id,
        side: quantity > 0 ? 'sell' : 'buy',
        quantity: Math.abs(quantity),
        tags: [tag],
      });
      this.submitOrder(request, OrderAction.Flatten);
    }
  }
}
