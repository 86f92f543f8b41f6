import { requireNonNegative } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  resolveCaps,
  type SizingDecision,
  type SizingInstrument,
} from './position-sizer.ts';

/**
 * Inverse-volatility weights: w_i = (1 / σ_i) / Σ_j (1 / σ_j). They are positive and sum to 1, and
 * each leg's volatility contribution w_i σ_i is the same (naive risk parity: correlations ignored).
 * Every σ_i must be finite and > 0 (RangeError naming the index); an empty list gives no weights.
 */
export function riskParityWeights(volatilities: ArrayLike<number>): Float64Array {
  const weights = new Float64Array(volatilities.length);
  let sum = 0;
  for (let i = 0; i < volatilities.length; i++) {
    const sigma = volatilities[i]!;
    if (!(sigma > 0 && Number.isFinite(sigma)))
      throw new RangeError(`riskParityWeights: volatility ${i} must be a finite number > 0, got ${sigma}`);
    weights[i] = 1 / sigma;
    sum += weights[i]!;
  }
  for (let i = 0; i < weights.length; i++) weights[i]! /= sum;
  return weights;
}

/** One instrument of a risk-parity basket. */
export interface RiskParityLeg {
  readonly instrument: SizingInstrument;
  /** Expected entry price, > 0. */
  readonly price: number;
  /** Volatility of the instrument's returns, any one unit for all legs (annualised, per bar), > 0. */
  readonly volatility: number;
}

export interface RiskParityInput {
  /** Account equity, quote currency (the caps are shares of it). */
  readonly equity: number;
  /** Capital to spread over the basket, quote currency, ≥ 0. */
  readonly budget: number;
  readonly legs: readonly RiskParityLeg[];
}

export interface RiskParityAllocation {
  /** Inverse-volatility weights, one per leg, summing to 1. */
  readonly weights: Float64Array;
  /** One decision per leg: budget × weight / price, capped and snapped like every sizer. */
  readonly decisions: readonly SizingDecision[];
}

/**
 * Risk parity across instruments: each leg gets budget × w_i of notional (w from `riskParityWeights`),
 * then the same caps, snapping and minimums as the single-instrument sizers. Snapping and caps make
 * the spent notional ≤ budget.
 */
export function riskParityAllocation(input: RiskParityInput, caps: PositionCaps = {}): RiskParityAllocation {
  const name = 'risk_parity';
  const budget = requireNonNegative(name, 'budget', input.budget);
  const resolved = resolveCaps(name, caps);
  const weights = riskParityWeights(input.legs.map((leg) => leg.volatility));
  const decisions = input.legs.map((leg, i) => {
    const context = { equity: input.equity, price: leg.price, instrument: leg.instrument };
    checkContext(name, context);
    const notional = budget * weights[i]!;
    return (
      noEquity(name, context) ??
      finishSizing({
        sizer: name,
        context,
        caps: resolved,
        rawQuantity: notional / leg.price,
        steps: [
          { label: 'budget', value: budget },
          { label: 'volatility', value: leg.volatility },
          { label: 'weight', value: weights[i]! },
          { label: 'notional', value: notional },
          { label: 'price', value: leg.price },
        ],
      })
    );
  });
  return { weights, decisions };
}
