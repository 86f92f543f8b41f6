import type { Bar, QuoteTick } from '../../core/model/data.ts';
import type { OrderEvent } from '../../core/model/events.ts';
import { isClosed, isOpen, type Order, type OrderRequest, type OrderSide } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { ScalperBook, SpreadSource } from './scalper-book.ts';
import { closeOutOrder, entryOrder, entryPrice, exitOrders, ScalperTag } from './scalper-orders.ts';
import { type ScalperParameters, scalperParameters } from './scalper-parameters.ts';

/**
 * A passive scalper: small limit entries with a timeout, a take-profit and a stop one-cancels-other,
 * a time stop, a spread guard and a cooldown, run independently in each configured instrument.
 *
 * Entry: at a bar's close (or on a quote, `onQuote`) when the instrument is flat (the account's net
 * position), nothing of the scalper works in it, its cooldown is over and the spread guard allows,
 * a buy limit of `quantity` at close × (1 − entry_offset_bps / 1e4) (rounded down to the tick), and
 * in long_short mode a sell limit at close × (1 + entry_offset_bps / 1e4) (rounded up); on a quote
 * the buy is priced from the bid and the sell from the ask. Each expires after `timeout_bars` bars
 * at the venue (`expireAfterBars`: the simulated venue matches it against that many bars, then
 * drops it). The first entry fill cancels every other working entry (the sibling, the rest of a
 * partial fill).
 *
 * Exits, sent at that fill for the position: a reduce-only limit at the average entry price ×
 * (1 ± target_bps / 1e4) and a reduce-only stop-market at × (1 ∓ stop_bps / 1e4) (tagged
 * `take_profit`, `stop_loss`). The fill that flattens the position cancels the other (OCO by hand);
 * a partial exit cuts the other to the position (`modifyOrder`). After `max_hold_bars` closes (the
 * entry fill bar's close is the first) both are canceled and a reduce-only market order closes the
 * trade (`time_stop`). A refused or foreign-canceled stop or time stop closes the position at market
 * (`exit_fallback`, retried at the next close when itself refused); a refused target only logs.
 *
 * Spread guard: no new entry while the spread estimate exceeds `max_spread_bps`. With a quote at
 * most `quote_max_age_ms` old the estimate is the quoted (ask − bid) / mid; otherwise it is the
 * Abdi–Ranaldo close-high-low estimator over the last `spread_window` bar pairs
 * ({@link AbdiRanaldoSpread}); no entry before either exists.
 *
 * Cooldown: from the fill that flattens a trade, the next `cooldown_bars` closes of that instrument
 * (the exit bar's is the first) make no entry; with `cooldown_after_timeout`, likewise after a cycle
 * whose entries all expired untouched. Decisions are logged as `scalper_*` events. Deterministic.
 */
export class ScalperStrategy implements Strategy {
  static readonly parameters = scalperParameters;
  static readonly description: string =
    'Scalper: passive limit entries with a timeout, take-profit and stop (OCO), time stop, spread guard, per-instrument cooldowns';
  private readonly books = new Map<string, ScalperBook>();
  private readonly bookOfOrder = new Map<string, ScalperBook>();
  private readonly spreadOut: { source: SpreadSource } = { source: SpreadSource.Bars };

  constructor(private readonly params: ScalperParameters) {}

  onStart(context: StrategyContext): void {
    const ids = this.params.instruments ?? context.cache.instruments().map((i) => i.id);
    if (ids.length === 0) throw new Error('scalper: no instrument loaded');
    for (const id of ids) {
      const instrument = context.cache.instrument(id);
      if (this.books.has(instrument.id)) continue;
      this.books.set(instrument.id, new ScalperBook(instrument, this.params.spread_window));
      context.subscribeBars(instrument.id);
      context.subscribeQuotes(instrument.id);
    }
  }

  /** The state of one instrument (tests and reports read it). */
  book(instrumentId: string): ScalperBook | undefined {
    return this.books.get(instrumentId);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    const book = this.books.get(bar.instrumentId);
    if (book === undefined) return;
    book.barSpread.update(bar.high, bar.low, bar.close);
    if (book.inTrade) {
      this.holdOneBar(book, context);
      return;
    }
    if (book.cooldownLeft > 0) {
      book.cooldownLeft--;
      return;
    }
    if (!book.busy) this.tryEnter(book, bar.close, bar.close, context);
  }

