import type { Cache } from '../kernel/cache.ts';
import { ceilToIncrement, fallsShortOf, floorToIncrement, isOnIncrement, snapToIncrement } from '../model/decimal.ts';
import type { OrderFilled } from '../model/events.ts';
import type { Instrument } from '../model/instrument.ts';
import { leavesQuantity, type OrderRequest } from '../model/order.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { acceptanceCheck, reservedCashOf } from '../simulation/acceptance-check.ts';
import type { FeeSchedule } from '../simulation/fee-model.ts';
import { AgentBook } from './agent-book.ts';
import { type ExposureFigures, exposureDenial, ownerName } from './exposure-checks.ts';
import { OrderRateThrottle } from './order-rate-throttle.ts';
import type { RiskLimitsChanged, RiskPolicyRejected } from './risk-events.ts';
import { OPEN_RISK_LIMITS, type RiskDenial, type RiskLimits } from './risk-limits.ts';
import { RiskPolicy, type RiskPolicyChange } from './risk-policy.ts';
import { OrderAction } from './state/gate-order.ts';

export type { RiskDenial } from './risk-limits.ts';

export interface RiskEngineOptions {
  readonly cache: Cache;
  readonly portfolio: PortfolioView;
  /** The last traded (marked) price of an instrument, 0 when none is known yet. */
  readonly lastPrice: (instrument: Instrument) => number;
  /** The fee schedule the venue charges for an instrument (for the cash check). */
  readonly fees: (instrument: Instrument) => FeeSchedule;
  /** Clock time, ms (the order-rate throttle). */
  readonly now: () => number;
  /** The limits in force and their versions; default: no exposure, rate or collar limit. */
  readonly policy?: RiskPolicy;
}

const fmt = (value: number): string => String(Math.round(value * 1e8) / 1e8);

/**
 * Pre-trade checks on the one order path (Strategy → RiskEngine → ExecutionEngine), in this
 * order: the instrument's grid (price and size increments, minimum quantity and notional), the
 * price collar, the order notional, the open-order count, the order-rate throttle, position and
 * gross / net exposure limits of the account, then of the order's agent when its strategy trades a
 * separate allocation, and last what the venue would refuse (reduce-only, cash or buying power).
 * The first failure is the denial, with its numbers. Limits come from the versioned RiskPolicy.
 */
export class RiskEngine {
  readonly policy: RiskPolicy;
  private readonly cache: Cache;
  private readonly portfolio: PortfolioView;
  private readonly lastPrice: (instrument: Instrument) => number;
  private readonly fees: (instrument: Instrument) => FeeSchedule;
  private readonly now: () => number;
  private readonly agents = new AgentBook();
  /** Throttles by owner ('' for the account, else the agent's strategy id), rebuilt when a rate limit changes. */
  private readonly throttles = new Map<string, OrderRateThrottle>();
  /** The account's equity during one check (NaN until a limit needs it). */
  private equityAtCheck = Number.NaN;
  /** The account's throttle, outside the map: every order asks for it. */
  private accountThrottle: OrderRateThrottle | undefined;
  /** One scratch record for the figures of a check: no allocation per order. */
  private readonly figures: ExposureFigures = {
    owner: '',
    equity: 0,
    position: 0,
    mark: 0,
    working: 0,
    gross: 0,
    net: 0,
  };

  constructor(options: RiskEngineOptions) {
    this.cache = options.cache;
    this.portfolio = options.portfolio;
    this.lastPrice = options.lastPrice;
    this.fees = options.fees;
    this.now = options.now;
    this.policy = options.policy ?? new RiskPolicy({ limits: OPEN_RISK_LIMITS });
    for (const id of this.policy.agents().keys()) this.agents.track(id);
  }

