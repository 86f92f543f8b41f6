import { z } from 'zod';
import { Roc } from '../../core/indicators/roc.ts';
import { Sma } from '../../core/indicators/sma.ts';
import type { Bar } from '../../core/model/data.ts';
import type { OrderEvent } from '../../core/model/events.ts';
import { isClosed } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { marketEntry } from '../shared/market-entry.ts';

export const momentumParameters = z
  .object({
    window: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('bars in the move: the close against the close this many bars earlier'),
    move_threshold: z
      .number()
      .positive()
      .default(0.004)
      .describe('minimum move over the window, as a fraction (0.004 = 0.4%), up for a long, down for a short'),
    volume_multiple: z
      .number()
      .positive()
      .default(2)
      .describe('the volume over the window must exceed this multiple of its rolling average'),
    volume_period: z
      .number()
      .int()
      .min(1)
      .default(60)
      .describe('window volumes (of the previous bars) in the rolling average'),
    hold_bars: z
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('bar closes a trade is held, counted from its entry fill bar'),
    exit_threshold: z
      .number()
      .positive()
      .default(0.003)
      .describe('close the trade earlier when price reverses this fraction from its best close since the entry'),
    quantity: z.number().positive().default(0.2).describe('order size in base units (shares, coins, contracts)'),
    mode: z.enum(['long_only', 'long_short']).default('long_only').describe('long_short also trades sharp moves down'),
    instrument: z.string().optional().describe('instrument id to trade; default: the first one loaded'),
  })
  .strict();

export type MomentumParameters = z.infer<typeof momentumParameters>;

/**
 * Real-time momentum: trade a sharp move on heavy volume, briefly.
 *
 * At each bar's close: move = close / close `window` bars earlier − 1 (`Roc`); window volume = the
 * volume of the last `window` bars; its average = the mean window volume of the previous
 * `volume_period` bars (the current window is not in its own average). While flat with nothing
 * working, a move ≥ `move_threshold` with window volume > `volume_multiple` × average buys
 * `quantity` at market; in long_short mode a move ≤ −`move_threshold` on such volume sells short.
 *
 * Exit by reduce-only market order at the first close where either the price has reversed
 * `exit_threshold` from its best since the entry (the entry fill price or a later close: a long
 * when close ≤ best × (1 − exit_threshold), a short when close ≥ best × (1 + exit_threshold);
 * tagged `reversal`), or the trade has been held `hold_bars` closes (the entry fill bar's close is
 * the first; tagged `hold_done`). The position read is the account's net position in the
 * instrument. Deterministic.
 */
export class MomentumStrategy implements Strategy {
  static readonly parameters = momentumParameters;
  static readonly description: string =
    'Real-time momentum: a move over a short window on heavy volume, held a few bars or until it reverses';
  private readonly move: Roc;
  private readonly windowVolume: Sma;
  private readonly volumeAverage: Sma;
  private instrumentId = '';
  private direction: 1 | -1 = 1;
  /** The order in flight (entry or exit), if any. */
  private pendingId: string | undefined;
  private inTrade = false;
  private barsHeld = 0;
  private best = Number.NaN;

  constructor(private readonly params: MomentumParameters) {
    this.move = new Roc({ period: params.window });
    this.windowVolume = new Sma({ period: params.window });
    this.volumeAverage = new Sma({ period: params.volume_period });
  }

  onStart(context: StrategyContext): void {
    const instrument = this.params.instrument ?? context.cache.instruments()[0]?.id;
    if (instrument === undefined) throw new Error('momentum: no instrument loaded');
    this.instrumentId = context.cache.instrument(instrument).id;
    context.subscribeBars(this.instrumentId);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    const move = this.move.update(bar.close) / 100;
    const windowVolume = this.windowVolume.update(bar.volume) * this.params.window;
    const average = this.volumeAverage.value;
    if (this.windowVolume.isReady) this.volumeAverage.update(windowVolume);
    if (this.pendingId !== undefined) return;
    if (this.inTrade) {
      this.manage(bar.close, context);
      return;
    }
    if (!this.move.isReady || Number.isNaN(average)) return;
    if (!(windowVolume > this.params.volume_multiple * average)) return;
    if (move >= this.params.move_threshold) this.enter(1, context);
    else if (this.params.mode === 'long_short' && move <= -this.params.move_threshold) this.enter(-1, context);
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    if (event.clientOrderId !== this.pendingId) return;
    const order = context.cache.order(event.clientOrderId)!;
    if (!isClosed(order)) return;
    this.pendingId = undefined;
    const position = context.portfolio.positionQuantity(this.instrumentId);
    if (!this.inTrade && position !== 0) {
      this.inTrade = true;
      this.barsHeld = 0;
      this.best = order.averageFillPrice;
    } else if (this.inTrade && position === 0) {
      this.inTrade = false;
    }
  }

  /** One close of an open trade: track the best close, exit on a reversal or when held long enough. */
  private manage(close: number, context: StrategyContext): void {
    const d = this.direction;
    this.barsHeld++;
    if (d * (close - this.best) > 0) this.best = close;
    const reversed =
      d > 0
        ? close <= this.best * (1 - this.params.exit_threshold)
        : close >= this.best * (1 + this.params.exit_threshold);
    if (reversed) this.exit('reversal', context);
    else if (this.barsHeld >= this.params.hold_bars) this.exit('hold_done', context);
  }

  private enter(direction: 1 | -1, context: StrategyContext): void {
    const order = marketEntry(context, this.instrumentId, direction, this.params.quantity, {
      long: 'momentum_up',
      short: 'momentum_down',
    });
    if (order === undefined) return;
    this.direction = direction;
    this.pendingId = order.clientOrderId;
    context.submitOrder(order);
  }

  private exit(reason: 'reversal' | 'hold_done', context: StrategyContext): void {
    const position = context.portfolio.positionQuantity(this.instrumentId);
    if (position === 0) {
      this.inTrade = false;
      return;
    }
    const order = context.orders.market({
      instrumentId: this.instrumentId,
      side: position > 0 ? 'sell' : 'buy',
      quantity: Math.abs(position),
      reduceOnly: true,
      tags: [reason],
    });
    this.pendingId = order.clientOrderId;
    context.submitOrder(order);
  }
}
