import type { RiskDenial, RiskLimits } from './risk-limits.ts';

/**
 * The figures one set of limits is judged against: the whole account's, or one agent's (its
 * allocated capital, its own positions and working orders). Values in the account currency;
 * quantities signed base units (long > 0).
 */
export interface ExposureFigures {
  /** Whose figures: '' for the account, else the agent's strategy id (see `ownerName`). */
  owner: string;
  equity: number;
  /** Position in the order's instrument. */
  position: number;
  /** Mark price of that position. */
  mark: number;
  /** Leaves quantity of the owner's other working orders in the instrument on the order's side (≥ 0). */
  working: number;
  /** Σ |q × mark| over the owner's positions. */
  gross: number;
  /** Σ q × mark over the owner's positions. */
  net: number;
}

/** `account`, or `agent <strategy id>`: whose limit a denial names. */
export function ownerName(owner: string): string {
  return owner === '' ? 'account' : `agent ${owner}`;
}

const fmt = (value: number): string => String(Math.round(value * 1e8) / 1e8);
const pct = (value: number): string => `${fmt(value * 100)}%`;

/**
 * Denies an order that would take the owner past a position, gross or net exposure limit, judged
 * as if it and the owner's same-side working orders filled at `price`. An order that shrinks an
 * exposure is never denied by that exposure's limit, however far over it the owner already is:
 * limits stop growth, they never trap a position.
 */
export function exposureDenial(
  limits: RiskLimits,
  figures: ExposureFigures,
  sign: 1 | -1,
  quantity: number,
  price: number,
): RiskDenial | undefined {
  const before = figures.position + sign * figures.working;
  const after = before + sign * quantity;
  const grows = Math.abs(after) > Math.abs(before);
  if (!grows) return undefined;
  const equity = figures.equity;
  const afterNotional = Math.abs(after) * price;
  if (afterNotional > limits.maxPositionNotional) {
    return {
      reason: 'MAX_POSITION_NOTIONAL',
      detail: `${ownerName(figures.owner)}: position would reach ${fmt(afterNotional)} (${fmt(after)} at ${fmt(price)}), limit ${fmt(limits.maxPositionNotional)}`,
    };
  }
  if (Number.isFinite(limits.maxPositionFraction) && afterNotional > limits.maxPositionFraction * Math.max(equity, 0)) {
    return {
      reason: 'MAX_POSITION',
      detail: `${ownerName(figures.owner)}: position would reach ${fmt(afterNotional)} = ${equity > 0 ? pct(afterNotional / equity) : '∞'} of equity ${fmt(equity)}, limit ${pct(limits.maxPositionFraction)}`,
    };
  }
  const heldValue = figures.position * figures.mark;
  const grossBefore = figures.gross - Math.abs(heldValue) + Math.abs(before) * price;
  const grossAfter = figures.gross - Math.abs(heldValue) + afterNotional;
  if (
    Number.isFinite(limits.maxGrossExposure) &&
    grossAfter > grossBefore &&
    grossAfter > limits.maxGrossExposure * Math.max(equity, 0)
  ) {
    return {
      reason: 'MAX_GROSS_EXPOSURE',
      detail: `${ownerName(figures.owner)}: gross exposure would reach ${fmt(grossAfter)} = ${equity > 0 ? pct(grossAfter / equity) : '∞'} of equity ${fmt(equity)}, limit ${pct(limits.maxGrossExposure)}`,
    };
  }
  const netBefore = figures.net - heldValue + before * price;
  const netAfter = figures.net - heldValue + after * price;
  if (
    Number.isFinite(limits.maxNetExposure) &&
    Math.abs(netAfter) > Math.abs(netBefore) &&
    Math.abs(netAfter) > limits.maxNetExposure * Math.max(equity, 0)
  ) {
    return {
      reason: 'MAX_NET_EXPOSURE',
      detail: `${ownerName(figures.owner)}: net exposure would reach ${fmt(netAfter)} = ${equity > 0 ? pct(Math.abs(netAfter) / equity) : '∞'} of equity ${fmt(equity)}, limit ${pct(limits.maxNetExposure)}`,
    };
  }
  return undefined;
}
