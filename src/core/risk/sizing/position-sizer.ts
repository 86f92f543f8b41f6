import { fallsShortOf, floorToIncrement } from '../../model/decimal.ts';
import { requireFraction, requirePositive } from './option-checks.ts';

/** Risk per trade from the platform's blueprint: 0.5% of equity lost if the stop is hit. */
export const DEFAULT_RISK_PER_TRADE = 0.005;
/** Largest position from the platform's blueprint: 10% of equity in notional. */
export const DEFAULT_MAX_POSITION_FRACTION = 0.1;

/** The instrument rules a sizer snaps to; an `Instrument` satisfies it. */
export interface SizingInstrument {
  /** Lot size in base units; every quantity a sizer returns is a multiple of it. */
  readonly sizeIncrement: number;
  /** Decimal places of `sizeIncrement`. */
  readonly sizePrecision: number;
  /** Smallest order quantity, base units. */
  readonly minQuantity: number;
  /** Smallest order notional, quote currency. */
  readonly minNotional: number;
}

/** Win rate and payoff of recent closed trades (see `tradeStatistics`). */
export interface TradeStatistics {
  /** Closed trades in the window. */
  readonly trades: number;
  /** Share of trades with a positive PnL, in [0, 1]. */
  readonly winRate: number;
  /** Mean win / mean |loss|; Infinity when no trade lost, 0 when none won. */
  readonly payoffRatio: number;
}

/**
 * What a sizer knows when asked for a quantity. Money in the quote (account) currency; prices and
 * distances in quote per base unit (linear instruments). Optional inputs a sizer needs but does not
 * get (an ATR still warming up) give quantity 0 with reason `MISSING_INPUT`, not an error.
 */
export interface SizingContext {
  /** Account (or sub-account) equity, quote currency. ≤ 0 gives quantity 0 (`NO_EQUITY`). */
  readonly equity: number;
  /** Expected entry price, > 0. */
  readonly price: number;
  readonly instrument: SizingInstrument;
  /** Distance from entry to the protective stop, price units, > 0. */
  readonly stopDistance?: number;
  /** Average true range, price units (the `Atr` indicator's value). */
  readonly atr?: number;
  /** Annualised volatility of the instrument's returns, as a fraction (0.6 = 60%); see `annualisedVolatility`. */
  readonly volatility?: number;
  readonly tradeStatistics?: TradeStatistics;
  /** Correlation of the instrument's returns with the held portfolio's, in [−1, 1] (see `correlationWithHoldings`). */
  readonly correlationWithHoldings?: number;
}

/** Why a sizer returned 0. */
export const SizingReason = {
  BelowMinQuantity: 'BELOW_MIN_QUANTITY',
  BelowMinNotional: 'BELOW_MIN_NOTIONAL',
  NoEquity: 'NO_EQUITY',
  MissingInput: 'MISSING_INPUT',
  NoEdge: 'NO_EDGE',
  TooFewTrades: 'TOO_FEW_TRADES',
  CorrelationCap: 'CORRELATION_CAP',
} as const;
export type SizingReason = (typeof SizingReason)[keyof typeof SizingReason];

/** One line of a sizing breakdown: a named intermediate number, for the audit log. */
export interface SizingStep {
  readonly label: string;
  readonly value: number;
}

/** A sizer's answer: the target absolute position quantity and how it was reached. */
export interface SizingDecision {
  /** The sizer's name. */
  readonly sizer: string;
  /** Base units, ≥ 0, a multiple of the size increment, never above a cap. */
  readonly quantity: number;
  /** quantity × price, quote currency. */
  readonly notional: number;
  /** Present exactly when `quantity` is 0. */
  readonly reason?: SizingReason;
  /** True when a cap (max position, max quantity, max notional) lowered the quantity. */
  readonly capped: boolean;
  /** The steps, in order, from the inputs to `quantity`. */
  readonly steps: readonly SizingStep[];
}

/**
 * A pluggable position sizer. `size` returns the target absolute position in the instrument (the
 * caller orders the difference from what is held); it is pure: same context, same decision.
 */
export interface PositionSizer {
  readonly name: string;
  size(context: SizingContext): SizingDecision;
}

/** Caps every sizer applies after its own rule, before snapping. */
export interface PositionCaps {
  /** Largest position notional as a share of equity, in (0, 1]; default 0.1. */
  readonly maxPositionFraction?: number;
  /** Largest quantity, base units. */
  readonly maxQuantity?: number;
  /** Largest notional, quote currency. */
  readonly maxNotional?: number;
}

interface ResolvedCaps {
  readonly maxPositionFraction: number;
  readonly maxQuantity: number;
  readonly maxNotional: number;
}

/** Validates the caps of a sizer's options (RangeError naming the option); fills the defaults. */
export function resolveCaps(sizer: string, caps: PositionCaps): ResolvedCaps {
  return {
    maxPositionFraction: requireFraction(
      sizer,
      'maxPositionFraction',
      caps.maxPositionFraction ?? DEFAULT_MAX_POSITION_FRACTION,
    ),
    maxQuantity:
      caps.maxQuantity === undefined
        ? Number.POSITIVE_INFINITY
        : requirePositive(sizer, 'maxQuantity', caps.maxQuantity),
    maxNotional:
      caps.maxNotional === undefined
        ? Number.POSITIVE_INFINITY
        : requirePositive(sizer, 'maxNotional', caps.maxNotional),
  };
}

