import { floorToIncrement } from '../model/decimal.ts';
import type { Instrument } from '../model/instrument.ts';
import type { LiquiditySide, OrderRequest } from '../model/order.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { cumulativeFee, type FeeSchedule, feeRate } from './fee-model.ts';

export interface AcceptanceInput {
  readonly order: OrderRequest;
  readonly instrument: Instrument;
  /** The venue's current price when the order arrives (the bar's open, the quote, the trade). */
  readonly price: number;
  readonly portfolio: PortfolioView;
  readonly fees: FeeSchedule;
  /** Cash already spoken for by the account's other open buy orders. */
  readonly reservedCash: number;
}

const fmt = (value: number): string => String(Math.round(value * 1e8) / 1e8);

/**
 * The venue's checks when an order arrives. Returns a rejection reason (`CODE: numbers`) or
 * undefined when the order is accepted. Shared by every simulated venue.
 */
export function acceptanceCheck({
  order,
  instrument,
  price,
  portfolio,
  fees,
  reservedCash,
}: AcceptanceInput): string | undefined {
  const buy = order.side === 'buy';
  if (order.postOnly && order.price !== undefined && (buy ? order.price >= price : order.price <= price)) {
    return `POST_ONLY_WOULD_TAKE: limit ${fmt(order.price)} would trade against the market at ${fmt(price)}`;
  }
  const position = portfolio.positionQuantity(instrument.id);
  if (order.reduceOnly && !(buy ? position < 0 : position > 0)) {
    return `REDUCE_ONLY_WOULD_INCREASE: position is ${fmt(position)}, a ${order.side} would not reduce it`;
  }
  const reference = order.price ?? order.triggerPrice ?? price;
  const worst = order.type === 'limit' || order.type === 'stop_limit' ? reference : Math.max(reference, price);
  if (portfolio.account.type === 'cash') {
    if (buy) {
      const notional = worst * order.quantity;
      const needed = notional + cumulativeFee(fees, instrument, 0, notional);
      const free = portfolio.cash() - reservedCash;
      if (needed > free)
        return `INSUFFICIENT_CASH: needs ${fmt(needed)} ${instrument.quoteCurrency.code}, free ${fmt(free)}`;
    } else if (order.quantity > position + 1e-12) {
      return `INSUFFICIENT_POSITION: selling ${fmt(order.quantity)} but holding ${fmt(position)}; a cash account cannot sell short`;
    }
    return undefined;
  }
  // Margin account: the increase in gross exposure must fit the buying power.
  const signed = buy ? order.quantity : -order.quantity;
  const increase = Math.max(0, Math.abs(position + signed) - Math.abs(position)) * price;
  const buyingPower = portfolio.equity() * portfolio.account.leverage - portfolio.grossExposure();
  if (increase > 0 && increase > buyingPower + 1e-9) {
    return `INSUFFICIENT_MARGIN: adds ${fmt(increase)} of exposure, buying power ${fmt(buyingPower)} at leverage ${portfolio.account.leverage}`;
  }
  return undefined;
}

/** Cash an open buy order speaks for: limit (or trigger, or `fallbackPrice`) × quantity left. */
export function reservedCashOf(order: OrderRequest, filled: number, fallbackPrice: number): number {
  return order.side === 'buy' ? (order.price ?? order.triggerPrice ?? fallbackPrice) * (order.quantity - filled) : 0;
}

/**
 * The largest quantity (≤ `quantity`, on the size grid) a cash account can pay for at `price`
 * including its fee — the rate and the fixed fee, and at least the minimum fee — or, for a sell,
 * deliver from its position.
 */
export function affordableQuantity(
  order: OrderRequest,
  instrument: Instrument,
  quantity: number,
  price: number,
  liquidity: LiquiditySide,
  portfolio: PortfolioView,
  fees: FeeSchedule,
): number {
  if (order.side === 'sell') return Math.min(quantity, Math.max(0, portfolio.positionQuantity(instrument.id)));
  const cash = portfolio.cash();
  const rate = Math.max(0, feeRate(fees, instrument, liquidity));
  const byRate = (cash - (fees.fixedPerOrder ?? 0)) / (price * (1 + rate));
  const byMinimum = (cash - (fees.minimumPerOrder ?? 0)) / price;
  const max = floorToIncrement(
    Math.max(0, Math.min(byRate, byMinimum)),
    instrument.sizeIncrement,
    instrument.sizePrecision,
  );
  return Math.min(quantity, max);
}
