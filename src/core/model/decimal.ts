/**
 * Exact decimal helpers for values that live on a grid (a price increment, a size increment, a
 * currency's minor unit). Values are IEEE-754 doubles that always hold the double nearest to a
 * grid point; money is summed as integers of minor units, which doubles represent exactly below
 * 2^53. See docs/adr/0001-number-representation.md.
 */

/**
 * 10^p for p = 0..22, each the very double `10 ** p` gives: a table lookup instead of a call to
 * Math.pow on every rounding (fills, positions, fees). Other exponents fall back to `10 ** p`.
 */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, p) => 10 ** p);

function powerOfTen(p: number): number {
  return POWERS_OF_TEN[p] ?? 10 ** p;
}

/** Number of decimal places an increment such as 0.01 or 0.5 or 1e-8 has. */
export function precisionOf(increment: number): number {
  if (!(increment > 0) || !Number.isFinite(increment))
    throw new Error(`increment must be a positive finite number, got ${increment}`);
  for (let p = 0; p <= 15; p++) {
    const scaled = increment * 10 ** p;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return p;
  }
  throw new Error(`increment ${increment} has more than 15 decimal places`);
}

/** Rounds half away from zero at `precision` decimals and returns the nearest double. */
export function roundTo(value: number, precision: number): number {
  const scale = powerOfTen(precision);
  const scaled = value * scale;
  // Nudge by a relative epsilon so 1.005 * 100 = 100.49999999999999 rounds as the decimal 1.005 does.
  const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled) * (1 + 2 ** -52) + 0);
  return rounded / scale;
}

/** Snaps a value to the nearest multiple of `increment` (half away from zero). */
export function snapToIncrement(value: number, increment: number, precision: number): number {
  const units = Math.sign(value) * Math.round(Math.abs(value / increment) * (1 + 2 ** -52));
  return roundTo(units * increment, precision);
}

/**
 * How far `value / increment` may sit from a whole number and still count as on the grid: the
 * float error of the division, a few ulps of the ratio (value and increment each carry half an
 * ulp of representation error, the division another), at least 1e-9. A fixed tolerance is wrong
 * both ways: 1e-9 × ratio accepts anything beyond ~5e8 increments, 1e-9 alone rejects on-grid
 * values beyond ~2e6 (0.23833 / 1e-8 = 23832999.999999996).
 */
function gridTolerance(ratio: number): number {
  return Math.max(1e-9, Math.abs(ratio) * 2 ** -50);
}

/** Whole increments in `ratio` = |value| / increment, rounded by `round` unless on the grid already. */
function gridUnits(ratio: number, round: (x: number) => number): number {
  const nearest = Math.round(ratio);
  return Math.abs(ratio - nearest) <= gridTolerance(ratio) ? nearest : round(ratio);
}

/** Rounds down (toward zero) to a multiple of `increment`; a value on the grid stays. */
export function floorToIncrement(value: number, increment: number, precision: number): number {
  const units = Math.sign(value) * gridUnits(Math.abs(value / increment), Math.floor);
  return roundTo(units * increment, precision);
}

/** Rounds up (toward +∞) to a multiple of `increment`; a value on the grid stays. */
export function ceilToIncrement(value: number, increment: number, precision: number): number {
  const ratio = value / increment;
  const units = ratio >= 0 ? gridUnits(ratio, Math.ceil) : -gridUnits(-ratio, Math.floor);
  return roundTo(units * increment, precision);
}

/** True when `value` is a multiple of `increment` (within floating-point representation error). */
export function isOnIncrement(value: number, increment: number): boolean {
  const ratio = value / increment;
  return Math.abs(ratio - Math.round(ratio)) <= gridTolerance(ratio);
}

/**
 * True when `value` is below `minimum` by more than the float error of a product (relative 1e-14,
 * some 45 ulps): a notional of 3 × 0.7 = 2.0999999999999996 meets a minimum of 2.1, while
 * 9,999.99999999 × 0.0001 = 0.999999999999 (truly 1e-12 short) does not meet 1.
 */
export function fallsShortOf(value: number, minimum: number): boolean {
  return value < minimum - Math.abs(minimum) * 1e-14;
}

/** Converts an amount to integer minor units at `precision` (exact: the result is an integer double). */
export function toMinor(amount: number, precision: number): number {
  const minor = Math.sign(amount) * Math.round(Math.abs(amount) * powerOfTen(precision) * (1 + 2 ** -52));
  if (!Number.isSafeInteger(minor)) {
    throw new Error(`amount ${amount} at precision ${precision} exceeds the exact range of 2^53 minor units`);
  }
  return minor;
}

/** Converts integer minor units back to an amount (the double nearest the decimal value). */
export function fromMinor(minor: number, precision: number): number {
  return minor / powerOfTen(precision);
}
