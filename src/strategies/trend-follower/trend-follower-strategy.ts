import { Atr } from '../../core/indicators/atr.ts';
import { Ema } from '../../core/indicators/ema.ts';
import { Rsi } from '../../core/indicators/rsi.ts';
import type { Bar } from '../../core/model/data.ts';
import type { OrderEvent } from '../../core/model/events.ts';
import { isClosed, isOpen, type Order } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { marketEntry } from '../shared/market-entry.ts';
import { type TrendFollowerParameters, trendFollowerParameters } from './trend-follower-parameters.ts';
import { type TrendFollowerSettings, tuneTrendFollower } from './trend-follower-tuner.ts';

/** Where the strategy is in its one trade at a time. */
const Phase = { Flat: 'flat', Entering: 'entering', InPosition: 'in_position' } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * Trend follower with ATR exits and an optional auto-tune.
 *
 * Entry, at a bar's close while flat, nothing working and the cooldown over: long (market) when
 * RSI(rsi_period) crosses up through `rsi_entry` (previous value below, current at or above) and
 * the close is above EMA(trend_period); in long_short mode short when RSI crosses down through
 * 100 − `rsi_entry` and the close is below the EMA. The ATR(atr_period) of that signal bar is kept.
 *
 * Exits: when the entry order is done, a reduce-only stop-market at fill price ∓ `stop_atr` × ATR
 * and a reduce-only limit at fill price ± `target_atr` × ATR (prices snapped to the tick). When one
 * fills the other is canceled (a partial fill cuts the other to the remaining position through
 * `modifyOrder`). If the stop is refused (a risk denial, a venue rejection) or canceled by someone
 * else while a position is open, a reduce-only market order closes it (tagged `exit_fallback`); a
 * refused target only logs `trend_follower_target_refused` (the stop still protects the trade). From the exit fill that leaves the position flat, the next
 * `cooldown_bars` bar closes take no entry (the exit bar's own close is the first: an intrabar fill
 * comes before its bar's close).
 *
 * Auto-tune (`auto_tune`): after every `tune_every` closed trades the win rate of the last
 * `tune_window` trades (a win: exit average price beyond the entry's in the trade's direction)
 * moves rsi_period, stop_atr, target_atr and cooldown_bars one step within their bounds (see
 * {@link tuneTrendFollower}), logged as `trend_follower_tuned` with the old and new values. New
 * multiples apply from the next entry; the cooldown from this exit already uses the new value.
 * An RSI is kept for every period within the bounds, so a new period is warm at once.
 *
 * The position read is the account's net position in the instrument: run one trend follower per
 * instrument and account. Deterministic: no clock reads beyond event times, no randomness.
 */
export class TrendFollowerStrategy implements Strategy {
  static readonly parameters = trendFollowerParameters;
  static readonly description: string =
    'Trend follower: RSI cross with an EMA trend filter, ATR stop and target, cooldown, optional auto-tune from the win rate';
  private readonly trend: Ema;
  private readonly atr: Atr;
  /** RSIs by period − `rsiLow`: one when auto-tune is off, one per period within the bounds when on. */
  private readonly rsis: Rsi[] = [];
  private readonly rsiLow: number;
  private settings: TrendFollowerSettings;
  private previousRsi = Number.NaN;
  private instrumentId = '';
  private phase: Phase = Phase.Flat;
  private cooldownLeft = 0;
  private entryId: string | undefined;
  private targetId: string | undefined;
  /** Working exit orders of the open trade (stop, target, fallback), by client order id. */
  private readonly exitIds = new Set<string>();
  /** Exit orders this strategy canceled itself: their cancel is expected. */
  private readonly canceling = new Set<string>();
  private direction: 1 | -1 = 1;
  private signalAtr = Number.NaN;
  private entryPrice = Number.NaN;
  private exitNotional = 0;
  private exitQuantity = 0;
  /** The open trade's outcome was booked (its position went flat). */
  private booked = true;
  private fallbackId: string | undefined;
  /** The fallback exit was refused: send it again at the next bar close. */
  private retryFlatten = false;
  /** Outcomes of the last `tune_window` trades, 1 for a win, as a ring. */
  private readonly outcomes: Uint8Array;
  private trades = 0;
  private tradesSinceTune = 0;

  constructor(private readonly params: TrendFollowerParameters) {
    this.trend = new Ema({ period: params.trend_period });
    this.atr = new Atr({ period: params.atr_period });
    const [low, high] = params.auto_tune ? params.rsi_period_bounds : [params.rsi_period, params.rsi_period];
    this.rsiLow = low;
    for (let period = low; period <= high; period++) this.rsis.push(new Rsi({ period }));
    this.settings = {
      rsiPeriod: params.rsi_period,
      stopAtr: params.stop_atr,
      targetAtr: params.target_atr,
      cooldownBars: params.cooldown_bars,
    };
    this.outcomes = new Uint8Array(params.tune_window);
  }

  /** The settings in force (they move only with auto_tune). */
  get currentSettings(): TrendFollowerSettings {
    return this.settings;
  }

  onStart(context: StrategyContext): void {
    const instrument = this.params.instrument ?? context.cache.instruments()[0]?.id;
    if (instrument === undefined) throw new Error('trend_follower: no instrument loaded');
    this.instrumentId = context.cache.instrument(instrument).id;
    context.subscribeBars(this.instrumentId);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    const trend = this.trend.update(bar.close);
    const atr = this.atr.update(bar);
    for (const rsi of this.rsis) rsi.update(bar.close);
    const rsi = this.rsis[this.settings.rsiPeriod - this.rsiLow]!;
    const previous = this.previousRsi;
    this.previousRsi = rsi.value;
    if (this.retryFlatten) {
      this.retryFlatten = false;
      const position = context.portfolio.positionQuantity(this.instrumentId);
      if (position !== 0) this.flatten(position, context);
      else if (this.exitIds.size === 0) this.phase = Phase.Flat; // closed meanwhile by someone else
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      return;
    }
    if (this.phase !== Phase.Flat || !rsi.isReady || !this.atr.isReady || !this.trend.isReady) return;
    if (Number.isNaN(previous)) return;
    const up = this.params.rsi_entry;
    const down = 100 - up;
    if (previous < up && rsi.value >= up && bar.close > trend) this.enter(1, atr, context);
    else if (this.params.mode === 'long_short' && previous > down && rsi.value <= down && bar.close < trend)
      this.enter(-1, atr, context);
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    const id = event.clientOrderId;
    if (id === this.entryId) {
      const order = context.cache.order(id)!;
      if (!isClosed(order)) return;
      this.entryId = undefined;
      if (order.filledQuantity > 0) this.placeExits(order, context);
      else this.phase = Phase.Flat;
      return;
    }
    if (!this.exitIds.has(id)) return;
    const position = context.portfolio.positionQuantity(this.instrumentId);
    if (event.type === 'OrderFilled') {
      this.exitNotional += event.lastQuantity * event.lastPrice;
      this.exitQuantity += event.lastQuantity;
      for (const other of this.exitIds) {
        if (other === id || this.canceling.has(other)) continue;
        const order = context.cache.order(other);
        if (order === undefined || !isOpen(order)) continue;
        if (position === 0) this.cancel(other, context);
        else if (order.quantity - order.filledQuantity > Math.abs(position))
          context.modifyOrder(other, { quantity: order.filledQuantity + Math.abs(position) });
      }
      if (position === 0 && !this.booked) this.closeTrade(context);
    }
    const order = context.cache.order(id)!;
    if (!isClosed(order)) return;
    this.exitIds.delete(id);
    const expected = this.canceling.delete(id) || order.status === 'filled';
    if (!expected && position !== 0) {
      // Without its target the trade is still protected by the stop; without its stop it is not.
      if (id === this.targetId) context.log.warn('trend_follower_target_refused', { order: id, reason: order.reason });
      // A refused fallback is retried at the next bar, not at once (a refusal can be synchronous).
      else if (id === this.fallbackId) this.retryFlatten = true;
      else this.flatten(position, context);
    }
    // Flat only once every exit order is done: a reduce-only order still working could cut the next trade.
    if (position === 0 && this.exitIds.size === 0) this.phase = Phase.Flat;
  }

  private enter(direction: 1 | -1, atr: number, context: StrategyContext): void {
    const order = marketEntry(context, this.instrumentId, direction, this.params.quantity, {
      long: 'rsi_cross_up',
      short: 'rsi_cross_down',
    });
    if (order === undefined) return;
    this.direction = direction;
    this.signalAtr = atr;
    this.phase = Phase.Entering;
    this.entryId = order.clientOrderId;
    context.submitOrder(order);
  }

  /** Stop and target around the entry's average fill price, each for the filled quantity. */
  private placeExits(entry: Order, context: StrategyContext): void {
    const id = this.instrumentId;
    const d = this.direction;
    const side = d > 0 ? 'sell' : 'buy';
    this.entryPrice = entry.averageFillPrice;
    this.exitNotional = 0;
    this.exitQuantity = 0;
    this.booked = false;
    this.phase = Phase.InPosition;
    const quantity = entry.filledQuantity;
    // The target first: a stop refused at once then flattens and cancels a target already known.
    const target = context.orders.limit({
      instrumentId: id,
      side,
      quantity,
      price: context.orders.roundPrice(id, this.entryPrice + d * this.settings.targetAtr * this.signalAtr),
      reduceOnly: true,
      tags: ['take_profit'],
    });
    this.targetId = target.clientOrderId;
    this.exitIds.add(target.clientOrderId);
    context.submitOrder(target);
    const stop = context.orders.stopMarket({
      instrumentId: id,
      side,
      quantity,
      triggerPrice: context.orders.roundPrice(id, this.entryPrice - d * this.settings.stopAtr * this.signalAtr),
      reduceOnly: true,
      tags: ['stop_loss'],
    });
    this.exitIds.add(stop.clientOrderId);
    context.submitOrder(stop);
  }

  private cancel(id: string, context: StrategyContext): void {
    this.canceling.add(id);
    context.cancelOrder(id);
  }

  /** Closes an unprotected position at market (an exit order was refused or canceled elsewhere). */
  private flatten(position: number, context: StrategyContext): void {
    for (const other of this.exitIds) if (!this.canceling.has(other)) this.cancel(other, context);
    const order = context.orders.market({
      instrumentId: this.instrumentId,
      side: position > 0 ? 'sell' : 'buy',
      quantity: Math.abs(position),
      reduceOnly: true,
      tags: ['exit_fallback'],
    });
    this.exitIds.add(order.clientOrderId);
    this.fallbackId = order.clientOrderId;
    context.submitOrder(order);
  }

  /** At the exit fill that leaves the position flat: books the outcome, tunes when due, starts the cooldown. */
  private closeTrade(context: StrategyContext): void {
    this.booked = true;
    if (this.exitQuantity > 0) {
      const exitPrice = this.exitNotional / this.exitQuantity;
      this.outcomes[this.trades % this.outcomes.length] = this.direction * (exitPrice - this.entryPrice) > 0 ? 1 : 0;
      this.trades++;
      this.tradesSinceTune++;
      if (this.params.auto_tune && this.tradesSinceTune >= this.params.tune_every) this.tune(context);
    }
    this.cooldownLeft = this.settings.cooldownBars;
  }

  private tune(context: StrategyContext): void {
    this.tradesSinceTune = 0;
    const counted = Math.min(this.trades, this.outcomes.length);
    let wins = 0;
    for (let k = 0; k < counted; k++) wins += this.outcomes[k]!;
    const winRate = wins / counted;
    const old = this.settings;
    const next = tuneTrendFollower(old, winRate, this.params);
    if (
      next.rsiPeriod === old.rsiPeriod &&
      next.stopAtr === old.stopAtr &&
      next.targetAtr === old.targetAtr &&
      next.cooldownBars === old.cooldownBars
    )
      return;
    this.settings = next;
    // The new RSI has seen every bar, so its value is the previous bar's reading: no false cross.
    this.previousRsi = this.rsis[next.rsiPeriod - this.rsiLow]!.value;
    context.log.info('trend_follower_tuned', {
      trades: this.trades,
      window_trades: counted,
      win_rate: winRate,
      target_win_rate: this.params.target_win_rate,
      old: settingsFields(old),
      new: settingsFields(next),
    });
  }
}

const settingsFields = (s: TrendFollowerSettings) => ({
  rsi_period: s.rsiPeriod,
  stop_atr: s.stopAtr,
  target_atr: s.targetAtr,
  cooldown_bars: s.cooldownBars,
});