/** Throws a RangeError for a context no caller should build (bad price, NaN equity, bad increment). */
export function checkContext(sizer: string, context: SizingContext): void {
  const { price, equity, instrument } = context;
  if (!(price > 0 && Number.isFinite(price)))
    throw new RangeError(`${sizer}: context.price must be a finite number > 0, got ${price}`);
  if (Number.isNaN(equity) || !Number.isFinite(equity))
    throw new RangeError(`${sizer}: context.equity must be a finite number, got ${equity}`);
  if (!(instrument.sizeIncrement > 0))
    throw new RangeError(`${sizer}: instrument.sizeIncrement must be > 0, got ${instrument.sizeIncrement}`);
}

/** A zero decision with its reason. */
export function zeroSizing(sizer: string, reason: SizingReason, steps: readonly SizingStep[]): SizingDecision {
  return { sizer, quantity: 0, notional: 0, reason, capped: false, steps };
}

export interface FinishSizingInput {
  readonly sizer: string;
  readonly context: SizingContext;
  readonly caps: ResolvedCaps;
  /** The sizer's unrounded quantity, ≥ 0 (may be +Infinity: the caps bound it). */
  readonly rawQuantity: number;
  /** The sizer's own steps, ending before the raw quantity. */
  readonly steps: readonly SizingStep[];
}

/**
 * The common end of every sizer: cap, snap down to the size increment, apply the minimums.
 *
 * The cap quantity is min(maxPositionFraction × equity / price, maxQuantity, maxNotional / price).
 * Snapping is toward zero (`floorToIncrement`), so the result never exceeds the capped quantity by
 * more than the 1e-9-increment tolerance that absorbs binary rounding (1.666 computed as
 * 1.66599999… stays 1.666). Below the minimum quantity or notional the answer is 0, never rounded up.
 */
export function finishSizing(input: FinishSizingInput): SizingDecision {
  const { sizer, context, caps, rawQuantity } = input;
  const { price, equity, instrument } = context;
  if (Number.isNaN(rawQuantity) || rawQuantity < 0)
    throw new RangeError(`${sizer}: raw quantity must be ≥ 0, got ${rawQuantity} (a sizer bug)`);
  const steps = [...input.steps, { label: 'raw quantity', value: rawQuantity }];
  const capQuantity = Math.min((caps.maxPositionFraction * equity) / price, caps.maxQuantity, caps.maxNotional / price);
  const capped = rawQuantity > capQuantity;
  const quantity = capped ? capQuantity : rawQuantity;
  if (capped) steps.push({ label: 'capped quantity', value: capQuantity });
  const snapped = snapDown(quantity, instrument);
  steps.push({ label: `snapped down to increment ${instrument.sizeIncrement}`, value: snapped });
  if (snapped <= 0 || snapped < instrument.minQuantity) {
    steps.push({ label: 'minimum quantity', value: instrument.minQuantity });
    return { ...zeroSizing(sizer, SizingReason.BelowMinQuantity, steps), capped };
  }
  const notional = snapped * price;
  if (fallsShortOf(notional, instrument.minNotional)) {
    steps.push({ label: 'notional', value: notional }, { label: 'minimum notional', value: instrument.minNotional });
    return { ...zeroSizing(sizer, SizingReason.BelowMinNotional, steps), capped };
  }
  steps.push({ label: 'notional', value: notional });
  return { sizer, quantity: snapped, notional, capped, steps };
}

/**
 * `floorToIncrement`, then one increment lower while the result still lies above `quantity` (beyond
 * the 1e-9-increment tolerance): with about 16 significant digits (1.9e7 units on a 1e-8 grid) the
 * decimal rounding back to the grid can land one step above the cap.
 */
function snapDown(quantity: number, instrument: SizingInstrument): number {
  const { sizeIncrement, sizePrecision } = instrument;
  let snapped = floorToIncrement(quantity, sizeIncrement, sizePrecision);
  const limit = quantity + 1e-9 * sizeIncrement;
  for (let step = 1; snapped > limit && step <= 3; step++)
    snapped = floorToIncrement(quantity - step * sizeIncrement, sizeIncrement, sizePrecision);
  return snapped > limit ? 0 : snapped;
}

/** Equity ≤ 0: nothing to size with. Returns the zero decision, or undefined to go on. */
export function noEquity(sizer: string, context: SizingContext): SizingDecision | undefined {
  if (context.equity > 0) return undefined;
  return zeroSizing(sizer, SizingReason.NoEquity, [{ label: 'equity', value: context.equity }]);
}

/**
 * A decision as one line for a log or a denial detail: `REASON: label=value; …` (the reason only
 * when the quantity is 0), values to 10 significant digits. Built on demand: sizing itself formats
 * no strings.
 */
export function describeSizing(decision: SizingDecision): string {
  const text = decision.steps.map((s) => `${s.label}=${formatNumber(s.value)}`).join('; ');
  return decision.reason === undefined ? text : `${decision.reason}: ${text}`;
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : String(value);
}
