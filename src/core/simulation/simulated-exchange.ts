import type { ExecutionClient, ExecutionEventSink } from '../execution/execution-client.ts';
import type { SeededRandom } from '../kernel/random.ts';
import type { CancelOrder, ModifyOrder, SubmitOrder } from '../model/commands.ts';
import type { Bar, QuoteTick, TradeTick } from '../model/data.ts';
import { fromMinor, roundTo } from '../model/decimal.ts';
import type { OrderEvent } from '../model/events.ts';
import { type InstrumentId, tradeId, type Venue } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { affordableQuantity } from './acceptance-check.ts';
import { chargeFill, type FeeSchedule } from './fee-model.ts';
import { type FillCandidate, FillCandidates } from './fill-candidates.ts';
import { fillableQuantity, nothingFillableReason } from './fill-limits.ts';
import { type LatencyModel, NO_LATENCY, sampleLatency } from './latency-model.ts';
import { MatchPass } from './match-pass.ts';
import { hasExpired, type OrderTouch, touchOrder } from './order-touch.ts';
import type { Touch } from './price-path.ts';
import { NO_SLIPPAGE, type SlippageModel, takerFillPrice } from './slippage-model.ts';
import { type VenueCommand, VenueOrderDesk } from './venue-order-desk.ts';
import type { WorkingOrder } from './working-order.ts';

export interface SimulatedExchangeConfig {
  readonly venue: Venue;
  readonly fees?: FeeSchedule;
  readonly slippage?: SlippageModel;
  readonly latency?: LatencyModel;
  /**
   * Largest share of a bar's volume that this venue fills in one bar, over all orders of the
   * instrument (0.1 = 10%); the rest keeps working. 0 or ≥ 1 means unlimited. A bar with zero
   * volume counts as unknown volume and is not limited. On tick data the share applies to each
   * quote's displayed size (per side) or each trade's size, and unset means the whole size.
   */
  readonly maxVolumeParticipation?: number;
}

type Candidate = FillCandidate<WorkingOrder>;

/**
 * A venue simulated against historical data, without look-ahead: commands sent while the engine
 * handles bar t arrive after latency, and are matched at the earliest on the first bar whose
 * close is after their arrival, i.e. bar t+1 (a market order at its open; limits and stops along
 * the intrabar path, gaps filled at the open). On tick data (`processQuote`, `processTrade`) a
 * command is matched at the first tick stamped after its arrival: buys meet the ask and sells the
 * bid of a quote, both meet a trade's price, each within the tick's size. See docs/simulation.md
 * for every rule.
 */
export class SimulatedExchange implements ExecutionClient {
  readonly venue: Venue;
  private sink: ExecutionEventSink = () => {
    throw new Error('SimulatedExchange: connect() was not called');
  };
  /**
   * Commands on their way and working orders: a command is handled when its own instrument's next
   * bar is (at that bar's open price), as a venue runs one book per instrument.
   */
  private readonly desk: VenueOrderDesk;
  private readonly candidates = new FillCandidates<WorkingOrder>();
  private tradeSequence = 0;
  private readonly fees: FeeSchedule;
  private readonly latency: LatencyModel;
  /** What the current matching pass meets: paths, budgets, slippage (rewritten for every bar or tick). */
  private readonly pass: MatchPass;
  private readonly touch: Touch = { position: 0, price: 0 };
  /** Instruments matched on ticks whose bars the engine builds and reports: the close last counted (`barClosed`). */
  private readonly tickBarCloses = new Map<InstrumentId, number>();
  private readonly orderTouch: OrderTouch = { position: 0, price: 0, liquidity: 'taker', triggeredNow: false };

  constructor(
    config: SimulatedExchangeConfig,
    private readonly portfolio: PortfolioView,
    private readonly now: () => number,
    private readonly random: SeededRandom,
  ) {
    this.venue = config.venue;
    this.fees = config.fees ?? {};
    this.latency = config.latency ?? NO_LATENCY;
    const p = config.maxVolumeParticipation ?? 0;
    this.pass = new MatchPass(p > 0 && p < 1 ? p : 0, config.slippage ?? NO_SLIPPAGE);
    this.desk = new VenueOrderDesk({
      venue: this.venue,
      portfolio,
      fees: this.fees,
      emit: (event) => this.emit(event),
    });
  }

  connect(sink: ExecutionEventSink): void {
    this.sink = sink;
  }

  addInstrument(instrument: Instrument): void {
    this.desk.addInstrument(instrument);
  }

  submitOrder(command: SubmitOrder): void {
    this.enqueue(command);
  }

  cancelOrder(command: CancelOrder): void {
    this.enqueue(command);
  }

  /** Amends a working order when the command arrives, in order with submits and cancels (order-amendment.ts). */
  modifyOrder(command: ModifyOrder): void {
    this.enqueue(command);
  }

