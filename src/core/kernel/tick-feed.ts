import type { Topic } from '../bus/message-bus.ts';
import { AggressorSide, type QuoteSeries, type QuoteTick, type TradeSeries, type TradeTick } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { SimulatedExchange } from '../simulation/simulated-exchange.ts';

/** A QuoteTick whose fields the engine overwrites for each row: one object per instrument for the whole run. */
export class QuoteView implements QuoteTick {
  timestamp = 0;
  bid = 0;
  ask = 0;
  bidSize = 0;
  askSize = 0;
  constructor(public instrumentId: InstrumentId) {}

  /** Takes row `i` of a columnar series. */
  setRow(series: QuoteSeries, i: number): void {
    this.timestamp = series.timestamp[i]!;
    this.bid = series.bid[i]!;
    this.ask = series.ask[i]!;
    this.bidSize = series.bidSize[i]!;
    this.askSize = series.askSize[i]!;
  }

  /** The mark a quote gives: its mid, or NaN for a one-sided book. */
  get mid(): number {
    return this.bid > 0 && this.ask > 0 ? (this.bid + this.ask) / 2 : Number.NaN;
  }
}

const AGGRESSOR_OF_CODE = [AggressorSide.Seller, AggressorSide.None, AggressorSide.Buyer] as const;

/** A TradeTick whose fields the engine overwrites for each row: one object per instrument for the whole run. */
export class TradeView implements TradeTick {
  timestamp = 0;
  price = 0;
  size = 0;
  aggressorSide: AggressorSide = AggressorSide.None;
  tradeId = '';
  constructor(public instrumentId: InstrumentId) {}

  /** Takes row `i` of a columnar series. */
  setRow(series: TradeSeries, i: number): void {
    this.timestamp = series.timestamp[i]!;
    this.price = series.price[i]!;
    this.size = series.size[i]!;
    this.aggressorSide = AGGRESSOR_OF_CODE[Math.sign(series.aggressor[i]!) + 1]!;
    this.tradeId = series.tradeId[i]!;
  }
}

/** One instrument's tick stream the engine drives: its portfolio index, venue, topic and reused tick. */
export interface TickFeed<V> {
  readonly index: number;
  readonly exchange: SimulatedExchange;
  readonly topic: Topic<V>;
  readonly view: V;
}

/** Refuses a tick older than the engine's time (the last tick, or the close of the last bar). */
export function tickOutOfOrder(id: string, kind: string, time: number, now: number, row: number): never {
  throw new Error(
    `${kind} of ${id} must not go back in time: row ${row} of the chunk is at ${time}, the engine is at ${now} ` +
      '(ticks come in non-decreasing time, after the bars already processed)',
  );
}