  /**
   * The order as the checks will see it: when the policy says `roundToIncrements`, the quantity
   * rounded down to the size increment and the prices to the price increment (a buy's limit
   * down, a sell's up: never more aggressive than asked; triggers to the nearest). Otherwise,
   * or when nothing changes, the request itself.
   */
  normalize(request: OrderRequest): OrderRequest {
    if (!this.policy.limits.roundToIncrements || !this.cache.hasInstrument(request.instrumentId)) return request;
    const instrument = this.cache.instrument(request.instrumentId);
    const quantity = floorToIncrement(request.quantity, instrument.sizeIncrement, instrument.sizePrecision);
    const buy = request.side === 'buy';
    const price =
      request.price === undefined
        ? undefined
        : buy
          ? floorToIncrement(request.price, instrument.priceIncrement, instrument.pricePrecision)
          : ceilToIncrement(request.price, instrument.priceIncrement, instrument.pricePrecision);
    const triggerPrice =
      request.triggerPrice === undefined
        ? undefined
        : snapToIncrement(request.triggerPrice, instrument.priceIncrement, instrument.pricePrecision);
    if (quantity === request.quantity && price === request.price && triggerPrice === request.triggerPrice)
      return request;
    return { ...request, quantity, price, triggerPrice };
  }

  /**
   * Returns a denial, or undefined when the order may proceed. `action` Modify: `order` is the
   * amended order under its own client order id, whose working quantity and reserved cash it
   * replaces; exposure, cash and reduce-only are judged on what it leaves to fill (its new total
   * less the filled); modifies do not count against the open-order limit.
   */
  check(order: OrderRequest, action: OrderAction = OrderAction.Submit): RiskDenial | undefined {
    if (!this.cache.hasInstrument(order.instrumentId)) {
      return { reason: 'UNKNOWN_INSTRUMENT', detail: `${order.instrumentId} is not loaded` };
    }
    const instrument = this.cache.instrument(order.instrumentId);
    const grid = gridDenial(order, instrument);
    if (grid !== undefined) return grid;
    this.equityAtCheck = Number.NaN;
    const last = this.lastPrice(instrument);
    const price = order.price ?? order.triggerPrice ?? last;
    if (!(price > 0)) return { reason: 'NO_PRICE', detail: `no price is known yet for ${instrument.id}` };
    const notional = price * order.quantity;
    if (fallsShortOf(notional, instrument.minNotional)) {
      return { reason: 'BELOW_MIN_NOTIONAL', detail: `notional ${notional} < minimum ${instrument.minNotional}` };
    }
    // What can still fill: a modify's new total less what the order has filled already.
    const filled = action === OrderAction.Modify ? (this.cache.order(order.clientOrderId)?.filledQuantity ?? 0) : 0;
    const leaves = order.quantity - filled;
    const agent = this.policy.agent(order.strategyId);
    const limitDenial =
      this.limitDenial(this.policy.limits, '', order, leaves, action, notional, price, last) ??
      (agent === undefined
        ? undefined
        : this.limitDenial(
            agent.limits,
            order.strategyId,
            order,
            leaves,
            action,
            notional,
            price,
            last,
            agent.capitalFraction,
          ));
    if (limitDenial !== undefined) return limitDenial;
    // With quotes, the venue's checks meet the side's price (a buy the ask, a sell the bid), as the venue will.
    const quote = this.cache.quote(instrument.id);
    const problem = acceptanceCheck({
      order: filled > 0 ? { ...order, quantity: leaves } : order,
      instrument,
      price: quote === undefined ? last : order.side === 'buy' ? quote.ask : quote.bid,
      portfolio: this.portfolio,
      fees: this.fees(instrument),
      reservedCash: this.reservedCash(action === OrderAction.Modify ? order.clientOrderId : undefined),
    });
    if (problem !== undefined) {
      const colon = problem.indexOf(':');
      return { reason: problem.slice(0, colon), detail: problem.slice(colon + 1).trim() };
    }
    if (action === OrderAction.Submit || action === OrderAction.Modify) {
      const now = this.now();
      this.throttle('', this.policy.limits).record(now);
      if (agent !== undefined) this.throttle(order.strategyId, agent.limits).record(now);
    }
    return undefined;
  }

