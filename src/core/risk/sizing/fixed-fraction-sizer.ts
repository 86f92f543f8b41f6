import { requireFraction } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
} from './position-sizer.ts';

export interface FixedFractionSizerOptions extends PositionCaps {
  /** Position value as a share of equity, in (0, 1]. The max-position cap (default 0.1) still applies. */
  readonly fraction: number;
}

/** quantity = fraction × equity / price: positions grow and shrink with the account. */
export function fixedFractionSizer(options: FixedFractionSizerOptions): PositionSizer {
  const name = 'fixed_fraction';
  const fraction = requireFraction(name, 'fraction', options.fraction);
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
          rawQuantity: (fraction * context.equity) / context.price,
          steps: [
            { label: 'equity', value: context.equity },
            { label: 'fraction', value: fraction },
            { label: 'price', value: context.price },
          ],
        })
      );
    },
  };
}
