import { roundTo } from '../model/decimal.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderSide } from '../model/order.ts';

/**
 * Slippage for liquidity-taking fills: half the bid-ask spread plus a market impact that grows
 * with the square root of participation (the square-root law):
 *
 *   slippage fraction = halfSpreadBps / 1e4 + impactBps / 1e4 × sqrt(quantity / bar volume)
 *
 * `impactBps` is the impact of trading a whole bar's volume. Both zero means fills at the
 * reference price. Participation is 0 when the volume is unknown (zero).
 */
export interface SlippageModel {
  readonly halfSpreadBps: number;
  readonly impactBps: number;
}

export const NO_SLIPPAGE: SlippageModel = Object.freeze({ halfSpreadBps: 0, impactBps: 0 });

/** Slippage as a fraction of price. */
export function slippageFraction(model: SlippageModel, quantity: number, volume: number): number {
  const participation = volume > 0 ? Math.min(1, quantity / volume) : 0;
  return (model.halfSpreadBps + model.impactBps * Math.sqrt(participation)) / 10_000;
}

/**
 * The price a liquidity-taking fill pays: `reference` moved adversely by the slippage, never past
 * `limit` (a limit order's price), rounded adversely to the price increment.
 */
export function takerFillPrice(
  model: SlippageModel,
  instrument: Instrument,
  side: OrderSide,
  reference: number,
  limit: number | undefined,
  quantity: number,
  volume: number,
): number {
  const slip = slippageFraction(model, quantity, volume);
  const buy = side === 'buy';
  let price = buy ? reference * (1 + slip) : reference * (1 - slip);
  if (limit !== undefined) price = buy ? Math.min(price, limit) : Math.max(price, limit);
  const ticks = price / instrument.priceIncrement;
  const rounded = buy ? Math.ceil(ticks - 1e-9) : Math.floor(ticks + 1e-9);
  return roundTo(rounded * instrument.priceIncrement, instrument.pricePrecision);
}