  /** Books an agent's fill into its own positions (the kernel calls this for every fill). */
  onFill(fill: OrderFilled): void {
    this.agents.onFill(fill);
  }

  /** Applies a limit change through the policy's hard bounds; returns the audit event. */
  applyPolicyChange(change: RiskPolicyChange): RiskLimitsChanged | RiskPolicyRejected {
    const event = this.policy.apply(change, this.now());
    if (event.type === 'RiskLimitsChanged' && change.strategyId !== undefined) this.agents.track(change.strategyId);
    return event;
  }

  /** The checks of one set of limits: the account's (`owner` '') or an agent's (its strategy id). */
  private limitDenial(
    limits: RiskLimits,
    owner: string,
    order: OrderRequest,
    leaves: number,
    action: OrderAction,
    notional: number,
    price: number,
    last: number,
    capitalFraction = 1,
  ): RiskDenial | undefined {
    if (order.price !== undefined && last > 0 && Math.abs(order.price - last) > limits.priceCollar * last) {
      return {
        reason: 'PRICE_COLLAR',
        detail: `${ownerName(owner)}: limit price ${fmt(order.price)} is ${fmt((Math.abs(order.price - last) / last) * 100)}% from the last price ${fmt(last)}, collar ${fmt(limits.priceCollar * 100)}%`,
      };
    }
    if (notional > limits.maxOrderNotional) {
      return {
        reason: 'MAX_ORDER_NOTIONAL',
        detail: `${ownerName(owner)}: order notional ${fmt(notional)} > limit ${fmt(limits.maxOrderNotional)}`,
      };
    }
    if (action === OrderAction.Submit && Number.isFinite(limits.maxOpenOrders)) {
      const open = this.openOrderCount(owner);
      if (open >= limits.maxOpenOrders)
        return {
          reason: 'MAX_OPEN_ORDERS',
          detail: `${ownerName(owner)}: ${open} orders working, limit ${limits.maxOpenOrders}`,
        };
    }
    if (
      (action === OrderAction.Submit || action === OrderAction.Modify) &&
      Number.isFinite(limits.maxOrdersPerSecond)
    ) {
      const throttle = this.throttle(owner, limits);
      const now = this.now();
      if (throttle.wouldExceed(now))
        return {
          reason: 'ORDER_RATE',
          detail: `${ownerName(owner)}: ${throttle.inWindow(now)} submits and modifies in the last second, limit ${limits.maxOrdersPerSecond} per second`,
        };
    }
    if (
      limits.maxPositionFraction === Number.POSITIVE_INFINITY &&
      limits.maxPositionNotional === Number.POSITIVE_INFINITY &&
      limits.maxGrossExposure === Number.POSITIVE_INFINITY &&
      limits.maxNetExposure === Number.POSITIVE_INFINITY
    )
      return undefined;
    const figures = this.exposureFigures(owner, order, capitalFraction);
    return exposureDenial(limits, figures, order.side === 'buy' ? 1 : -1, leaves, price);
  }

  private exposureFigures(owner: string, order: OrderRequest, capitalFraction: number): ExposureFigures {
    const figures = this.figures;
    figures.owner = owner;
    const portfolio = this.portfolio;
    const held = portfolio.position(order.instrumentId);
    figures.mark = held?.lastPrice ?? 0;
    // One equity pass per check, shared by the account's and the agent's limits.
    if (Number.isNaN(this.equityAtCheck)) this.equityAtCheck = portfolio.equity();
    figures.equity = this.equityAtCheck * capitalFraction;
    if (owner === '') {
      figures.position = held?.quantity ?? 0;
      figures.gross = portfolio.grossExposure();
      figures.net = portfolio.netExposure();
    } else {
      figures.position = this.agents.position(owner, order.instrumentId);
      let gross = 0;
      let net = 0;
      for (const [instrumentId, quantity] of this.agents.positions(owner)) {
        const value = quantity * (portfolio.position(instrumentId)?.lastPrice ?? 0);
        gross += Math.abs(value);
        net += value;
      }
      figures.gross = gross;
      figures.net = net;
    }
    let working = 0;
    for (const o of this.cache.openOrderList) {
      if (o.instrumentId !== order.instrumentId || o.side !== order.side || o.clientOrderId === order.clientOrderId)
        continue;
      if (owner !== '' && o.strategyId !== owner) continue;
      if (o.reduceOnly) continue;
      working += leavesQuantity(o);
    }
    figures.working = working;
    return figures;
  }

