import type { Bar } from '../../model/data.ts';
import { roundTo } from '../../model/decimal.ts';
import type { OrderEvent } from '../../model/events.ts';
import type { InstrumentId } from '../../model/ids.ts';
import { isOpen } from '../../model/order.ts';
import type { Timeframe } from '../../model/time.ts';
import type { Touch } from '../../simulation/price-path.ts';
import { ExitBook, type ExitOrder, type ExitRole, type ExitSnapshot } from './exit-book.ts';
import { Crossing, ExitKind, exitTags, firstCrossing, type PositionSign } from './exit-levels.ts';
import type { ExitManagerPort } from './exit-manager-port.ts';
import { ExitMode, type ExitRules, type ResolvedExitRules, resolveExitRules } from './exit-rules.ts';

export interface ExitManagerOptions {
  readonly rules: ExitRules;
  readonly port: ExitManagerPort;
  /** Only bars of this timeframe count (ATR, trail, bar time stop); default: the first one seen per instrument. */
  readonly timeframe?: Timeframe;
}

/** Denials or rejections of one exit role before the manager waits for the position to change. */
const MAX_ATTEMPTS = 3;

/**
 * Per-trade exits managed by the engine for one account's netting positions: a stop-loss, a
 * take-profit, a trailing stop and a time stop (`ExitRules`), attached when a position opens
 * (flat → non-zero, or a flip), re-sized to the whole position and re-levelled from the new
 * average price when it grows, re-sized when it shrinks, and all canceled when it goes flat.
 *
 * - native: a resting reduce-only stop-market (the tighter of stop-loss and trail) and a
 *   reduce-only limit (take-profit), one-cancels-other: the fill that closes the position cancels
 *   the rest. A change is a new order, then a cancel of the old one (not a modify), so a
 *   replacement that is denied leaves the old exit working.
 * - simulated: no resting orders; after each bar, the levels in force during that bar are checked
 *   along the venue's intrabar path (open, nearer extreme, other extreme, close) and the first
 *   crossed sends a reduce-only market order, which fills at the next bar's open.
 *
 * Every exit order is tagged `['EXIT', kind]`. Inputs are synchronous: `onBar` for each bar of a
 * watched instrument, `onOrderEvent` for every order event of every strategy of the account (fills
 * change positions; exit order events close the loop). Ordinary races (a cancel of an order that
 * just filled, a denial) are events, never throws.
 */
export class ExitManager {
  readonly rules: ResolvedExitRules;
  private readonly port: ExitManagerPort;
  private readonly timeframe: Timeframe | undefined;
  private readonly books = new Map<string, ExitBook>();
  /** Exit orders sent and not yet closed, by client order id. */
  private readonly orders = new Map<string, ExitOrder>();
  private readonly path = new Float64Array(4);
  private readonly touch: Touch = { position: 0, price: 0 };

  constructor(options: ExitManagerOptions) {
    this.rules = resolveExitRules(options.rules);
    this.port = options.port;
    this.timeframe = options.timeframe;
  }

  /** A completed bar of an instrument (after the venue matched it and the portfolio marked it). */
  onBar(bar: Bar): void {
    const book = this.bookFor(bar.instrumentId);
    if (book.timeframe === undefined) book.timeframe = this.timeframe ?? bar.timeframe;
    if (bar.timeframe !== book.timeframe) return;
    book.atr?.update(bar);
    if (book.recancel.length > 0) this.retryCancels(book);
    this.sync(book);
    const levels = book.levels;
    if (levels.quantity === 0) return;
    book.barsHeld++;
    if (this.rules.mode === ExitMode.Simulated && book.exit === undefined) {
      const crossing = firstCrossing(levels.sign, bar, book.armedStop, book.armedTakeProfit, this.path, this.touch);
      if (crossing !== Crossing.None) {
        const kind = crossing === Crossing.Stop ? book.armedStopKind : ExitKind.TakeProfit;
        if (this.sendExit(book, kind)) return;
      }
    }
    const bars = this.rules.timeStop?.bars;
    if (bars !== undefined && book.barsHeld >= bars) book.timeStopDue = true;
    if (book.timeStopDue && book.exit === undefined && this.sendExit(book, ExitKind.TimeStop)) return;
    levels.update(bar.high, bar.low, book.atrValue);
    this.reconcile(book);
    if (book.exit === undefined) book.arm();
  }

