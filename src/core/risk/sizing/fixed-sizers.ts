import { requireFraction, requirePositive } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
  type SizingContext,
  type SizingStep,
} from './position-sizer.ts';

export interface FixedQuantitySizerOptions extends PositionCaps {
  /** Target position, base units, > 0 (snapped down to the increment). */
  readonly quantity: number;
}

export interface FixedNotionalSizerOptions extends PositionCaps {
  /** Target position value, quote currency, > 0. */
  readonly notional: number;
}

export interface FixedFractionSizerOptions extends PositionCaps {
  /** Position value as a share of equity, in (0, 1]. The max-position cap (default 0.1) still applies. */
  readonly fraction: number;
}

/** A sizer whose raw quantity is a formula of the context: the caps, snapping and minimums are shared. */
function formulaSizer(
  name: string,
  options: PositionCaps,
  formula: (context: SizingContext) => { readonly quantity: number; readonly steps: readonly SizingStep[] },
): PositionSizer {
  const caps = resolveCaps(name, options);
  return {
    name,
    size(context) {
      checkContext(name, context);
      const broke = noEquity(name, context);
      if (broke !== undefined) return broke;
      const { quantity, steps } = formula(context);
      return finishSizing({ sizer: name, context, caps, rawQuantity: quantity, steps });
    },
  };
}

/** The same quantity every time, within the caps. */
export function fixedQuantitySizer(options: FixedQuantitySizerOptions): PositionSizer {
  const quantity = requirePositive('fixed_quantity', 'quantity', options.quantity);
  return formulaSizer('fixed_quantity', options, () => ({ quantity, steps: [{ label: 'quantity', value: quantity }] }));
}

/** quantity = notional / price: the same amount of money in every position, within the caps. */
export function fixedNotionalSizer(options: FixedNotionalSizerOptions): PositionSizer {
  const notional = requirePositive('fixed_notional', 'notional', options.notional);
  return formulaSizer('fixed_notional', options, ({ price }) => ({
    quantity: notional / price,
    steps: [
      { label: 'notional', value: notional },
      { label: 'price', value: price },
    ],
  }));
}

/** quantity = fraction × equity / price: positions grow and shrink with the account. */
export function fixedFractionSizer(options: FixedFractionSizerOptions): PositionSizer {
  const fraction = requireFraction('fixed_fraction', 'fraction', options.fraction);
  return formulaSizer('fixed_fraction', options, ({ equity, price }) => ({
    quantity: (fraction * equity) / price,
    steps: [
      { label: 'equity', value: equity },
      { label: 'fraction', value: fraction },
      { label: 'price', value: price },
    ],
  }));
}
