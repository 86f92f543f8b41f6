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
 * The crossover signal of two moving averages of the closes: `update` feeds one close and returns
 * +1 when fast − slow crosses above zero (> 0 after ≤ 0), −1 when it crosses below (< 0 after ≥ 0),
 * 0 otherwise. Nothing is a cross until both averages are ready and one difference is known.
 */
export class MaCrossSignal {
  private readonly fast: Ema | Sma;
  private readonly slow: Ema | Sma;
  private previousDiff = Number.NaN;

  constructor(average: 'ema' | 'sma', fastPeriod: number, slowPeriod: number) {
    const make = (period: number): Ema | Sma => (average === 'ema' ? new Ema({ period }) : new Sma({ period }));
    this.fast = make(fastPeriod);
    this.slow = make(slowPeriod);
  }

  update(close: number): 1 | -1 | 0 {
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    if (!this.slow.isReady || !this.fast.isReady) return 0;
    const diff = fast - slow;
    const previous = this.previousDiff;
    this.previousDiff = diff;
    if (diff > 0 && previous <= 0) return 1;
    if (diff < 0 && previous >= 0) return -1;
    return 0;
  }
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
  private readonly signal: MaCrossSignal;
  /** The order in flight, if any: no new signal is acted on until it is done. */
  private openOrderId: string | undefined;
  private instrumentId = '';

  constructor(private readonly params: MaCrossParameters) {
    this.signal = new MaCrossSignal(params.average, params.fast_period, params.slow_period);
  }

  onStart(context: StrategyContext): void {
    const instrument = this.params.instrument ?? context.cache.instruments()[0]?.id;
    if (instrument === undefined) throw new Error('ma_cross: no instrument loaded');
    this.instrumentId = context.cache.instrument(instrument).id;
    context.subscribeBars(this.instrumentId);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    // The averages move on every bar, also while an order is open.
    const cross = this.signal.update(bar.close);
    if (cross === 0 || this.openOrderId !== undefined) return;
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
