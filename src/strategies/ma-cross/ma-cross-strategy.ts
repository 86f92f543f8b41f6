import { z } from 'zod';
import { Ema } from '../../core/indicators/ema.ts';
import { Sma } from '../../core/indicators/sma.ts';
import type { Bar } from '../../core/model/data.ts';
import type { OrderEvent } from '../../core/model/events.ts';
import { isClosed } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';

export const maCrossParameters = z
  .object({
    average: z.enum(['ema', 'sma']).default('ema').describe('moving average kind'),
    fast_period: z.number().int().min(1).default(10).describe('bars in the fast average'),
    slow_period: z.number().int().min(2).default(50).describe('bars in the slow average'),
    quantity: z.number().positive().default(1).describe('order size in base units (shares, coins, contracts)'),
    mode: z
      .enum(['long_only', 'long_short'])
      .default('long_only')
      .describe('long_short reverses into a short on a cross down'),
    instrument: z.string().optional().describe('instrument id to trade; default: the first one loaded'),
  })
  .strict()
  .refine((p) => p.fast_period < p.slow_period, {
    message: 'fast_period must be smaller than slow_period',
    path: ['fast_period'],
  });

export type MaCrossParameters = z.infer<typeof maCrossParameters>;

/**
 * +1 when the fast − slow difference crosses above zero (`diff` > 0 after a `previous` ≤ 0), −1 when
 * it crosses below (< 0 after ≥ 0), 0 otherwise; never a cross from NaN (no previous difference).
 */
export function crossDirection(diff: number, previous: number): 1 | -1 | 0 {
  if (diff > 0 && previous <= 0) return 1;
  if (diff < 0 && previous >= 0) return -1;
  return 0;
}

/**
 * Moving-average crossover. When the fast average crosses above the slow one the strategy goes
 * long `quantity`; when it crosses below it goes flat (long_only) or short `quantity`
 * (long_short). Orders are market orders, sized to reach the target position; no new order is
 * sent while one is still open. Signals start once both averages are ready.
 */
export class MaCrossStrategy implements Strategy {
  static readonly parameters = maCrossParameters;
  static readonly description: string =
    'Moving-average crossover (EMA or SMA), long-only or long/short, fixed quantity';
  private readonly fast: Ema | Sma;
  private readonly slow: Ema | Sma;
  private previousDiff = Number.NaN;
  /** The order in flight, if any: no new signal is acted on until it is done. */
  private openOrderId: string | undefined;
  private instrumentId = '';

  constructor(private readonly params: MaCrossParameters) {
    const make = (period: number): Ema | Sma => (params.average === 'ema' ? new Ema({ period }) : new Sma({ period }));
    this.fast = make(params.fast_period);
    this.slow = make(params.slow_period);
  }

  onStart(context: StrategyContext): void {
    const instrument = this.params.instrument ?? context.cache.instruments()[0]?.id;
    if (instrument === undefined) throw new Error('ma_cross: no instrument loaded');
    this.instrumentId = context.cache.instrument(instrument).id;
    context.subscribeBars(this.instrumentId);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    if (!this.slow.isReady || !this.fast.isReady) return;
    const diff = fast - slow;
    const previous = this.previousDiff;
    this.previousDiff = diff;
    if (this.openOrderId !== undefined) return;
    const cross = crossDirection(diff, previous);
    if (cross === 0) return;
    const target = cross > 0 ? this.params.quantity : this.params.mode === 'long_short' ? -this.params.quantity : 0;
    this.orderTowards(target, context);
  }

  /** Sends a market order for the difference between `target` and the current position. */
  private orderTowards(target: number, context: StrategyContext): void {
    const delta = target - context.portfolio.positionQuantity(this.instrumentId);
    const quantity = context.orders.roundQuantity(this.instrumentId, Math.abs(delta));
    if (quantity <= 0) return;
    const order = context.orders.market({
      instrumentId: this.instrumentId,
      side: delta > 0 ? 'buy' : 'sell',
      quantity,
      tags: [delta > 0 ? 'cross_up' : 'cross_down'],
    });
    this.openOrderId = order.clientOrderId;
    context.submitOrder(order);
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    if (event.clientOrderId !== this.openOrderId) return;
    const order = context.cache.order(event.clientOrderId);
    if (order !== undefined && isClosed(order)) this.openOrderId = undefined;
  }
}
