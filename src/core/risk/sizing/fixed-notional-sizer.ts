import { requirePositive } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
} from './position-sizer.ts';

export interface FixedNotionalSizerOptions extends PositionCaps {
  /** Target position value, quote currency, > 0. */
  readonly notional: number;
}

/** quantity = notional / price: the same amount of money in every position, within the caps. */
export function fixedNotionalSizer(options: FixedNotionalSizerOptions): PositionSizer {
  const name = 'fixed_notional';
  const notional = requirePositive(name, 'notional', options.notional);
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
          rawQuantity: notional / context.price,
          steps: [
            { label: 'notional', value: notional },
            { label: 'price', value: context.price },
          ],
        })
      );
    },
  };
}
