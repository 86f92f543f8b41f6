import { z } from 'zod';
import { BollingerBands } from '../../core/indicators/bollinger-bands.ts';
import { ZScore } from '../../core/indicators/z-score.ts';
import type { Bar } from '../../core/model/data.ts';
import type { OrderEvent } from '../../core/model/events.ts';
import { isClosed, isOpen } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { marketEntry } from '../shared/market-entry.ts';

export const meanReversionParameters = z
  .object({
    indicator: z
      .enum(['bollinger', 'zscore'])
      .default('bollinger')
      .describe(
        'bollinger: the close against SMA ± entry_z σ bands; zscore: the ZScore indicator, the same score clamped to ±√(period − 1)',
      ),
    period: z.number().int().min(2).default(20).describe('bars in the mean and the standard deviation σ (population)'),
    entry_z: z
      .number()
      .positive()
      .default(2)
      .describe('long when the close crosses below mean − entry_z σ (the lower band); short mirrored above'),
    exit_z: z
      .number()
      .default(0)
      .describe('close the trade when the close is back within exit_z σ of the mean on its side (0 = the middle band)'),
    stop_sigma: z
      .number()
      .positive()
      .optional()
      .describe('optional reduce-only stop this many σ (of the signal bar) beyond the entry fill'),
    quantity: z.number().positive().default(0.2).describe('order size in base units (shares, coins, contracts)'),
    mode: z.enum(['long_only', 'long_short']).default('long_only').describe('long_short also fades the upper band'),
    instrument: z.string().optional().describe('instrument id to trade; default: the first one loaded'),
  })
  .strict()
  .refine((p) => p.exit_z < p.entry_z, { message: 'exit_z must be smaller than entry_z', path: ['exit_z'] });

export type MeanReversionParameters = z.infer<typeof meanReversionParameters>;

/**
 * Mean reversion against Bollinger bands or a z-score. Each bar's score is z = (close − mean) / σ
 * over the last `period` closes (population σ): from `BollingerBands` (`indicator: bollinger`;
 * z ≤ −entry_z is the close at or under the lower band of width entry_z) or from `ZScore`
 * (`indicator: zscore`, clamped in nearly flat windows); σ for the stop comes from the bands.
 *
 * Entry, at a bar's close while flat with nothing working: long (market) when z crosses down
 * through −entry_z (previous score above it); in long_short mode short when z crosses up through
 * +entry_z. A crossing, not a level, so a trade stopped out far beyond the band is not re-entered
 * until the score has come back inside. With `stop_sigma`, a reduce-only stop-market rests at the
 * entry fill ∓ stop_sigma × σ of the signal bar.
 *
 * Exit, at a bar's close: a long when z ≥ −exit_z, a short when z ≤ exit_z (exit_z 0: the middle
 * band), by a reduce-only market order; the stop is canceled. The position read is the account's
 * net position in the instrument. Deterministic.
 */
export class MeanReversionStrategy implements Strategy {
  static readonly parameters = meanReversionParameters;
  static readonly description: string =
    'Mean reversion: fade Bollinger band / z-score extremes, exit at the middle or a z-score, optional stop in σ';
  /** Multiplier 1: upper − middle is σ. */
  private readonly bands: BollingerBands;
  private readonly zScore: ZScore | undefined;
  private previousZ = Number.NaN;
  private instrumentId = '';
  private direction: 1 | -1 = 1;
  private signalSigma = Number.NaN;
  /** Orders of the current trade still to settle: entry, stop, exit. */
  private readonly working = new Set<string>();
  private entryId: string | undefined;
  private stopId: string | undefined;
  private exitId: string | undefined;
  private stopCanceled = false;

  constructor(private readonly params: MeanReversionParameters) {
    this.bands = new BollingerBands({ period: params.period, multiplier: 1 });
    this.zScore = params.indicator === 'zscore' ? new ZScore({ period: params.period }) : undefined;
  }

