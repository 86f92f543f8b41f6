/**
 * Option validation for sizers and risk measures. Core code cannot use zod, so each check throws a
 * RangeError that names the component and the option, with the value it got.
 */

/** A finite number > 0. */
export function requirePositive(component: string, option: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value)))
    throw new RangeError(`${component}: ${option} must be a finite number > 0, got ${String(value)}`);
  return value;
}

/** A finite number ≥ 0. */
export function requireNonNegative(component: string, option: string, value: number): number {
  if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value)))
    throw new RangeError(`${component}: ${option} must be a finite number ≥ 0, got ${String(value)}`);
  return value;
}

/** A number in (0, 1] (a share of equity, a Kelly fraction). */
export function requireFraction(component: string, option: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && value <= 1))
    throw new RangeError(`${component}: ${option} must be in (0, 1], got ${String(value)}`);
  return value;
}

/** A confidence level strictly between 0 and 1 (0.95, 0.99). */
export function requireConfidence(component: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && value < 1))
    throw new RangeError(`${component}: confidence must be in (0, 1), got ${String(value)}`);
  return value;
}

/** An integer ≥ `minimum`. */
export function requireCount(component: string, option: string, value: number, minimum: number): number {
  if (!(Number.isInteger(value) && value >= minimum))
    throw new RangeError(`${component}: ${option} must be an integer ≥ ${minimum}, got ${String(value)}`);
  return value;
}
