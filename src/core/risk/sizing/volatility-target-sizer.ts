import { RealizedVolatility } from '../../indicators/realized-volatility.ts';
import { requireCount, requirePositive } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
  SizingReason,
  type SizingStep,
  zeroSizing,
} from './position-sizer.ts';

export interface VolatilityTargetSizerOptions extends PositionCaps {
  /** Target annualised volatility of the position's value as a share of equity (0.1 = 10%), > 0. */
  readonly targetVolatility: number;
}

/**
 * Volatility targeting: notional = targetVolatility / instrument volatility × equity, so the position
 * contributes about `targetVolatility` of annualised equity volatility. Reads `context.volatility`
 * (annualised, see `annualisedVolatility`); missing or not positive gives 0 with `MISSING_INPUT`.
 * Calm markets ask for large positions: the max-position cap (default 10% of equity) bounds them.
 */
export function volatilityTargetSizer(options: VolatilityTargetSizerOptions): PositionSizer {
  const name = 'volatility_target';
  const target = requirePositive(name, 'targetVolatility', options.targetVolatility);
  const caps = resolveCaps(name, options);
  return {
    name,
    size(context) {
      checkContext(name, context);
      const broke = noEquity(name, context);
      if (broke !== undefined) return broke;
      const volatility = context.volatility;
      const steps: SizingStep[] = [
        { label: 'equity', value: context.equity },
        { label: 'target volatility', value: target },
        { label: 'instrument volatility', value: volatility ?? Number.NaN },
      ];
      if (volatility === undefined || !(volatility > 0) || !Number.isFinite(volatility))
        return zeroSizing(name, SizingReason.MissingInput, steps);
      const notional = (target / volatility) * context.equity;
      steps.push({ label: 'target notional', value: notional }, { label: 'price', value: context.price });
      return finishSizing({ sizer: name, context, caps, rawQuantity: notional / context.price, steps });
    },
  };
}

export interface AnnualisedVolatilityOptions {
  /** Log returns in the window, ≥ 2 (needs period + 1 closes). */
  readonly period: number;
  /** Bars per year: 525,600 for 1-minute crypto bars, 252 for daily stock bars. */
  readonly periodsPerYear: number;
}

/**
 * Annualised close-to-close volatility of the last `period` log returns of `closes`: the
 * `RealizedVolatility` indicator (sample standard deviation × √periodsPerYear). NaN when fewer than
 * period + 1 closes are given.
 */
export function annualisedVolatility(closes: ArrayLike<number>, options: AnnualisedVolatilityOptions): number {
  const period = requireCount('annualisedVolatility', 'period', options.period, 2);
  requirePositive('annualisedVolatility', 'periodsPerYear', options.periodsPerYear);
  if (closes.length < period + 1) return Number.NaN;
  const indicator = new RealizedVolatility({ period, periodsPerYear: options.periodsPerYear });
  const bar = { timestamp: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = closes.length - period - 1; i < closes.length; i++) {
    bar.close = closes[i]!;
    indicator.update(bar);
  }
  return indicator.value;
}
