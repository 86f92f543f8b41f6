import { type Currency, currency } from './currency.ts';
import { precisionOf } from './decimal.ts';
import { type InstrumentId, instrumentId, type Venue, venue } from './ids.ts';

/** The kinds of instrument the engine trades. */
export const InstrumentKind = {
  Spot: 'spot',
  Perpetual: 'perpetual',
  Equity: 'equity',
} as const;
export type InstrumentKind = (typeof InstrumentKind)[keyof typeof InstrumentKind];

/**
 * A tradable instrument and its venue rules. Fees are rates (0.001 = 10 bps) on notional;
 * a negative maker fee is a rebate.
 */
export interface Instrument {
  readonly id: InstrumentId;
  readonly symbol: string;
  readonly venue: Venue;
  readonly kind: InstrumentKind;
  readonly baseCurrency: Currency;
  readonly quoteCurrency: Currency;
  /** Smallest price step (tick size). */
  readonly priceIncrement: number;
  /** Decimal places of `priceIncrement`. */
  readonly pricePrecision: number;
  /** Smallest quantity step (lot size) in base units. */
  readonly sizeIncrement: number;
  /** Decimal places of `sizeIncrement`. */
  readonly sizePrecision: number;
  /** Smallest order quantity in base units. */
  readonly minQuantity: number;
  /** Smallest order notional (price × quantity) in quote currency. */
  readonly minNotional: number;
  readonly makerFee: number;
  readonly takerFee: number;
}

export interface InstrumentSpec {
  readonly symbol: string;
  readonly venue: string;
  readonly kind: InstrumentKind;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly priceIncrement: number;
  readonly sizeIncrement: number;
  readonly minQuantity?: number;
  readonly minNotional?: number;
  readonly makerFee?: number;
  readonly takerFee?: number;
  /** Quote currency precision; defaults to the currency's known precision. */
  readonly quotePrecision?: number;
}

/** Builds a frozen, validated Instrument. Throws with the offending field named. */
export function createInstrument(spec: InstrumentSpec): Instrument {
  const fail = (field: string, message: string): never => {
    throw new Error(`instrument ${spec.symbol}.${spec.venue}: ${field} ${message}`);
  };
  if (!(spec.priceIncrement > 0)) fail('priceIncrement', `must be positive, got ${spec.priceIncrement}`);
  if (!(spec.sizeIncrement > 0)) fail('sizeIncrement', `must be positive, got ${spec.sizeIncrement}`);
  const minQuantity = spec.minQuantity ?? spec.sizeIncrement;
  const minNotional = spec.minNotional ?? 0;
  const makerFee = spec.makerFee ?? 0;
  const takerFee = spec.takerFee ?? 0;
  if (!(minQuantity > 0)) fail('minQuantity', `must be positive, got ${minQuantity}`);
  if (!(minNotional >= 0)) fail('minNotional', `must be zero or positive, got ${minNotional}`);
  if (!(Math.abs(makerFee) < 1)) fail('makerFee', `must be a rate between -1 and 1, got ${makerFee}`);
  if (!(takerFee >= 0 && takerFee < 1)) fail('takerFee', `must be a rate in [0, 1), got ${takerFee}`);
  return Object.freeze({
    id: instrumentId(spec.symbol, spec.venue),
    symbol: spec.symbol,
    venue: venue(spec.venue),
    kind: spec.kind,
    baseCurrency: currency(spec.baseCurrency),
    quoteCurrency: currency(spec.quoteCurrency, spec.quotePrecision),
    priceIncrement: spec.priceIncrement,
    pricePrecision: precisionOf(spec.priceIncrement),
    sizeIncrement: spec.sizeIncrement,
    sizePrecision: precisionOf(spec.sizeIncrement),
    minQuantity,
    minNotional,
    makerFee,
    takerFee,
  });
}
