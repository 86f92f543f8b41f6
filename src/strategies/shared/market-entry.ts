import type { InstrumentId } from '../../core/model/ids.ts';
import type { OrderRequest } from '../../core/model/order.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';

/**
 * A market entry of `quantity` (times the strategy's allocation scale when it trades under a
 * capital allocator, see `StrategyContext.allocation`; rounded down to the lot) in `direction`
 * (+1 buy, −1 sell), tagged with its side's tag; undefined when the quantity rounds to nothing.
 * Not submitted: the caller records its id first, since a denial arrives during `submitOrder`.
 */
export function marketEntry(
  context: StrategyContext,
  instrumentId: InstrumentId | string,
  direction: 1 | -1,
  quantity: number,
  tags: { readonly long: string; readonly short: string },
): OrderRequest | undefined {
  const allocation = context.allocation?.();
  const scaled = allocation === undefined ? quantity : quantity * allocation.scale;
  const rounded = context.orders.roundQuantity(instrumentId, scaled);
  if (rounded <= 0) return undefined;
  return context.orders.market({
    instrumentId,
    side: direction > 0 ? 'buy' : 'sell',
    quantity: rounded,
    tags: [direction > 0 ? tags.long : tags.short],
  });
}
