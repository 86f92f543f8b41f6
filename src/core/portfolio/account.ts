import { type Currency, currency as makeCurrency } from '../model/currency.ts';
import { fromMinor, toMinor } from '../model/decimal.ts';
import type { AccountId, CurrencyCode } from '../model/ids.ts';

/** `cash`: no borrowing, no short selling. `margin`: borrowing up to `leverage` × equity, shorts allowed. */
export const AccountType = { Cash: 'cash', Margin: 'margin' } as const;
export type AccountType = (typeof AccountType)[keyof typeof AccountType];

/** One ledger entry: a deposit, a withdrawal, a fill's cash or a fee. Amount in minor units. */
export interface LedgerEntry {
  readonly kind: 'deposit' | 'withdrawal' | 'trade' | 'fee';
  readonly currency: CurrencyCode;
  readonly amountMinor: number;
  readonly timestamp: number;
  readonly reference: string;
}

/**
 * Cash balances per currency, in integer minor units, with a ledger of every movement.
 * The account's base currency is the one equity is reported in; instruments must be quoted in it.
 */
export class Account {
  private readonly balances = new Map<CurrencyCode, { currency: Currency; minor: number }>();
  readonly ledger: LedgerEntry[] = [];
  /** Running sums for the accounting identity: equity = deposits − withdrawals + realized − fees + unrealized. */
  depositsMinor = 0;
  withdrawalsMinor = 0;
  feesMinor = 0;

  constructor(
    readonly id: AccountId,
    readonly type: AccountType,
    readonly baseCurrency: Currency,
    /** Gross exposure allowed per unit of equity (margin accounts); 1 for cash accounts. */
    readonly leverage = 1,
    /** Keep every trade and fee movement in `ledger` (deposits and withdrawals are always kept). */
    readonly recordTrades = false,
  ) {
    if (!(leverage >= 1)) throw new Error(`account ${id}: leverage must be ≥ 1, got ${leverage}`);
    if (type === AccountType.Cash && leverage !== 1) throw new Error(`account ${id}: a cash account has leverage 1`);
    this.balances.set(baseCurrency.code, { currency: baseCurrency, minor: 0 });
  }

  /** Balance in base-currency minor units (the hot-path figure). */
  baseMinor = 0;

  balance(code: CurrencyCode | string = this.baseCurrency.code): number {
    const entry = this.balances.get(code as CurrencyCode);
    if (entry === undefined) return 0;
    return fromMinor(code === this.baseCurrency.code ? this.baseMinor : entry.minor, entry.currency.precision);
  }

  /** All balances, as decimal amounts. */
  balancesByCurrency(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [code] of this.balances) out[code] = this.balance(code);
    return out;
  }

  deposit(amount: number, code: string, timestamp: number, reference = 'deposit'): void {
    if (!(amount > 0) || !Number.isFinite(amount))
      throw new Error(`deposit: amount must be a positive number, got ${amount}`);
    const entry = this.entry(code);
    const minor = toMinor(amount, entry.currency.precision);
    this.move(entry, minor);
    if (entry.currency.code === this.baseCurrency.code) this.depositsMinor += minor;
    this.ledger.push({ kind: 'deposit', currency: entry.currency.code, amountMinor: minor, timestamp, reference });
  }

  /** Withdraws if the balance allows it; returns false (and changes nothing) otherwise. */
  withdraw(amount: number, code: string, timestamp: number, reference = 'withdrawal'): boolean {
    if (!(amount > 0) || !Number.isFinite(amount))
      throw new Error(`withdraw: amount must be a positive number, got ${amount}`);
    const entry = this.entry(code);
    const minor = toMinor(amount, entry.currency.precision);
    const available = entry.currency.code === this.baseCurrency.code ? this.baseMinor : entry.minor;
    if (minor > available) return false;
    this.move(entry, -minor);
    if (entry.currency.code === this.baseCurrency.code) this.withdrawalsMinor += minor;
    this.ledger.push({ kind: 'withdrawal', currency: entry.currency.code, amountMinor: -minor, timestamp, reference });
    return true;
  }

  /** Books a trade's cash and its fee in the base currency (minor units). */
  bookTrade(cashMinor: number, feeMinor: number, timestamp: number, reference: string): void {
    this.baseMinor += cashMinor - feeMinor;
    this.feesMinor += feeMinor;
    if (this.recordTrades) {
      const code = this.baseCurrency.code;
      this.ledger.push({ kind: 'trade', currency: code, amountMinor: cashMinor, timestamp, reference });
      this.ledger.push({ kind: 'fee', currency: code, amountMinor: -feeMinor, timestamp, reference });
    }
  }

  private entry(code: string): { currency: Currency; minor: number } {
    let entry = this.balances.get(code as CurrencyCode);
    if (entry === undefined) {
      entry = { currency: makeCurrency(code), minor: 0 };
      this.balances.set(entry.currency.code, entry);
    }
    return entry;
  }

  private move(entry: { currency: Currency; minor: number }, minor: number): void {
    if (entry.currency.code === this.baseCurrency.code) this.baseMinor += minor;
    else entry.minor += minor;
  }
}
