import { toMinor } from '../model/decimal.ts';
import type { Instrument } from '../model/instrument.ts';
import type { LiquiditySide } from '../model/order.ts';

/**
 * A venue's fee schedule. Rates are fractions of notional (0.001 = 10 bps), a negative maker rate
 * is a rebate. `fixedPerOrder` is charged once per order (on its first fill); the order's total
 * fee is at least `minimumPerOrder`. Unset rates fall back to the instrument's maker/taker fees.
 */
export interface FeeSchedule {
  readonly makerRate?: number;
  readonly takerRate?: number;
  readonly fixedPerOrder?: number;
  readonly minimumPerOrder?: number;
}

/**
 * The cumulative fee an order owes after a fill: `max(rate × cumulative notional + fixed, minimum)`
 * for taker and maker parts. The fee of a single fill is the difference between the cumulative
 * fee after it and the fee already charged, so the order's fees add up to exactly its total.
 */
export function cumulativeFee(
  schedule: FeeSchedule,
  instrument: Instrument,
  makerNotional: number,
  takerNotional: number,
): number {
  const makerRate = schedule.makerRate ?? instrument.makerFee;
  const takerRate = schedule.takerRate ?? instrument.takerFee;
  const variable = makerRate * makerNotional + takerRate * takerNotional;
  const fixed = schedule.fixedPerOrder ?? 0;
  return Math.max(variable + fixed, schedule.minimumPerOrder ?? Number.NEGATIVE_INFINITY);
}

/** The rate a fill pays. */
export function feeRate(schedule: FeeSchedule, instrument: Instrument, liquidity: LiquiditySide): number {
  return liquidity === 'maker'
    ? (schedule.makerRate ?? instrument.makerFee)
    : (schedule.takerRate ?? instrument.takerFee);
}

/** What one order has accrued so far: its maker and taker notional and the fee charged (minor units). */
export interface FeeAccrual {
  makerNotional: number;
  takerNotional: number;
  feesChargedMinor: number;
}

/**
 * Books one fill of `notional` on an order's accrual and returns the fill's fee in quote minor
 * units: the increase of the order's cumulative fee, rounded, so the fills add up to the total.
 */
export function chargeFill(
  accrual: FeeAccrual,
  schedule: FeeSchedule,
  instrument: Instrument,
  liquidity: LiquiditySide,
  notional: number,
): number {
  if (liquidity === 'maker') accrual.makerNotional += notional;
  else accrual.takerNotional += notional;
  const totalMinor = toMinor(
    cumulativeFee(schedule, instrument, accrual.makerNotional, accrual.takerNotional),
    instrument.quoteCurrency.precision,
  );
  const feeMinor = totalMinor - accrual.feesChargedMinor;
  accrual.feesChargedMinor = totalMinor;
  return feeMinor;
}
