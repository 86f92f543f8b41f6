/** A denial: a reason code and the numbers that triggered it. */
export interface RiskDenial {
  readonly reason: string;
  readonly detail: string;
}

/**
 * The numbers the pre-trade checks hold every order to. Fractions are of equity (the account's,
 * or an agent's allocated capital for agent limits); notionals are in the account currency.
 * `Infinity` (or `false` for the booleans) switches a check off.
 */
export interface RiskLimits {
  /** Largest notional of one order (quantity × limit, trigger or last price). */
  readonly maxOrderNotional: number;
  /** Largest |position| in one instrument as a fraction of equity, counting same-side working orders. */
  readonly maxPositionFraction: number;
  /** Largest |position| notional in one instrument, absolute. */
  readonly maxPositionNotional: number;
  /** Largest gross exposure Σ |quantity × price| as a fraction of equity (2 = 2× leverage). */
  readonly maxGrossExposure: number;
  /** Largest |net exposure| |Σ quantity × price| as a fraction of equity. */
  readonly maxNetExposure: number;
  /** Most orders working at once (submits beyond it are denied). */
  readonly maxOpenOrders: number;
  /** Most submits and modifies in any one second of clock time. */
  readonly maxOrdersPerSecond: number;
  /** Largest distance of a limit price from the last price, a fraction (0.1 = 10%). */
  readonly priceCollar: number;
  /** Round prices and quantities to the instrument's increments instead of denying them. */
  readonly roundToIncrements: boolean;
  /** Equity risked per trade by the risk-per-trade sizer, a fraction (the blueprint's 0.5%). */
  readonly riskPerTrade: number;
}

/** The limits whose value is a number (every one but `roundToIncrements`). */
export type NumericRiskLimit = Exclude<keyof RiskLimits, 'roundToIncrements'>;

/** The names of all limits, in the order reports list them. */
export const RISK_LIMIT_NAMES: readonly (keyof RiskLimits)[] = [
  'maxOrderNotional',
  'maxPositionFraction',
  'maxPositionNotional',
  'maxGrossExposure',
  'maxNetExposure',
  'maxOpenOrders',
  'maxOrdersPerSecond',
  'priceCollar',
  'roundToIncrements',
  'riskPerTrade',
];

/**
 * The platform blueprint's defaults: risk per trade 0.5%, position at most 10% of equity, gross
 * exposure 50%, net exposure 50%, at most 100 working orders and 100 submits or modifies a
 * second, limit prices within 10% of the last price; increments are enforced, not rounded.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  maxOrderNotional: Number.POSITIVE_INFINITY,
  maxPositionFraction: 0.1,
  maxPositionNotional: Number.POSITIVE_INFINITY,
  maxGrossExposure: 0.5,
  maxNetExposure: 0.5,
  maxOpenOrders: 100,
  maxOrdersPerSecond: 100,
  priceCollar: 0.1,
  roundToIncrements: false,
  riskPerTrade: 0.005,
});

/**
 * No exposure, rate or collar limit: what a bare engine checks when given no limits (the venue's
 * own rules — increments, minimums, cash — still apply). Runtime configs start from the blueprint's
 * DEFAULT_RISK_LIMITS instead.
 */
export const OPEN_RISK_LIMITS: RiskLimits = Object.freeze({
  maxOrderNotional: Number.POSITIVE_INFINITY,
  maxPositionFraction: Number.POSITIVE_INFINITY,
  maxPositionNotional: Number.POSITIVE_INFINITY,
  maxGrossExposure: Number.POSITIVE_INFINITY,
  maxNetExposure: Number.POSITIVE_INFINITY,
  maxOpenOrders: Number.POSITIVE_INFINITY,
  maxOrdersPerSecond: Number.POSITIVE_INFINITY,
  priceCollar: Number.POSITIVE_INFINITY,
  roundToIncrements: false,
  riskPerTrade: 0.005,
});

/** Whole-number limits (counts). */
const COUNT_LIMITS: ReadonlySet<keyof RiskLimits> = new Set(['maxOpenOrders', 'maxOrdersPerSecond']);

/**
 * Throws when a limit is not a positive number (counts: a positive integer or Infinity;
 * riskPerTrade: in (0, 1)), naming the limit and `where` (a file, a policy, an agent).
 */
export function validateRiskLimits(limits: RiskLimits, where: string): RiskLimits {
  for (const name of RISK_LIMIT_NAMES) {
    const value = limits[name];
    if (name === 'roundToIncrements') {
      if (typeof value !== 'boolean') throw new Error(`${where}: ${name} must be true or false, not ${value}`);
      continue;
    }
    if (typeof value !== 'number' || Number.isNaN(value) || !(value > 0))
      throw new Error(`${where}: ${name} must be a positive number, not ${value}`);
    if (COUNT_LIMITS.has(name) && Number.isFinite(value) && !Number.isInteger(value))
      throw new Error(`${where}: ${name} must be a whole number, not ${value}`);
    if (name === 'riskPerTrade' && !(value < 1)) throw new Error(`${where}: ${name} must be below 1, not ${value}`);
  }
  return limits;
}

/** Limits merged from a base and overrides, validated and frozen. */
export function riskLimits(base: RiskLimits, overrides: Partial<RiskLimits> = {}, where = 'risk limits'): RiskLimits {
  const merged: RiskLimits = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (!RISK_LIMIT_NAMES.includes(name as keyof RiskLimits)) throw new Error(`${where}: unknown risk limit '${name}'`);
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[name] = value;
  }
  return Object.freeze(validateRiskLimits(merged, where));
}
