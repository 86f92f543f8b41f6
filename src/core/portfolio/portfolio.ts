import { fromMinor, toMinor } from '../model/decimal.ts';
import type { OrderFilled } from '../model/events.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { Account } from './account.ts';
import { Position, type PositionFillResult, type RoundTrip } from './position.ts';

/** Read-only view of the portfolio that strategies and the RiskEngine get. */
export interface PortfolioView {
  /** Cash + Σ quantity × last price, in the account's base currency. */
  equity(): number;
  /** Cash balance in the base currency (or another currency). */
  cash(currency?: string): number;
  position(instrumentId: InstrumentId | string): Position | undefined;
  /** Signed position quantity (0 when flat or unknown). */
  positionQuantity(instrumentId: InstrumentId | string): number;
  /** Σ |quantity × price| over positions. */
  grossExposure(): number;
  /** Σ quantity × price over positions. */
  netExposure(): number;
  readonly account: Account;
}

/**
 * Positions and cash of one account, marked to market. The hot path is `mark` + `equity`, which
 * touch only the open positions and allocate nothing.
 */
export class Portfolio implements PortfolioView {
  private readonly positions: Position[] = [];
  private readonly indexById = new Map<InstrumentId, number>();
  /** Indices of the non-flat positions. */
  private readonly open: number[] = [];
  readonly roundTrips: RoundTrip[] = [];
  /** Σ |fill notional| in the base currency. */
  tradedNotional = 0;
  /** 10^precision of the base currency: minor units per unit. */
  private readonly baseScale: number;

  constructor(readonly account: Account) {
    this.baseScale = 10 ** account.baseCurrency.precision;
  }

  /** Registers an instrument; returns its dense index (used by the engine's hot path). */
  register(instrument: Instrument): number {
    const existing = this.indexById.get(instrument.id);
    if (existing !== undefined) return existing;
    if (instrument.quoteCurrency.code !== this.account.baseCurrency.code) {
      throw new Error(
        `instrument ${instrument.id} is quoted in ${instrument.quoteCurrency.code} but account ${this.account.id} reports in ${this.account.baseCurrency.code}; cross-currency accounting is not supported yet`,
      );
    }
    const index = this.positions.length;
    this.positions.push(new Position(instrument));
    this.indexById.set(instrument.id, index);
    return index;
  }

  indexOf(instrumentId: InstrumentId): number {
    const index = this.indexById.get(instrumentId);
    if (index === undefined) throw new Error(`portfolio: unknown instrument ${instrumentId}`);
    return index;
  }

  /** Sets the mark price of an instrument (hot path). */
  mark(index: number, price: number): void {
    this.positions[index].lastPrice = price;
  }

  equity(): number {
    let value = 0;
    const open = this.open;
    for (let i = 0; i < open.length; i++) {
      const p = this.positions[open[i]];
      value += p.quantity * p.lastPrice;
    }
    return this.account.baseMinor / this.baseScale + value;
  }

  cash(currency?: string): number {
    return this.account.balance(currency ?? this.account.baseCurrency.code);
  }

  position(instrumentId: InstrumentId | string): Position | undefined {
    const index = this.indexById.get(instrumentId as InstrumentId);
    return index === undefined ? undefined : this.positions[index];
  }

  positionQuantity(instrumentId: InstrumentId | string): number {
    return this.position(instrumentId)?.quantity ?? 0;
  }

  /** True when any position is open (hot path: exposure time). */
  get hasOpenPositions(): boolean {
    return this.open.length > 0;
  }

  grossExposure(): number {
    let sum = 0;
    for (const i of this.open) sum += Math.abs(this.positions[i].quantity * this.positions[i].lastPrice);
    return sum;
  }

  netExposure(): number {
    let sum = 0;
    for (const i of this.open) sum += this.positions[i].quantity * this.positions[i].lastPrice;
    return sum;
  }

  /** All positions ever registered (flat ones included). */
  allPositions(): readonly Position[] {
    return this.positions;
  }

  /** Σ realized PnL over positions, gross of fees. */
  realizedPnl(): number {
    let minor = 0;
    for (const p of this.positions) minor += p.realizedPnlMinor;
    return fromMinor(minor, this.account.baseCurrency.precision);
  }

  unrealizedPnl(): number {
    let sum = 0;
    for (const i of this.open) sum += this.positions[i].unrealizedPnl;
    return sum;
  }

  /** Applies a fill to its position and the cash ledger. */
  applyFill(fill: OrderFilled): PositionFillResult {
    const index = this.indexOf(fill.instrumentId);
    const position = this.positions[index];
    const feeMinor = toMinor(fill.fee, this.account.baseCurrency.precision);
    const result = position.apply(fill.side, fill.lastQuantity, fill.lastPrice, feeMinor, fill.timestamp);
    this.account.bookTrade(result.cashDeltaMinor, feeMinor, fill.timestamp, fill.tradeId);
    this.tradedNotional += Math.abs(result.cashDeltaMinor) / this.baseScale;
    if (result.roundTrip !== undefined) this.roundTrips.push(result.roundTrip);
    if (result.opened || result.closed) this.refreshOpen();
    return result;
  }

  /** Rebuilds the indices of the non-flat positions, in place. */
  private refreshOpen(): void {
    const open = this.open;
    let n = 0;
    for (let i = 0; i < this.positions.length; i++) if (this.positions[i].quantity !== 0) open[n++] = i;
    open.length = n;
  }
}
