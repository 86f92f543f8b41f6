import { type CorrelationCapOptions, correlationCappedSizer } from './correlation-cap.ts';
import {
  type FixedFractionSizerOptions,
  type FixedNotionalSizerOptions,
  type FixedQuantitySizerOptions,
  fixedFractionSizer,
  fixedNotionalSizer,
  fixedQuantitySizer,
} from './fixed-sizers.ts';
import { type KellySizerOptions, kellySizer } from './kelly-sizer.ts';
import type { PositionSizer } from './position-sizer.ts';
import { type RiskPerTradeSizerOptions, riskPerTradeSizer } from './risk-per-trade-sizer.ts';
import { type VolatilityTargetSizerOptions, volatilityTargetSizer } from './volatility-target-sizer.ts';

/** The sizer kinds a config can name. */
export const PositionSizerKind = {
  FixedQuantity: 'fixed_quantity',
  FixedNotional: 'fixed_notional',
  FixedFraction: 'fixed_fraction',
  RiskPerTrade: 'risk_per_trade',
  VolatilityTarget: 'volatility_target',
  Kelly: 'kelly',
} as const;
export type PositionSizerKind = (typeof PositionSizerKind)[keyof typeof PositionSizerKind];

/** Optional correlation cap on top of any sizer. */
interface WithCorrelationCap {
  readonly correlationCap?: CorrelationCapOptions;
}

/** A sizer as a config file describes it: its kind and that sizer's options (the shape a zod schema parses into). */
export type PositionSizerConfig = WithCorrelationCap &
  (
    | ({ readonly kind: 'fixed_quantity' } & FixedQuantitySizerOptions)
    | ({ readonly kind: 'fixed_notional' } & FixedNotionalSizerOptions)
    | ({ readonly kind: 'fixed_fraction' } & FixedFractionSizerOptions)
    | ({ readonly kind: 'risk_per_trade' } & RiskPerTradeSizerOptions)
    | ({ readonly kind: 'volatility_target' } & VolatilityTargetSizerOptions)
    | ({ readonly kind: 'kelly' } & KellySizerOptions)
  );

/**
 * Builds the sizer a config names, validating its options (RangeError naming the option, or `kind`
 * when it is unknown); wraps it in the correlation cap when `correlationCap` is set.
 */
export function createPositionSizer(config: PositionSizerConfig): PositionSizer {
  const sizer = build(config);
  return config.correlationCap === undefined ? sizer : correlationCappedSizer(sizer, config.correlationCap);
}

function build(config: PositionSizerConfig): PositionSizer {
  switch (config.kind) {
    case 'fixed_quantity':
      return fixedQuantitySizer(config);
    case 'fixed_notional':
      return fixedNotionalSizer(config);
    case 'fixed_fraction':
      return fixedFractionSizer(config);
    case 'risk_per_trade':
      return riskPerTradeSizer(config);
    case 'volatility_target':
      return volatilityTargetSizer(config);
    case 'kelly':
      return kellySizer(config);
    default: {
      const kinds = Object.values(PositionSizerKind).join(', ');
      throw new RangeError(
        `createPositionSizer: kind must be one of ${kinds}, got ${String((config as { kind: unknown }).kind)}`,
      );
    }
  }
}