  /** Any order event of the account: fills move positions; events of exit orders update them. */
  onOrderEvent(event: OrderEvent): void {
    const order = this.orders.get(event.clientOrderId);
    if (order !== undefined) this.onExitOrderEvent(order, event);
    if (event.type === 'OrderFilled') this.sync(this.bookFor(event.instrumentId));
  }

  /** The exits of an instrument's open position, or undefined when flat or never seen. */
  exits(instrumentId: InstrumentId | string): ExitSnapshot | undefined {
    return this.books.get(instrumentId)?.snapshot();
  }

  /** True when `clientOrderId` is an exit order whose cancel this manager asked for and that has not closed yet. */
  isCanceling(clientOrderId: string): boolean {
    return this.orders.get(clientOrderId)?.canceling === true;
  }

  private bookFor(instrumentId: string): ExitBook {
    let book = this.books.get(instrumentId);
    if (book === undefined) {
      book = new ExitBook(this.rules, this.port.cache.instrument(instrumentId));
      this.books.set(instrumentId, book);
    }
    return book;
  }

  private onExitOrderEvent(order: ExitOrder, event: OrderEvent): void {
    switch (event.type) {
      case 'OrderFilled':
        order.filled = roundTo(order.filled + event.lastQuantity, order.book.instrument.sizePrecision);
        if (order.filled >= order.request.quantity) this.forget(order);
        return;
      case 'OrderCanceled':
      case 'OrderExpired':
        // Not asked for (a kill switch, the venue): the slot is empty and the next bar re-attaches.
        this.forget(order);
        return;
      case 'OrderDenied':
      case 'OrderRejected': {
        const current = order.book[order.role] === order;
        this.forget(order);
        if (!current) return;
        order.book.failures[order.role]++;
        this.port.log?.warn('exit_order_failed', {
          client_order_id: order.request.clientOrderId,
          instrument_id: order.request.instrumentId,
          kind: order.kind,
          event: event.type,
          reason: event.reason,
        });
        return;
      }
      case 'OrderCancelRejected': {
        // The venue refused the cancel; if the order still works, ask again on the next bar.
        const cached = this.port.cache.order(order.request.clientOrderId);
        if (order.canceling && cached !== undefined && isOpen(cached)) order.book.recancel.push(order);
        return;
      }
      default:
        return;
    }
  }

  /** Drops a closed exit order (and its slot, when it still holds it). */
  private forget(order: ExitOrder): void {
    this.orders.delete(order.request.clientOrderId);
    if (order.book[order.role] === order) order.book[order.role] = undefined;
  }

  /** Compares the portfolio's position with the last seen one and moves the exits accordingly. */
  private sync(book: ExitBook): void {
    const position = this.port.portfolio.position(book.instrument.id);
    const quantity = position?.quantity ?? 0;
    const before = book.position;
    if (quantity === before) return;
    book.position = quantity;
    book.resetFailures();
    const flipped = before !== 0 && quantity !== 0 && Math.sign(quantity) !== Math.sign(before);
    if (before !== 0 && (quantity === 0 || flipped)) this.close(book);
    if (position !== undefined && quantity !== 0) {
      const sign: PositionSign = quantity > 0 ? 1 : -1;
      const levels = book.levels;
      if (levels.quantity === 0) {
        levels.open(sign, Math.abs(quantity), position.averageEntryPrice, position.openedAt, book.atrValue);
        book.barsHeld = 0;
        book.timeStopDue = false;
        this.setTimeAlert(book);
      } else {
        levels.resize(Math.abs(quantity), position.averageEntryPrice, book.atrValue);
      }
    }
    this.reconcile(book);
  }

  /** The position went flat (or flipped): every exit of it is canceled and its levels cleared. */
  private close(book: ExitBook): void {
    if (book.stop !== undefined) this.cancel(book.stop);
    if (book.takeProfit !== undefined) this.cancel(book.takeProfit);
    if (book.exit !== undefined) this.cancel(book.exit);
    book.levels.clear();
    book.disarm();
    book.timeStopDue = false;
    if (book.timerSet) {
      this.port.clock.cancelTimer(timerName(book));
      book.timerSet = false;
    }
  }