  /** True when nothing is in flight or working: `processBar` would do nothing (the engine's fast path). */
  get idle(): boolean {
    return this.desk.pending === 0;
  }

  /**
   * Matches one bar of `bar.instrumentId`, before the engine publishes it: commands that arrived
   * before the bar's close are accepted (or rejected), expired orders leave, and the working
   * orders fill along the bar's path. `closeTime` is the bar's close.
   */
  processBar(bar: Bar, closeTime: number): void {
    if (this.desk.pending === 0) return;
    this.pass.forBar(bar);
    this.matchOn(bar.instrumentId, closeTime, bar.timestamp);
  }

  /**
   * Matches one top-of-book quote of `quote.instrumentId`, before the engine publishes it: the
   * commands that arrived before its time are handled (buys at the ask, sells at the bid), then
   * buys meet the ask and sells the bid, each side within its displayed size.
   */
  processQuote(quote: QuoteTick): void {
    if (this.desk.pending === 0) return;
    this.pass.forQuote(quote);
    this.matchOn(quote.instrumentId, quote.timestamp, quote.timestamp);
  }

  /**
   * Matches one trade print of `trade.instrumentId`, before the engine publishes it: orders of
   * both sides meet the print's price, each side within the print's size.
   */
  processTrade(trade: TradeTick): void {
    if (this.desk.pending === 0) return;
    this.pass.forTrade(trade);
    this.matchOn(trade.instrumentId, trade.timestamp, trade.timestamp);
  }

  /**
   * Has `expireAfterBars` count the bars the engine builds from `instrumentId`'s ticks (each
   * reported by `barClosed`) instead of rejecting it.
   */
  countBarsBuiltFromTicks(instrumentId: InstrumentId): void {
    if (!this.tickBarCloses.has(instrumentId)) this.tickBarCloses.set(instrumentId, Number.NEGATIVE_INFINITY);
  }

  /**
   * A bar built from `instrumentId`'s ticks closed at `closeTime`: each order working then has
   * worked one more bar. A close no later than the last one counted is not counted again (bars of
   * the same buckets built from both the quotes and the trades). An order that has used its
   * `expireAfterBars` expires at the pass of the tick that closed the bar, before that tick is
   * matched (it belongs to the next bar), after the commands that arrived before it.
   */
  barClosed(instrumentId: InstrumentId, closeTime: number): void {
    const last = this.tickBarCloses.get(instrumentId);
    if (last === undefined || closeTime <= last) return;
    this.tickBarCloses.set(instrumentId, closeTime);
    if (this.desk.pending === 0 || this.desk.instrument(instrumentId) === undefined) return;
    for (const w of this.desk.working(instrumentId)) w.barsWorked++;
  }

  /**
   * The pass already in `this.pass`, for one instrument: commands that arrived before `until` are
   * handled at the prices each side meets now, expired orders leave, the working orders are
   * matched. Events are stamped `time` (a bar's open, a tick's time).
   */
  private matchOn(instrumentId: InstrumentId, until: number, time: number): void {
    const desk = this.desk;
    if (desk.instrument(instrumentId) === undefined) return;
    const pass = this.pass;
    pass.countsBars = pass.isBar || this.tickBarCloses.has(instrumentId);
    desk.drain(instrumentId, until, time, pass);
    const orders = desk.working(instrumentId);
    if (orders.length === 0) return;
    this.expire(orders, time);
    this.match(orders, time);
  }

  private enqueue(command: VenueCommand): void {
    this.desk.enqueue(command, this.now() + sampleLatency(this.latency, this.random));
  }

  private expire(orders: WorkingOrder[], time: number): void {
    for (let i = orders.length - 1; i >= 0; i--) {
      const w = orders[i];
      const o = w.order;
      if (hasExpired(o, w.barsWorked, time)) {
        this.desk.remove(orders, i);
        this.emit({
          type: 'OrderExpired',
          clientOrderId: o.clientOrderId,
          strategyId: o.strategyId,
          instrumentId: o.instrumentId,
          timestamp: time,
        });
      }
    }
  }

  /** One matching pass of `orders` on the paths and budgets of `this.pass`. */
  private match(orders: WorkingOrder[], time: number): void {
    const candidates = this.candidates;
    const pass = this.pass;
    candidates.clear();
    for (let i = 0; i < orders.length; i++) {
      const w = orders[i];
      if (pass.isBar) w.barsWorked++;
      this.touchOf(w, pass.count, time);
    }
    const touched = candidates.length;
    for (let i = 0; i < touched; i++) {
      const c = candidates.at(i);
      const buy = c.working.order.side === 'buy';
      const filled = this.fill(c, buy ? pass.buyVolume : pass.sellVolume, buy ? pass.buyBudget : pass.sellBudget, time);
      if (pass.sharedBudget || buy) pass.buyBudget -= filled;
      if (pass.sharedBudget || !buy) pass.sellBudget -= filled;
    }
    // Time in force: IOC and FOK live for one matching pass; everything else keeps working.
    for (let i = orders.length - 1; i >= 0; i--) {
      const w = orders[i];
      if (w.fresh && (w.order.timeInForce === 'IOC' || w.order.timeInForce === 'FOK')) {
        this.cancelWorking(orders, w, time, `${w.order.timeInForce}: not filled on arrival`);
      } else w.fresh = false;
    }
  }

