import { requireFraction, requirePositive } from './option-checks.ts';
import {
  checkContext,
  DEFAULT_RISK_PER_TRADE,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
  SizingReason,
  type SizingStep,
  zeroSizing,
} from './position-sizer.ts';

export interface RiskPerTradeSizerOptions extends PositionCaps {
  /** Share of equity lost when the stop is hit, in (0, 1]; default 0.005 (0.5%). */
  readonly riskFraction?: number;
  /**
   * Stop distance as a multiple of the ATR, used when the context has no `stopDistance`. Without it
   * the sizer needs `context.stopDistance`.
   */
  readonly atrMultiple?: number;
}

/**
 * Risk per trade: quantity = equity × r / stop distance, so that a stop-out loses r of equity
 * (before fees and slippage). The stop distance is the context's, or `atrMultiple` × ATR. A missing
 * or non-positive distance gives 0 with `MISSING_INPUT`. Example: equity 100,000, r = 0.5%, stop
 * 2 × ATR 150 = 300 → 500 / 300 = 1.666… units, snapped down to the increment.
 */
export function riskPerTradeSizer(options: RiskPerTradeSizerOptions = {}): PositionSizer {
  const name = 'risk_per_trade';
  const riskFraction = requireFraction(name, 'riskFraction', options.riskFraction ?? DEFAULT_RISK_PER_TRADE);
  const atrMultiple =
    options.atrMultiple === undefined ? undefined : requirePositive(name, 'atrMultiple', options.atrMultiple);
  const caps = resolveCaps(name, options);
  return {
    name,
    size(context) {
      checkContext(name, context);
      const broke = noEquity(name, context);
      if (broke !== undefined) return broke;
      const steps: SizingStep[] = [
        { label: 'equity', value: context.equity },
        { label: 'risk fraction', value: riskFraction },
        { label: 'risk budget', value: context.equity * riskFraction },
      ];
      let distance = context.stopDistance;
      if (distance === undefined && atrMultiple !== undefined && context.atr !== undefined) {
        steps.push({ label: 'atr', value: context.atr }, { label: 'atr multiple', value: atrMultiple });
        distance = atrMultiple * context.atr;
      }
      if (distance === undefined || !(distance > 0) || !Number.isFinite(distance)) {
        steps.push({ label: 'stop distance', value: distance ?? Number.NaN });
        return zeroSizing(name, SizingReason.MissingInput, steps);
      }
      steps.push({ label: 'stop distance', value: distance });
      return finishSizing({
        sizer: name,
        context,
        caps,
        rawQuantity: (context.equity * riskFraction) / distance,
        steps,
      });
    },
  };
}
