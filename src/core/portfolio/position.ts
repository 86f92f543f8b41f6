import { fromMinor, roundTo, toMinor } from '../model/decimal.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderSide } from '../model/order.ts';
import type { UnixMillis } from '../model/time.ts';

/** One closed trade: the part of a position that a reducing fill closed. */
export interface RoundTrip {
  readonly instrumentId: string;
  readonly side: 'long' | 'short';
  readonly entryTime: UnixMillis;
  readonly exitTime: UnixMillis;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly quantity: number;
  /** Realized PnL net of the entry and exit fees attributed to this trade (quote currency). */
  readonly pnl: number;
  /** Gross realized PnL, before fees. */
  readonly grossPnl: number;
  readonly fees: number;
}

/** What one fill did to a position. Money in quote-currency minor units. */
export interface PositionFillResult {
  /** Cash change of the fill (− notional for buys, + for sells), fees excluded. */
  readonly cashDeltaMinor: number;
  readonly realizedMinor: number;
  readonly roundTrip: RoundTrip | undefined;
  readonly opened: boolean;
  readonly closed: boolean;
}

/**
 * A netting position in one instrument (one signed quantity), at average cost.
 *
 * Money is kept in integer minor units of the quote currency: `costBasisMinor` is the cost of the
 * open quantity, so closing part of it moves an integer share of the basis, and the basis of a
 * fully closed position is exactly zero. Realized PnL is therefore exactly the sum over the closed
 * parts. See docs/adr/0001-number-representation.md.
 */
export class Position {
  /** Signed quantity in base units: positive long, negative short, on the size grid. */
  quantity = 0;
  /** Cost of the open quantity, ≥ 0, quote minor units. */
  costBasisMinor = 0;
  /** Fees paid while opening the open quantity, not yet attributed to a round trip. */
  openFeesMinor = 0;
  realizedPnlMinor = 0;
  feesMinor = 0;
  openedAt: UnixMillis = 0;
  /** Last mark price. */
  lastPrice = 0;
  /**
   * The price every fill of the open quantity was made at, or NaN when they differ (or when flat):
   * the average entry price is then exactly that price, where the cost basis over the quantity
   * would be off in the last binary digits (4,713.2 / 0.1 = 47,131.99999999999).
   */
  private singleEntryPrice = Number.NaN;
  private readonly precision: number;

  constructor(readonly instrument: Instrument) {
    this.precision = instrument.quoteCurrency.precision;
  }

  get isFlat(): boolean {
    return this.quantity === 0;
  }

  /** Average entry price of the open quantity (0 when flat): the fill price itself when every fill of it had one price. */
  get averageEntryPrice(): number {
    if (this.quantity === 0) return 0;
    return Number.isNaN(this.singleEntryPrice)
      ? fromMinor(this.costBasisMinor, this.precision) / Math.abs(this.quantity)
      : this.singleEntryPrice;
  }

  /** Unrealized PnL at the last mark, quote currency. */
  get unrealizedPnl(): number {
    if (this.quantity === 0) return 0;
    const value = this.quantity * this.lastPrice;
    const basis = fromMinor(this.costBasisMinor, this.precision);
    return this.quantity > 0 ? value - basis : value + basis;
  }

  get realizedPnl(): number {
    return fromMinor(this.realizedPnlMinor, this.precision);
  }

  /** Applies one fill. `feeMinor` is the fee in quote minor units. */
  apply(side: OrderSide, quantity: number, price: number, feeMinor: number, timestamp: UnixMillis): PositionFillResult {
    const sign = side === 'buy' ? 1 : -1;
    const sizePrecision = this.instrument.sizePrecision;
    const before = this.quantity;
    this.feesMinor += feeMinor;
    let cashDeltaMinor = 0;
    let realizedMinor = 0;
    let roundTrip: RoundTrip | undefined;
    // Part of the fill that reduces the open position, and part that opens (or extends) one.
    const reducing = before !== 0 && Math.sign(before) !== sign ? Math.min(quantity, Math.abs(before)) : 0;
    const opening = roundTo(quantity - reducing, sizePrecision);
    if (reducing > 0) {
      const closeNotional = toMinor(price * reducing, this.precision);
      const fullClose = reducing === Math.abs(before);
      const share = reducing / Math.abs(before);
      const closedBasis = fullClose ? this.costBasisMinor : Math.round(this.costBasisMinor * share);
      const entryFees = fullClose ? this.openFeesMinor : Math.round(this.openFeesMinor * share);
      const exitFees = opening > 0 ? Math.round(feeMinor * (reducing / quantity)) : feeMinor;
      realizedMinor = before > 0 ? closeNotional - closedBasis : closedBasis - closeNotional;
      const entryPrice = Number.isNaN(this.singleEntryPrice)
        ? fromMinor(closedBasis, this.precision) / reducing
        : this.singleEntryPrice;
      this.costBasisMinor -= closedBasis;
      this.openFeesMinor -= entryFees;
      this.realizedPnlMinor += realizedMinor;
      cashDeltaMinor += sign > 0 ? -closeNotional : closeNotional;
      this.quantity = roundTo(before + sign * reducing, sizePrecision);
      if (this.quantity === 0) this.singleEntryPrice = Number.NaN;
      roundTrip = {
        instrumentId: this.instrument.id,
        side: before > 0 ? 'long' : 'short',
        entryTime: this.openedAt,
        exitTime: timestamp,
        entryPrice,
        exitPrice: price,
        quantity: reducing,
        grossPnl: fromMinor(realizedMinor, this.precision),
        pnl: fromMinor(realizedMinor - entryFees - exitFees, this.precision),
        fees: fromMinor(entryFees + exitFees, this.precision),
      };
    }
    if (opening > 0) {
      const openNotional = toMinor(price * opening, this.precision);
      if (this.quantity === 0) {
        this.openedAt = timestamp;
        this.singleEntryPrice = price;
      } else if (price !== this.singleEntryPrice) this.singleEntryPrice = Number.NaN;
      this.costBasisMinor += openNotional;
      this.openFeesMinor += reducing > 0 ? feeMinor - Math.round(feeMinor * (reducing / quantity)) : feeMinor;
      cashDeltaMinor += sign > 0 ? -openNotional : openNotional;
      this.quantity = roundTo(this.quantity + sign * opening, sizePrecision);
    }
    this.lastPrice = price;
    return {
      cashDeltaMinor,
      realizedMinor,
      roundTrip,
      opened: before === 0 && this.quantity !== 0,
      closed: before !== 0 && this.quantity === 0,
    };
  }
}