  onQuote(quote: QuoteTick, context: StrategyContext): void {
    const book = this.books.get(quote.instrumentId);
    // A one-sided or crossed book tells nothing about the spread.
    if (book === undefined || !(quote.bid > 0 && quote.ask >= quote.bid)) return;
    book.quotedSpread = (quote.ask - quote.bid) / ((quote.ask + quote.bid) / 2);
    book.quoteTime = quote.timestamp;
    if (!book.inTrade && book.cooldownLeft === 0 && !book.busy) this.tryEnter(book, quote.bid, quote.ask, context);
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    const id = event.clientOrderId;
    const book = this.bookOfOrder.get(id);
    if (book === undefined) return;
    const order = context.cache.order(id)!;
    if (book.entries.has(id)) this.onEntryEvent(book, event, order, context);
    else if (book.exits.has(id)) this.onExitEvent(book, event, order, context);
    if (isClosed(order)) {
      book.entries.delete(id);
      book.exits.delete(id);
      book.canceling.delete(id);
      this.bookOfOrder.delete(id);
      if (book.entries.size === 0 && !book.entryFilled && book.entryExpired && this.params.cooldown_after_timeout) {
        book.entryExpired = false;
        this.startCooldown(book, 'timeout', context);
      }
    }
    this.reconcile(book, context);
  }

  /** Places the cycle's entry limits when flat and the spread allows. */
  private tryEnter(book: ScalperBook, bid: number, ask: number, context: StrategyContext): void {
    const id = book.instrumentId;
    if (context.portfolio.positionQuantity(id) !== 0) return;
    const p = this.params;
    const spread = book.spread(context.now(), p.quote_max_age_ms, this.spreadOut);
    if (Number.isNaN(spread)) return;
    const spreadBps = spread * 1e4;
    const source = this.spreadOut.source;
    if (spreadBps > p.max_spread_bps) {
      if (!book.guardOn) {
        book.guardOn = true;
        const fields = {
          instrument: id,
          spread_bps: spreadBps,
          spread_source: source,
          max_spread_bps: p.max_spread_bps,
        };
        context.log.info('scalper_spread_guard', fields);
      }
      return;
    }
    const fields = { instrument: id, spread_bps: spreadBps, spread_source: source };
    if (book.guardOn) context.log.info('scalper_spread_guard_lifted', fields);
    book.guardOn = false;
    const quantity = context.orders.roundQuantity(id, p.quantity);
    if (quantity <= 0) return;
    book.startCycle();
    const offset = p.entry_offset_bps;
    this.placeEntry(book, 'buy', entryPrice(book.instrument, 'buy', bid, offset), quantity, fields, context);
    if (p.mode === 'long_short')
      this.placeEntry(book, 'sell', entryPrice(book.instrument, 'sell', ask, offset), quantity, fields, context);
  }

  private placeEntry(
    book: ScalperBook,
    side: OrderSide,
    price: number,
    quantity: number,
    fields: Record<string, unknown>,
    context: StrategyContext,
  ): void {
    if (!(price > 0)) return;
    const timeoutBars = this.params.timeout_bars;
    const order = entryOrder(context, { instrumentId: book.instrumentId, side, price, quantity, timeoutBars });
    book.entries.add(order.clientOrderId);
    this.bookOfOrder.set(order.clientOrderId, book);
    context.log.info('scalper_entry_placed', {
      ...fields,
      order: order.clientOrderId,
      side,
      price,
      quantity,
      expire_after_bars: timeoutBars,
    });
    context.submitOrder(order);
  }

  private onEntryEvent(book: ScalperBook, event: OrderEvent, order: Order, context: StrategyContext): void {
    const fields = { instrument: book.instrumentId, order: order.clientOrderId, side: order.side };
    if (event.type === 'OrderFilled') {
      context.log.info('scalper_entry_filled', { ...fields, price: event.lastPrice, quantity: event.lastQuantity });
      if (!book.entryFilled) {
        book.entryFilled = true;
        // Take what filled: the sibling and any rest of this entry are canceled.
        for (const other of book.entries) if (isOpen(context.cache.order(other)!)) this.cancel(book, other, context);
      }
    } else if (event.type === 'OrderExpired') {
      book.entryExpired = true;
      context.log.info('scalper_entry_expired', { ...fields, price: order.price, filled: order.filledQuantity });
    } else if (event.type === 'OrderDenied' || event.type === 'OrderRejected') {
      context.log.warn('scalper_entry_refused', { ...fields, reason: order.reason });
    }
  }

  private onExitEvent(book: ScalperBook, event: OrderEvent, order: Order, context: StrategyContext): void {
    const id = order.clientOrderId;
    const kind = order.tags[0];
    if (event.type === 'OrderFilled') {
      context.log.info('scalper_exit_filled', {
        instrument: book.instrumentId,
        order: id,
        kind,
        price: event.lastPrice,
        quantity: event.lastQuantity,
      });
      return;
    }
    if (!isClosed(order) || order.status === 'filled' || book.canceling.has(id)) return;
    const position = context.portfolio.positionQuantity(book.instrumentId);
    if (position === 0) return;
    context.log.warn('scalper_exit_refused', { instrument: book.instrumentId, order: id, kind, reason: order.reason });
    // Without its target the trade still has its stop; without its stop (or time stop) it has nothing.
    if (id === book.targetId) return;
    // A refusal can be synchronous (a denial): a refused fallback waits for the next close.
    if (id === book.fallbackId) book.retryFlatten = true;
    else this.closeAtMarket(book, position, ScalperTag.ExitFallback, context);
  }