  private setTimeAlert(book: ExitBook): void {
    const minutes = this.rules.timeStop?.minutes;
    if (minutes === undefined) return;
    if (book.timerSet) this.port.clock.cancelTimer(timerName(book));
    book.timerSet = true;
    this.port.clock.setTimeAlert({
      name: timerName(book),
      time: book.levels.openedAt + minutes * 60_000,
      handler: () => {
        book.timerSet = false;
        book.timeStopDue = true;
        if (book.levels.quantity > 0 && book.exit === undefined) this.sendExit(book, ExitKind.TimeStop);
      },
    });
  }

  /**
   * Native mode: makes the working stop and take-profit match the levels and |position| (new
   * order first, then the cancel of the one it replaces). Nothing rests while a market exit is on
   * its way or the position is flat.
   */
  private reconcile(book: ExitBook): void {
    if (this.rules.mode !== ExitMode.Native) return;
    const levels = book.levels;
    const closing = levels.quantity === 0 || book.exit !== undefined;
    this.ensure(book, 'stop', closing ? Number.NaN : levels.stop, levels.stopKind);
    this.ensure(book, 'takeProfit', closing ? Number.NaN : levels.takeProfit, ExitKind.TakeProfit);
  }

  private ensure(book: ExitBook, role: 'stop' | 'takeProfit', level: number, kind: ExitKind): void {
    const current = book[role];
    if (Number.isNaN(level)) {
      if (current !== undefined) this.cancel(current);
      return;
    }
    const quantity = book.levels.quantity;
    if (current !== undefined) {
      const price = role === 'stop' ? current.request.triggerPrice : current.request.price;
      const leaves = roundTo(current.request.quantity - current.filled, book.instrument.sizePrecision);
      if (price === level && leaves === quantity) return;
    }
    if (book.failures[role] >= MAX_ATTEMPTS) return;
    const side = book.levels.sign > 0 ? 'sell' : 'buy';
    const instrumentId = book.instrument.id;
    const tags = exitTags(kind);
    const request =
      role === 'stop'
        ? this.port.orders.stopMarket({ instrumentId, side, quantity, triggerPrice: level, reduceOnly: true, tags })
        : this.port.orders.limit({ instrumentId, side, quantity, price: level, reduceOnly: true, tags });
    if (this.submit(book, role, kind, request) && current !== undefined) this.cancel(current);
    else if (book[role] === undefined && current !== undefined && !current.canceling) book[role] = current;
  }

  /**
   * A reduce-only market order for the whole position (simulated levels crossed, or the time
   * stop); the resting exits are canceled once it is on its way. False when none could be sent.
   */
  private sendExit(book: ExitBook, kind: ExitKind): boolean {
    if (book.exit !== undefined) return true;
    if (book.failures.exit >= MAX_ATTEMPTS) return false;
    const levels = book.levels;
    const request = this.port.orders.market({
      instrumentId: book.instrument.id,
      side: levels.sign > 0 ? 'sell' : 'buy',
      quantity: levels.quantity,
      reduceOnly: true,
      tags: exitTags(kind),
    });
    book.disarm();
    if (!this.submit(book, 'exit', kind, request)) return false;
    this.reconcile(book);
    return true;
  }

  /** Registers and sends an exit order; false when it was denied on the spot. */
  private submit(book: ExitBook, role: ExitRole, kind: ExitKind, request: ExitOrder['request']): boolean {
    const order: ExitOrder = { request, kind, role, book, filled: 0, canceling: false };
    this.orders.set(request.clientOrderId, order);
    book[role] = order;
    this.port.submit(request);
    return book[role] === order;
  }

  private cancel(order: ExitOrder): void {
    if (order.book[order.role] === order) order.book[order.role] = undefined;
    if (order.canceling) return;
    order.canceling = true;
    this.port.cancel(order.request);
  }

  private retryCancels(book: ExitBook): void {
    const list = book.recancel.splice(0);
    for (const order of list) {
      if (!this.orders.has(order.request.clientOrderId)) continue;
      order.canceling = false;
      this.cancel(order);
    }
  }
}

const timerName = (book: ExitBook): string => `exits:${book.instrument.id}:time-stop`;
