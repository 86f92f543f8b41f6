import { ceilToIncrement, floorToIncrement } from '../../core/model/decimal.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { OrderRequest, OrderSide } from '../../core/model/order.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';

/** Order tags: the first tag of every order the scalper sends. */
export const ScalperTag = {
  EntryLong: 'entry_long',
  EntryShort: 'entry_short',
  TakeProfit: 'take_profit',
  StopLoss: 'stop_loss',
  TimeStop: 'time_stop',
  ExitFallback: 'exit_fallback',
} as const;
export type ScalperTag = (typeof ScalperTag)[keyof typeof ScalperTag];

/**
 * The entry limit price `offsetBps` basis points away from `reference`, on the passive side: a
 * buy under it rounded down to the tick, a sell over it rounded up (never nearer than asked).
 */
export function entryPrice(instrument: Instrument, side: OrderSide, reference: number, offsetBps: number): number {
  const { priceIncrement, pricePrecision } = instrument;
  return side === 'buy'
    ? floorToIncrement(reference * (1 - offsetBps / 1e4), priceIncrement, pricePrecision)
    : ceilToIncrement(reference * (1 + offsetBps / 1e4), priceIncrement, pricePrecision);
}

/** An entry limit that expires after `timeoutBars` bars at the venue (not submitted). */
export function entryOrder(
  context: StrategyContext,
  options: { instrumentId: string; side: OrderSide; price: number; quantity: number; timeoutBars: number },
): OrderRequest {
  return context.orders.limit({
    instrumentId: options.instrumentId,
    side: options.side,
    quantity: options.quantity,
    price: options.price,
    expireAfterBars: options.timeoutBars,
    tags: [options.side === 'buy' ? ScalperTag.EntryLong : ScalperTag.EntryShort],
  });
}

/**
 * The two exits of a position of `quantity` opened in `direction` at `entryPrice`: a reduce-only
 * limit `targetBps` beyond the entry and a reduce-only stop-market `stopBps` against it, both
 * snapped to the nearest tick (not submitted).
 */
export function exitOrders(
  context: StrategyContext,
  options: {
    instrumentId: string;
    direction: 1 | -1;
    entryPrice: number;
    quantity: number;
    targetBps: number;
    stopBps: number;
  },
): { target: OrderRequest; stop: OrderRequest } {
  const { instrumentId, direction: d, entryPrice: entry, quantity } = options;
  const side = d > 0 ? 'sell' : 'buy';
  const target = context.orders.limit({
    instrumentId,
    side,
    quantity,
    price: context.orders.roundPrice(instrumentId, entry * (1 + (d * options.targetBps) / 1e4)),
    reduceOnly: true,
    tags: [ScalperTag.TakeProfit],
  });
  const stop = context.orders.stopMarket({
    instrumentId,
    side,
    quantity,
    triggerPrice: context.orders.roundPrice(instrumentId, entry * (1 - (d * options.stopBps) / 1e4)),
    reduceOnly: true,
    tags: [ScalperTag.StopLoss],
  });
  return { target, stop };
}

/** A reduce-only market order that closes a signed `position` (not submitted). */
export function closeOutOrder(context: StrategyContext, instrumentId: string, position: number, tag: ScalperTag) {
  return context.orders.market({
    instrumentId,
    side: position > 0 ? 'sell' : 'buy',
    quantity: Math.abs(position),
    reduceOnly: true,
    tags: [tag],
  });
}