  /** Brings the cycle in line with the position: exits on, resized, or the trade closed. */
  private reconcile(book: ScalperBook, context: StrategyContext): void {
    const position = context.portfolio.positionQuantity(book.instrumentId);
    if (position !== 0) {
      if (!book.inTrade && book.entryFilled) this.openTrade(book, position, context);
      else if (book.inTrade) this.resizeExits(book, Math.abs(position), context);
      return;
    }
    if (!book.inTrade) return;
    book.inTrade = false;
    book.entryFilled = false;
    for (const id of [...book.entries, ...book.exits])
      if (isOpen(context.cache.order(id)!)) this.cancel(book, id, context);
    context.log.info('scalper_trade_closed', {
      instrument: book.instrumentId,
      direction: book.direction > 0 ? 'long' : 'short',
      entry_price: book.entryPrice,
      bars_held: book.barsHeld,
    });
    this.startCooldown(book, 'exit', context);
  }

  /** A position opened: a target limit and a stop-market, both reduce-only, for all of it. */
  private openTrade(book: ScalperBook, position: number, context: StrategyContext): void {
    const id = book.instrumentId;
    const d = position > 0 ? 1 : -1;
    book.inTrade = true;
    book.direction = d;
    book.barsHeld = 0;
    book.entryPrice = context.portfolio.position(id)?.averageEntryPrice ?? Number.NaN;
    const quantity = Math.abs(position);
    const { target, stop } = exitOrders(context, {
      instrumentId: id,
      direction: d,
      entryPrice: book.entryPrice,
      quantity,
      targetBps: this.params.target_bps,
      stopBps: this.params.stop_bps,
    });
    context.log.info('scalper_exits_placed', {
      instrument: id,
      entry_price: book.entryPrice,
      quantity,
      target_price: target.price,
      stop_price: stop.triggerPrice,
    });
    // The target first: a stop refused at once then flattens and cancels a target already known.
    book.targetId = target.clientOrderId;
    book.stopId = stop.clientOrderId;
    this.submitExit(book, target, context);
    this.submitExit(book, stop, context);
  }

  /** Cuts (or grows, after more entry fills) the target and the stop to the open position. */
  private resizeExits(book: ScalperBook, size: number, context: StrategyContext): void {
    for (const id of [book.targetId, book.stopId]) {
      if (id === undefined || book.canceling.has(id) || !book.exits.has(id)) continue;
      const order = context.cache.order(id)!;
      if (!isOpen(order) || order.quantity - order.filledQuantity === size) continue;
      context.modifyOrder(id, { quantity: order.filledQuantity + size });
    }
  }

  private holdOneBar(book: ScalperBook, context: StrategyContext): void {
    book.barsHeld++;
    const position = context.portfolio.positionQuantity(book.instrumentId);
    if (book.retryFlatten) {
      book.retryFlatten = false;
      if (position !== 0) this.closeAtMarket(book, position, ScalperTag.ExitFallback, context);
      return;
    }
    if (book.timeStopSent || book.barsHeld < this.params.max_hold_bars || position === 0) return;
    book.timeStopSent = true;
    context.log.info('scalper_time_stop', { instrument: book.instrumentId, bars_held: book.barsHeld });
    this.closeAtMarket(book, position, ScalperTag.TimeStop, context);
  }

  /** Cancels every other working exit and closes the position with a reduce-only market order. */
  private closeAtMarket(book: ScalperBook, position: number, tag: ScalperTag, context: StrategyContext): void {
    for (const id of book.exits) if (!book.canceling.has(id)) this.cancel(book, id, context);
    if (tag === ScalperTag.ExitFallback)
      context.log.warn('scalper_exit_fallback', { instrument: book.instrumentId, quantity: Math.abs(position) });
    const order = closeOutOrder(context, book.instrumentId, position, tag);
    if (tag === ScalperTag.ExitFallback) book.fallbackId = order.clientOrderId;
    this.submitExit(book, order, context);
  }

  private submitExit(book: ScalperBook, order: OrderRequest, context: StrategyContext): void {
    book.exits.add(order.clientOrderId);
    this.bookOfOrder.set(order.clientOrderId, book);
    context.submitOrder(order);
  }

  private cancel(book: ScalperBook, id: string, context: StrategyContext): void {
    if (book.canceling.has(id)) return;
    book.canceling.add(id);
    context.cancelOrder(id);
  }

  private startCooldown(book: ScalperBook, after: 'exit' | 'timeout', context: StrategyContext): void {
    if (this.params.cooldown_bars === 0) return;
    book.cooldownLeft = this.params.cooldown_bars;
    context.log.info('scalper_cooldown_started', { instrument: book.instrumentId, after, bars: book.cooldownLeft });
  }
}