  private openOrderCount(owner: string): number {
    if (owner === '') return this.cache.openOrderCount;
    let n = 0;
    for (const o of this.cache.openOrderList) if (o.strategyId === owner) n++;
    return n;
  }

  private throttle(owner: string, limits: RiskLimits): OrderRateThrottle {
    const account = this.accountThrottle;
    if (owner === '' && account !== undefined && account.maxPerSecond === limits.maxOrdersPerSecond) return account;
    let throttle = this.throttles.get(owner);
    if (throttle === undefined || throttle.maxPerSecond !== limits.maxOrdersPerSecond) {
      throttle = new OrderRateThrottle(limits.maxOrdersPerSecond);
      this.throttles.set(owner, throttle);
    }
    if (owner === '') this.accountThrottle = throttle;
    return throttle;
  }

  /** Cash spoken for by open buy orders (but `excluding`, an order being amended): price × quantity left. */
  private reservedCash(excluding: string | undefined): number {
    if (this.cache.openOrderCount === 0) return 0;
    let sum = 0;
    for (const o of this.cache.openOrderList) {
      if (o.side === 'buy' && o.clientOrderId !== excluding)
        sum += reservedCashOf(o, o.filledQuantity, this.lastPrice(this.cache.instrument(o.instrumentId)));
    }
    return sum;
  }
}

/** The instrument's grid: positive quantity and prices on their increments, the prices an order type needs, minimums. */
function gridDenial(order: OrderRequest, instrument: Instrument): RiskDenial | undefined {
  if (!(order.quantity > 0) || !Number.isFinite(order.quantity)) {
    return { reason: 'INVALID_QUANTITY', detail: `quantity ${order.quantity} must be a positive number` };
  }
  if (!isOnIncrement(order.quantity, instrument.sizeIncrement)) {
    return {
      reason: 'QUANTITY_PRECISION',
      detail: `quantity ${order.quantity} is not a multiple of the size increment ${instrument.sizeIncrement}`,
    };
  }
  const priceDenial =
    checkPrice('price', order.price, instrument) ?? checkPrice('trigger price', order.triggerPrice, instrument);
  if (priceDenial !== undefined) return priceDenial;
  if ((order.type === 'limit' || order.type === 'stop_limit') && order.price === undefined) {
    return { reason: 'MISSING_PRICE', detail: `a ${order.type} order needs a limit price` };
  }
  if ((order.type === 'stop_market' || order.type === 'stop_limit') && order.triggerPrice === undefined) {
    return { reason: 'MISSING_TRIGGER_PRICE', detail: `a ${order.type} order needs a trigger price` };
  }
  if (order.timeInForce === 'GTD' && order.expireTime === undefined) {
    return { reason: 'MISSING_EXPIRE_TIME', detail: 'a GTD order needs an expire time' };
  }
  if (order.quantity < instrument.minQuantity) {
    return { reason: 'BELOW_MIN_QUANTITY', detail: `quantity ${order.quantity} < minimum ${instrument.minQuantity}` };
  }
  return undefined;
}

/** A denial when a set price (limit or trigger) is not positive or not on the price grid. */
function checkPrice(field: string, value: number | undefined, instrument: Instrument): RiskDenial | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0) || !Number.isFinite(value))
    return { reason: 'INVALID_PRICE', detail: `${field} ${value} must be a positive number` };
  if (!isOnIncrement(value, instrument.priceIncrement)) {
    return {
      reason: 'PRICE_PRECISION',
      detail: `${field} ${value} is not a multiple of the price increment ${instrument.priceIncrement}`,
    };
  }
  return undefined;
}
