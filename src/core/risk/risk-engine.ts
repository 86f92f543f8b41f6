import type { Cache } from '../kernel/cache.ts';
import { isOnIncrement } from '../model/decimal.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { acceptanceCheck, reservedCashOf } from '../simulation/acceptance-check.ts';
import type { FeeSchedule } from '../simulation/fee-model.ts';

/** A denial: a reason code and the numbers that triggered it. */
export interface RiskDenial {
  readonly reason: string;
  readonly detail: string;
}

/**
 * Pre-trade checks on the one order path (Strategy → RiskEngine → ExecutionEngine). This minimal
 * engine checks precision, size and notional limits, reduce-only and cash / buying power at the
 * last price. Everything the venue would refuse is refused here first, with the numbers.
 */
export class RiskEngine {
  constructor(
    private readonly cache: Cache,
    private readonly portfolio: PortfolioView,
    private readonly lastPrice: (instrument: Instrument) => number,
    private readonly fees: (instrument: Instrument) => FeeSchedule,
  ) {}

  /** Returns a denial, or undefined when the order may proceed. */
  check(order: OrderRequest): RiskDenial | undefined {
    if (!this.cache.hasInstrument(order.instrumentId)) {
      return { reason: 'UNKNOWN_INSTRUMENT', detail: `${order.instrumentId} is not loaded` };
    }
    const instrument = this.cache.instrument(order.instrumentId);
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
    const price = order.price ?? order.triggerPrice ?? this.lastPrice(instrument);
    if (!(price > 0)) return { reason: 'NO_PRICE', detail: `no price is known yet for ${instrument.id}` };
    const notional = price * order.quantity;
    if (notional < instrument.minNotional) {
      return { reason: 'BELOW_MIN_NOTIONAL', detail: `notional ${notional} < minimum ${instrument.minNotional}` };
    }
    const problem = acceptanceCheck({
      order,
      instrument,
      price: this.lastPrice(instrument),
      portfolio: this.portfolio,
      fees: this.fees(instrument),
      reservedCash: this.reservedCash(),
    });
    if (problem === undefined) return undefined;
    const colon = problem.indexOf(':');
    return { reason: problem.slice(0, colon), detail: problem.slice(colon + 1).trim() };
  }

  /** Cash spoken for by open buy orders: limit, trigger or last price × quantity left. */
  private reservedCash(): number {
    if (this.cache.openOrderCount === 0) return 0;
    let sum = 0;
    for (const o of this.cache.openOrders()) {
      if (o.side === 'buy')
        sum += reservedCashOf(o, o.filledQuantity, this.lastPrice(this.cache.instrument(o.instrumentId)));
    }
    return sum;
  }
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
