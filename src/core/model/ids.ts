/**
 * Branded identifiers. A brand makes a `ClientOrderId` and a `TradeId` different types although
 * both are strings at run time, so one can never be passed where the other is expected.
 */
declare const brand: unique symbol;

/** A value of type `T` tagged with the nominal brand `B`. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Venue (exchange) name, upper case by convention: `BINANCE`, `FTX`, `NYSE`. */
export type Venue = Brand<string, 'Venue'>;
/** `SYMBOL.VENUE`, for example `BTC-PERP.FTX` or `ORCL.NYSE`. */
export type InstrumentId = Brand<string, 'InstrumentId'>;
/** Client order id: assigned by us, deterministic, unique per run. */
export type ClientOrderId = Brand<string, 'ClientOrderId'>;
/** Order id assigned by the venue. */
export type VenueOrderId = Brand<string, 'VenueOrderId'>;
/** Trade (execution) id assigned by the venue; a repeated trade id is applied once. */
export type TradeId = Brand<string, 'TradeId'>;
export type StrategyId = Brand<string, 'StrategyId'>;
export type AccountId = Brand<string, 'AccountId'>;
export type PositionId = Brand<string, 'PositionId'>;
/** ISO-4217-like currency code: `USD`, `USDT`, `BTC`. */
export type CurrencyCode = Brand<string, 'CurrencyCode'>;

export const venue = (value: string): Venue => value as Venue;
export const clientOrderId = (value: string): ClientOrderId => value as ClientOrderId;
export const venueOrderId = (value: string): VenueOrderId => value as VenueOrderId;
export const tradeId = (value: string): TradeId => value as TradeId;
export const strategyId = (value: string): StrategyId => value as StrategyId;
export const accountId = (value: string): AccountId => value as AccountId;
export const positionId = (value: string): PositionId => value as PositionId;
export const currencyCode = (value: string): CurrencyCode => value as CurrencyCode;

/** Builds `SYMBOL.VENUE`. */
export function instrumentId(symbol: string, venueName: string): InstrumentId {
  if (symbol.length === 0 || venueName.length === 0)
    throw new Error('instrumentId: symbol and venue must be non-empty');
  return `${symbol}.${venueName}` as InstrumentId;
}
