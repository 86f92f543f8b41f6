import type { CancelOrder, ModifyOrder, SubmitOrder } from '../model/commands.ts';
import type { OrderEvent } from '../model/events.ts';
import { type InstrumentId, type Venue, venueOrderId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import type { PortfolioView } from '../portfolio/portfolio.ts';
import { acceptanceCheck, reservedCashOf } from './acceptance-check.ts';
import { CommandQueue } from './command-queue.ts';
import type { FeeSchedule } from './fee-model.ts';
import { amendWorkingOrder } from './order-amendment.ts';
import type { WorkingOrder } from './working-order.ts';

/** The commands a venue handles, in arrival order per instrument. */
export type VenueCommand = SubmitOrder | CancelOrder | ModifyOrder;

export interface VenueOrderDeskOptions {
  readonly venue: Venue;
  readonly portfolio: PortfolioView;
  readonly fees: FeeSchedule;
  /** Where the desk's events go (accepted, rejected, canceled, amended or not). */
  readonly emit: (event: OrderEvent) => void;
}

/** What the commands a drain handles meet: the matching pass of the moment (see `MatchPass`). */
export interface DeskMarket {
  /** The price a buy meets now: a bar's open, a quote's ask, a trade's price. */
  readonly buyPrice: number;
  /** The price a sell meets now: a bar's open, a quote's bid, a trade's price. */
  readonly sellPrice: number;
  /**
   * Whether the instrument's orders work through bars here (bars, or ticks the engine builds bars
   * from): without, an order that expires after a number of bars could never expire and is rejected.
   */
  readonly countsBars: boolean;
}

/**
 * A simulated venue's order desk: the commands on their way (one queue per instrument, as a venue
 * runs one book per instrument), the working orders of each instrument, and what happens to a
 * command when it arrives: a submit is accepted (the order starts working) or rejected, a cancel
 * removes a working order or is refused, an amendment changes one (order-amendment.ts). The
 * exchange matches the working orders against the market; the desk only keeps them.
 */
export class VenueOrderDesk {
  readonly #options: VenueOrderDeskOptions;
  readonly #instruments = new Map<InstrumentId, Instrument>();
  readonly #working = new Map<InstrumentId, WorkingOrder[]>();
  readonly #inFlight = new Map<InstrumentId, CommandQueue<VenueCommand>>();
  /** Commands for instruments this venue does not list: rejected at the next bar of any instrument. */
  readonly #strays = new CommandQueue<VenueCommand>();
  #sequence = 0;
  #pending = 0;

  constructor(options: VenueOrderDeskOptions) {
    this.#options = options;
  }

  /** In-flight commands plus working orders: zero means a matching pass has nothing to do. */
  get pending(): number {
    return this.#pending;
  }

  addInstrument(instrument: Instrument): void {
    this.#instruments.set(instrument.id, instrument);
    this.#working.set(instrument.id, []);
    this.#inFlight.set(instrument.id, new CommandQueue());
  }

  /** The listed instrument, or undefined. */
  instrument(id: InstrumentId): Instrument | undefined {
    return this.#instruments.get(id);
  }

  /** The working orders of a listed instrument, in acceptance order (the exchange matches and removes them in place). */
  working(id: InstrumentId): WorkingOrder[] {
    return this.#working.get(id)!;
  }

  /** Queues a command that reaches the venue at `arrival` (ms). */
  enqueue(command: VenueCommand, arrival: number): void {
    const instrumentId = command.type === 'SubmitOrder' ? command.order.instrumentId : command.instrumentId;
    (this.#inFlight.get(instrumentId) ?? this.#strays).push(arrival, this.#sequence++, command);
    this.#pending++;
  }

  /**
   * Handles every command for `instrumentId` (and every stray) that arrived before `until`, at the
   * `market` they meet now. Events are stamped `time`.
   */
  drain(instrumentId: InstrumentId, until: number, time: number, market: DeskMarket): void {
    if (this.#strays.size > 0) this.#drainQueue(this.#strays, until, time, market);
    this.#drainQueue(this.#inFlight.get(instrumentId)!, until, time, market);
  }

  /** Removes `orders[index]` in place (no `splice`, which allocates its result). */
  remove(orders: WorkingOrder[], index: number): void {
    const last = orders.length - 1;
    for (let i = index; i < last; i++) orders[i] = orders[i + 1];
    orders.pop();
    this.#pending--;
  }

  #drainQueue(queue: CommandQueue<VenueCommand>, until: number, time: number, market: DeskMarket): void {
    if (queue.size === 0) return;
    // The batch is fixed here: commands sent by handlers of its events arrive after it.
    const handled = queue.take(until);
    this.#pending -= handled;
    for (let i = 0; i < handled; i++) {
      const command = queue.command(i);
      if (command.type === 'CancelOrder') this.#cancel(command, time);
      else if (command.type === 'ModifyOrder') this.#modify(command, queue.sequence(i), market, time);
      else this.#accept(command.order, queue.sequence(i), market, time);
    }
  }

  #accept(order: OrderRequest, sequence: number, market: DeskMarket, time: number): void {
    const { venue, portfolio, fees, emit } = this.#options;
    const instrument = this.#instruments.get(order.instrumentId);
    if (instrument === undefined) {
      this.#reject(order, time, `UNKNOWN_INSTRUMENT: ${order.instrumentId} is not traded on ${venue}`);
      return;
    }
    if (order.expireAfterBars !== undefined && !market.countsBars) {
      this.#reject(
        order,
        time,
        `NO_BARS_TO_COUNT: ${order.instrumentId} is matched on ticks and no bars are built from them, ` +
          `so expireAfterBars (${order.expireAfterBars}) could never expire the order; give expireTime for a duration`,
      );
      return;
    }
    const price = order.side === 'buy' ? market.buyPrice : market.sellPrice;
    const reservedCash = this.#reservedCash();
    const problem = acceptanceCheck({ order, instrument, price, portfolio, fees, reservedCash });
    if (problem !== undefined) {
      this.#reject(order, time, problem);
      return;
    }
    const id = venueOrderId(`${venue}-${sequence + 1}`);
    this.#working.get(instrument.id)!.push({
      order,
      instrument,
      venueOrderId: id,
      sequence,
      filled: 0,
      makerNotional: 0,
      takerNotional: 0,
      feesChargedMinor: 0,
      triggered: false,
      barsWorked: 0,
      fresh: true,
    });
    this.#pending++;
    // Events are built field by field, in one fixed order per type: one hidden class per type.
    emit({
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      timestamp: time,
      type: 'OrderAccepted',
      venueOrderId: id,
    });
  }

  #reject(order: OrderRequest, time: number, reason: string): void {
    this.#options.emit({
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      timestamp: time,
      type: 'OrderRejected',
      reason,
    });
  }

  /** Cash that the open buy orders have spoken for (limit or trigger price × quantity left). */
  #reservedCash(): number {
    let sum = 0;
    for (const orders of this.#working.values()) for (const w of orders) sum += reservedCashOf(w.order, w.filled, 0);
    return sum;
  }

  #cancel(command: CancelOrder, time: number): void {
    const orders = this.#working.get(command.instrumentId) ?? [];
    const index = orders.findIndex((w) => w.order.clientOrderId === command.clientOrderId);
    if (index >= 0) this.remove(orders, index);
    this.#options.emit({
      clientOrderId: command.clientOrderId,
      strategyId: command.strategyId,
      instrumentId: command.instrumentId,
      timestamp: time,
      type: index < 0 ? 'OrderCancelRejected' : 'OrderCanceled',
      reason: index < 0 ? 'ORDER_NOT_WORKING: already filled, canceled, expired or unknown' : 'canceled by request',
    });
  }

  #modify(command: ModifyOrder, sequence: number, market: DeskMarket, time: number): void {
    const { portfolio, fees, emit } = this.#options;
    const w = this.#working.get(command.instrumentId)?.find((o) => o.order.clientOrderId === command.clientOrderId);
    const price = w?.order.side === 'sell' ? market.sellPrice : market.buyPrice;
    const reservedCash = w === undefined ? 0 : this.#reservedCash() - reservedCashOf(w.order, w.filled, 0);
    emit(amendWorkingOrder(w, command, { sequence, price, time, portfolio, fees, reservedCash }));
  }
}