  /** Adds a candidate where the path makes the order executable; reports a stop's trigger. */
  private touchOf(w: WorkingOrder, count: number, time: number): void {
    const t = this.orderTouch;
    const path = w.order.side === 'buy' ? this.pass.buyPath : this.pass.sellPath;
    const fills = touchOrder(w.order, w.triggered, w.fresh, path, count, t, this.touch);
    if (t.triggeredNow) {
      w.triggered = true;
      const o = w.order;
      this.emit({
        type: 'OrderTriggered',
        clientOrderId: o.clientOrderId,
        strategyId: o.strategyId,
        instrumentId: o.instrumentId,
        timestamp: time,
        venueOrderId: w.venueOrderId,
      });
    }
    if (!fills) return;
    // On ticks the market is continuous: a resting limit that the price reaches or passes was met at its own price.
    const atLimit = t.liquidity === 'maker' && this.pass.restingAtLimit && w.order.price !== undefined;
    this.candidates.add(w, t.position, atLimit ? w.order.price! : t.price, t.liquidity);
  }

  /** Fills as much of a candidate as budget, reduce-only and cash allow; returns the quantity filled. */
  private fill(c: Candidate, volume: number, budget: number, time: number): number {
    const w = c.working;
    const o = w.order;
    const instrument = w.instrument;
    const orders = this.desk.working(instrument.id);
    const position = o.reduceOnly ? this.portfolio.positionQuantity(instrument.id) : 0;
    let quantity = fillableQuantity(o, instrument, w.filled, position, budget);
    // The bar's participation budget is used up: nothing trades now, the order keeps working.
    if (Number.isNaN(quantity)) return 0;
    const price =
      c.liquidity === 'taker'
        ? takerFillPrice(
            this.pass.slippage,
            instrument,
            o.side,
            c.price,
            o.type === 'stop_market' ? undefined : o.price,
            quantity,
            volume,
          )
        : c.price;
    let limitedByCash = false;
    if (this.portfolio.account.type === 'cash') {
      const affordable = affordableQuantity(o, instrument, quantity, price, c.liquidity, this.portfolio, this.fees);
      limitedByCash = affordable < quantity;
      quantity = affordable;
    }
    // Fill or kill: checked after every limit (budget, reduce-only, cash), so it is never partly filled.
    if (o.timeInForce === 'FOK' && quantity < o.quantity - w.filled) return 0;
    if (quantity <= 0) {
      if (o.reduceOnly || this.portfolio.account.type === 'cash')
        this.cancelWorking(orders, w, time, nothingFillableReason(o));
      return 0;
    }
    const feeMinor = chargeFill(w, this.fees, instrument, c.liquidity, price * quantity);
    w.filled = roundTo(w.filled + quantity, instrument.sizePrecision);
    const done = w.filled >= o.quantity;
    if (done) this.desk.remove(orders, orders.indexOf(w));
    this.emit({
      type: 'OrderFilled',
      clientOrderId: o.clientOrderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      timestamp: time,
      venueOrderId: w.venueOrderId,
      tradeId: tradeId(`${this.venue}-T${++this.tradeSequence}`),
      accountId: this.portfolio.account.id,
      side: o.side,
      lastQuantity: quantity,
      lastPrice: price,
      fee: fromMinor(feeMinor, instrument.quoteCurrency.precision),
      feeCurrency: instrument.quoteCurrency.code,
      liquiditySide: c.liquidity,
      slippage: Math.abs(price - c.price),
    });
    if (!done && o.reduceOnly && this.portfolio.positionQuantity(instrument.id) === 0) {
      this.cancelWorking(orders, w, time, 'REDUCE_ONLY: position closed');
    } else if (!done && limitedByCash) {
      this.cancelWorking(
        orders,
        w,
        time,
        o.side === 'sell'
          ? 'INSUFFICIENT_POSITION: delivered what the position held'
          : 'INSUFFICIENT_CASH: filled what the cash allowed',
      );
    }
    return quantity;
  }

  private cancelWorking(orders: WorkingOrder[], w: WorkingOrder, time: number, reason: string): void {
    const index = orders.indexOf(w);
    if (index >= 0) this.desk.remove(orders, index);
    const o = w.order;
    this.emit({
      type: 'OrderCanceled',
      clientOrderId: o.clientOrderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      timestamp: time,
      reason,
    });
  }

  private emit(event: OrderEvent): void {
    this.sink(event);
  }
}
