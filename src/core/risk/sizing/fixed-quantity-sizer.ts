import { requirePositive } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
} from './position-sizer.ts';

export interface FixedQuantitySizerOptions extends PositionCaps {
  /** Target position, base units, > 0 (snapped down to the increment). */
  readonly quantity: number;
}

/** The same quantity every time, within the caps. */
export function fixedQuantitySizer(options: FixedQuantitySizerOptions): PositionSizer {
  const name = 'fixed_quantity';
  const quantity = requirePositive(name, 'quantity', options.quantity);
  const caps = resolveCaps(name, options);
  return {
    name,
    size(context) {
      checkContext(name, context);
      return (
        noEquity(name, context) ??
        finishSizing({
          sizer: name,
          context,
          caps,
          rawQuantity: quantity,
          steps: [{ label: 'quantity', value: quantity }],
        })
      );
    },
  };
}