  onStart(context: StrategyContext): void {
    const instrument = this.params.instrument ?? context.cache.instruments()[0]?.id;
    if (instrument === undefined) throw new Error('mean_reversion: no instrument loaded');
    this.instrumentId = context.cache.instrument(instrument).id;
    context.subscribeBars(this.instrumentId);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    this.bands.update(bar.close);
    if (this.zScore !== undefined) this.zScore.update(bar.close);
    if (!this.bands.isReady) return;
    const sigma = this.bands.upper - this.bands.middle;
    const z = this.zScore?.value ?? (sigma > 0 ? (bar.close - this.bands.middle) / sigma : 0);
    const previous = this.previousZ;
    this.previousZ = z;
    const position = context.portfolio.positionQuantity(this.instrumentId);
    if (position !== 0) {
      const back = position > 0 ? z >= -this.params.exit_z : z <= this.params.exit_z;
      if (back && this.exitId === undefined && this.entryId === undefined) this.exit(position, context);
      return;
    }
    if (this.working.size > 0 || Number.isNaN(previous)) return;
    const entry = this.params.entry_z;
    if (previous > -entry && z <= -entry) this.enter(1, sigma, context);
    else if (this.params.mode === 'long_short' && previous < entry && z >= entry) this.enter(-1, sigma, context);
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    const id = event.clientOrderId;
    if (!this.working.has(id)) return;
    const order = context.cache.order(id)!;
    if (!isClosed(order)) return;
    this.working.delete(id);
    if (id === this.entryId) {
      this.entryId = undefined;
      if (order.filledQuantity > 0 && this.params.stop_sigma !== undefined)
        this.placeStop(order.averageFillPrice, context);
    } else if (id === this.stopId) {
      this.stopId = undefined;
    } else if (id === this.exitId) {
      this.exitId = undefined;
    }
    if (context.portfolio.positionQuantity(this.instrumentId) === 0) this.cancelStop(context);
  }

  /** Cancels the working stop once (flat, or exiting at the mean). */
  private cancelStop(context: StrategyContext): void {
    if (this.stopId === undefined || this.stopCanceled) return;
    const stop = context.cache.order(this.stopId);
    if (stop === undefined || !isOpen(stop)) return;
    this.stopCanceled = true;
    context.cancelOrder(this.stopId);
  }

  private enter(direction: 1 | -1, sigma: number, context: StrategyContext): void {
    const order = marketEntry(context, this.instrumentId, direction, this.params.quantity, {
      long: 'below_band',
      short: 'above_band',
    });
    if (order === undefined) return;
    this.direction = direction;
    this.signalSigma = sigma;
    this.entryId = order.clientOrderId;
    this.working.add(order.clientOrderId);
    context.submitOrder(order);
  }

  private placeStop(fillPrice: number, context: StrategyContext): void {
    const position = context.portfolio.positionQuantity(this.instrumentId);
    if (position === 0) return;
    const stop = context.orders.stopMarket({
      instrumentId: this.instrumentId,
      side: this.direction > 0 ? 'sell' : 'buy',
      quantity: Math.abs(position),
      triggerPrice: context.orders.roundPrice(
        this.instrumentId,
        fillPrice - this.direction * this.params.stop_sigma! * this.signalSigma,
      ),
      reduceOnly: true,
      tags: ['stop_loss'],
    });
    this.stopId = stop.clientOrderId;
    this.stopCanceled = false;
    this.working.add(stop.clientOrderId);
    context.submitOrder(stop);
  }

  private exit(position: number, context: StrategyContext): void {
    this.cancelStop(context);
    const order = context.orders.market({
      instrumentId: this.instrumentId,
      side: position > 0 ? 'sell' : 'buy',
      quantity: Math.abs(position),
      reduceOnly: true,
      tags: ['back_to_mean'],
    });
    this.exitId = order.clientOrderId;
    this.working.add(order.clientOrderId);
    context.submitOrder(order);
  }
}
