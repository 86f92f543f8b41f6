import { Cache } from '../kernel/cache.ts';
import { currency } from '../model/currency.ts';
import type { OrderEvent, OrderFilled } from '../model/events.ts';
import { accountId, clientOrderId, tradeId, venueOrderId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import { isOpen, type OrderRequest } from '../model/order.ts';
import { applyOrderEvent, createOrder, type MutableOrder } from '../model/order-state.ts';
import { Account } from '../portfolio/account.ts';
import { Portfolio } from '../portfolio/portfolio.ts';
import type { FeeSchedule } from '../simulation/fee-model.ts';
import { orderRequest } from '../testing/order-request.ts';
import { RiskEngine } from './risk-engine.ts';
import { OPEN_RISK_LIMITS, type RiskLimits, riskLimits } from './risk-limits.ts';
import { type AgentAllocation, RiskPolicy } from './risk-policy.ts';

export interface RiskTestHarnessOptions {
  /** Registered in this order; the first is the default of `request`. */
  readonly instruments: readonly Instrument[];
  /** Deposited at time 0, in USD (default 10,000). */
  readonly cash?: number;
  /** Default `margin` (shorts allowed). */
  readonly accountType?: 'cash' | 'margin';
  /** Default 5 (margin accounts). */
  readonly leverage?: number;
  /** Global limits over OPEN_RISK_LIMITS (ignored when `policy` is given). */
  readonly limits?: Partial<RiskLimits>;
  /** Agents by strategy id (ignored when `policy` is given). */
  readonly agents?: Readonly<Record<string, AgentAllocation>>;
  readonly policy?: RiskPolicy;
  /** The first mark of every instrument (default 100). */
  readonly mark?: number;
  /** The fee schedule the cash check assumes (default none). */
  readonly fees?: FeeSchedule;
}

/**
 * Test and benchmark support, not used by the engine: a RiskEngine over a real Cache, Portfolio
 * and Account, wired as the TradingKernel wires it (last price = the portfolio's mark, clock time
 * = `now`, the given fees), with helpers that put orders to work and book fills the way the execution
 * engine does, without a venue.
 */
export class RiskTestHarness {
  readonly cache = new Cache();
  readonly portfolio: Portfolio;
  readonly risk: RiskEngine;
  readonly instruments: readonly Instrument[];
  /** Clock time the risk engine sees, ms; tests move it. */
  now = 0;
  private orderSequence = 0;
  private tradeSequence = 0;

  constructor(options: RiskTestHarnessOptions) {
    this.instruments = options.instruments;
    const type = options.accountType ?? 'margin';
    const account = new Account(accountId('A'), type, currency('USD'), type === 'cash' ? 1 : (options.leverage ?? 5));
    if ((options.cash ?? 10_000) > 0) account.deposit(options.cash ?? 10_000, 'USD', 0);
    this.portfolio = new Portfolio(account);
    for (const instrument of options.instruments) {
      this.cache.addInstrument(instrument);
      this.portfolio.mark(this.portfolio.register(instrument), options.mark ?? 100);
    }
    const policy =
      options.policy ??
      new RiskPolicy({ limits: riskLimits(OPEN_RISK_LIMITS, options.limits ?? {}), agents: options.agents });
    this.risk = new RiskEngine({
      cache: this.cache,
      portfolio: this.portfolio,
      lastPrice: (instrument) => this.portfolio.position(instrument.id)?.lastPrice ?? 0,
      fees: () => options.fees ?? {},
      now: () => this.now,
      policy,
    });
  }

  /** Sets the mark (and so the risk engine's last price) of an instrument. */
  mark(instrument: Instrument, price: number): void {
    this.portfolio.mark(this.portfolio.indexOf(instrument.id), price);
  }

  /** A market buy of 1 unit of the first instrument by strategy `S`, with a fresh client order id, overridden. */
  request(overrides: Partial<OrderRequest> = {}): OrderRequest {
    this.orderSequence++;
    return orderRequest({
      clientOrderId: clientOrderId(`O-${this.orderSequence}`),
      instrumentId: this.instruments[0]!.id,
      createdAt: this.now,
      ...overrides,
    });
  }

  /** Puts an order to work without a check: in the cache, submitted and accepted (it counts as open). */
  work(request: OrderRequest): MutableOrder {
    const order = createOrder(request);
    this.cache.addOrder(order);
    this.accept(order);
    return order;
  }

  /** Moves an order already in the cache (e.g. one that passed the checks) to submitted and accepted. */
  accept(order: MutableOrder): void {
    this.apply(order, { ...this.base(order), type: 'OrderSubmitted' });
    this.apply(order, { ...this.base(order), type: 'OrderAccepted', venueOrderId: venueOrderId(order.clientOrderId) });
  }

  /** Cancels a working order (it no longer counts as open). */
  cancel(order: MutableOrder): void {
    this.apply(order, { ...this.base(order), type: 'OrderCanceled', reason: 'test' });
  }

  /**
   * Books a fill of `quantity` (default: all of it) at `price` without fees: into the order when
   * it is open in the cache, then the portfolio (position, cash, mark = `price`) and the risk
   * engine's agent book, as the kernel routes every fill.
   */
  fill(order: OrderRequest, price: number, quantity = order.quantity): OrderFilled {
    this.tradeSequence++;
    const fill: OrderFilled = {
      ...this.base(order),
      type: 'OrderFilled',
      venueOrderId: venueOrderId(order.clientOrderId),
      tradeId: tradeId(`T-${this.tradeSequence}`),
      accountId: this.portfolio.account.id,
      side: order.side,
      lastQuantity: quantity,
      lastPrice: price,
      fee: 0,
      feeCurrency: this.portfolio.account.baseCurrency.code,
      liquiditySide: 'taker',
      slippage: 0,
    };
    const working = this.cache.mutableOrder(order.clientOrderId);
    if (working !== undefined && isOpen(working)) this.apply(working, fill);
    this.portfolio.applyFill(fill);
    this.risk.onFill(fill);
    return fill;
  }

  private apply(order: MutableOrder, event: OrderEvent): void {
    applyOrderEvent(order, event);
    this.cache.indexOrder(order);
  }

  private base(order: OrderRequest) {
    return {
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      timestamp: this.now,
    };
  }
}
