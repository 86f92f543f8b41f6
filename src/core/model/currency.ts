import { type CurrencyCode, currencyCode } from './ids.ts';

/**
 * A currency and the precision its money amounts are kept at. Amounts are stored as integers
 * of the minor unit (`10^-precision`), see docs/adr/0001-number-representation.md.
 */
export interface Currency {
  readonly code: CurrencyCode;
  /** Decimal places of the minor unit: 2 for USD, 8 for BTC and USDT. */
  readonly precision: number;
}

const KNOWN: Readonly<Record<string, number>> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  CHF: 2,
  USDT: 8,
  USDC: 8,
  BUSD: 8,
  BTC: 8,
  ETH: 8,
};

/** A currency with a known precision, or the given precision (default 8) for any other code. */
export function currency(code: string, precision?: number): Currency {
  const p = precision ?? KNOWN[code] ?? 8;
  if (!Number.isInteger(p) || p < 0 || p > 12)
    throw new Error(`currency ${code}: precision must be an integer 0..12, got ${p}`);
  return Object.freeze({ code: currencyCode(code), precision: p });
}
