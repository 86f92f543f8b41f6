import type { TradeTick } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import { formatTimestamp, type Timeframe, type UnixMillis } from '../model/time.ts';
import { type AggregatedBarHandler, AggregatedBarView } from './aggregated-bar.ts';
import { LatePolicy } from './bar-aggregator.ts';

/**
 * How a trade that takes a volume or notional bar past its threshold is handled:
 * - `split` (default, as NautilusTrader does): the trade is cut; the part that fills the bar
 *   exactly closes it and the rest opens the next bar (several bars for a huge trade), at the same
 *   price and time. Every complete bar holds exactly the threshold; the cut counts as a trade in
 *   each bar it touches.
 * - `close` (as López de Prado's information bars): the whole trade goes into the bar, which then
 *   closes holding at least the threshold.
 */
export const ThresholdOverflow = { Split: 'split', Close: 'close' } as const;
export type ThresholdOverflow = (typeof ThresholdOverflow)[keyof typeof ThresholdOverflow];

/** Bars that close on activity rather than time. */
export type ThresholdBarSpec =
  /** A bar every `trades` trades. */
  | { readonly kind: 'tick'; readonly trades: number }
  /** A bar every `volume` base units traded. */
  | { readonly kind: 'volume'; readonly volume: number; readonly overflow?: ThresholdOverflow }
  /** A bar every `notional` quote units traded (Σ price · size): "dollar bars". */
  | { readonly kind: 'notional'; readonly notional: number; readonly overflow?: ThresholdOverflow };

/**
 * The label used as the bars' timeframe: `100-tick`, `5-volume`, `1000000-notional`. It names a
 * bar type, not a duration: timeframeMillis rejects it.
 */
export function thresholdBarLabel(spec: ThresholdBarSpec): Timeframe {
  if (spec.kind === 'tick') return `${spec.trades}-tick`;
  return spec.kind === 'volume' ? `${spec.volume}-volume` : `${spec.notional}-notional`;
}

export interface ThresholdBarAggregatorOptions {
  readonly instrumentId: InstrumentId;
  readonly spec: ThresholdBarSpec;
  readonly onBar: AggregatedBarHandler;
  /** Out-of-order trades (earlier than the previous one): `throw` (default) or `drop` and count. */
  readonly late?: LatePolicy;
}

/** Relative slack under which a bar counts as exactly full (absorbs float rounding of sums). */
const FULL_TOLERANCE = 1e-9;

/**
 * Builds tick, volume or notional bars from trades, one trade at a time: the same object serves a
 * batch (`aggregateTrades`) and a live trade stream. Open/high/low/close are trade prices, volume
 * the base size summed; `timestamp` is the first trade's time and `closeTimestamp` the last's.
 * These bars never close on time, so {@link closeUpTo} emits nothing; {@link flush} emits the
 * unfinished bar flagged partial.
 */
export class ThresholdBarAggregator {
  readonly timeframe: Timeframe;
  lateCount = 0;
  private readonly threshold: number;
  private readonly tolerance: number;
  /** 0 tick, 1 volume, 2 notional. */
  private readonly measure: 0 | 1 | 2;
  private readonly split: boolean;
  private readonly dropLate: boolean;
  private readonly onBar: AggregatedBarHandler;
  private readonly view: AggregatedBarView;
  private lastTimestamp = Number.NEGATIVE_INFINITY;
  /** Progress towards the threshold, in the spec's unit. */
  private filled = 0;
  private count = 0;
  private openTimestamp = 0;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;

  constructor(options: ThresholdBarAggregatorOptions) {
    const spec = options.spec;
    this.threshold = spec.kind === 'tick' ? spec.trades : spec.kind === 'volume' ? spec.volume : spec.notional;
    this.timeframe = thresholdBarLabel(spec);
    if (
      !(this.threshold > 0) ||
      !Number.isFinite(this.threshold) ||
      (spec.kind === 'tick' && !Number.isInteger(this.threshold))
    )
      throw new Error(
        `invalid ${spec.kind} bar threshold ${this.threshold}: expected a positive ${spec.kind === 'tick' ? 'integer' : 'finite number'}`,
      );
    this.measure = spec.kind === 'tick' ? 0 : spec.kind === 'volume' ? 1 : 2;
    this.split = spec.kind !== 'tick' && spec.overflow !== ThresholdOverflow.Close;
    this.tolerance = this.threshold * FULL_TOLERANCE;
    this.dropLate = options.late === LatePolicy.Drop;
    this.onBar = options.onBar;
    this.view = new AggregatedBarView(options.instrumentId, this.timeframe);
  }

  get pending(): boolean {
    return this.count > 0;
  }

  /** Adds one trade: time (Unix ms), price, and size in base units (≥ 0). */
  addTrade(timestamp: UnixMillis, price: number, size: number): void {
    if (!(timestamp >= this.lastTimestamp)) {
      if (this.dropLate && !Number.isNaN(timestamp)) {
        this.lateCount++;
        return;
      }
      throw new Error(
        `${this.timeframe} bars: trade at ${describeTime(timestamp)} is earlier than the previous one at ${describeTime(this.lastTimestamp)}`,
      );
    }
    if (!Number.isFinite(price) || !(size >= 0) || !Number.isFinite(size))
      throw new Error(`${this.timeframe} bars: trade at ${describeTime(timestamp)} has price ${price}, size ${size}`);
    this.lastTimestamp = timestamp;
    if (this.measure === 0) {
      this.absorb(timestamp, price, size, 1);
      if (this.filled >= this.threshold) this.emit(false);
      return;
    }
    const unit = this.measure === 1 ? 1 : price;
    let remaining = size;
    for (;;) {
      const room = this.threshold - this.filled;
      const amount = unit * remaining;
      if (amount < room - this.tolerance) {
        this.absorb(timestamp, price, remaining, amount);
        return;
      }
      if (!this.split || amount <= room + this.tolerance || unit === 0) {
        this.absorb(timestamp, price, remaining, amount);
        this.emit(false);
        return;
      }
      const part = room / unit;
      this.absorb(timestamp, price, part, room);
      this.emit(false);
      remaining -= part;
    }
  }

  updateTrade(trade: TradeTick): void {
    this.addTrade(trade.timestamp, trade.price, trade.size);
  }

  /** Threshold bars do not close on time: always 0 (here so time and threshold aggregators share a shape). */
  closeUpTo(_timestamp: UnixMillis): number {
    return 0;
  }

  /** Emits the unfinished bar, flagged partial (it is below its threshold). Returns bars emitted. */
  flush(_coverageEnd?: UnixMillis): number {
    if (this.count === 0) return 0;
    this.emit(true);
    return 1;
  }

  private absorb(timestamp: UnixMillis, price: number, size: number, amount: number): void {
    if (this.count === 0) {
      this.openTimestamp = timestamp;
      this.open = price;
      this.high = price;
      this.low = price;
    } else {
      if (price > this.high) this.high = price;
      if (price < this.low) this.low = price;
    }
    this.close = price;
    this.volume += size;
    this.filled += amount;
    this.count++;
  }

  private emit(partial: boolean): void {
    const view = this.view;
    view.timestamp = this.openTimestamp;
    view.open = this.open;
    view.high = this.high;
    view.low = this.low;
    view.close = this.close;
    view.volume = this.volume;
    view.closeTimestamp = this.lastTimestamp;
    view.count = this.count;
    view.partial = partial;
    this.count = 0;
    this.volume = 0;
    this.filled = 0;
    this.onBar(view);
  }
}

const describeTime = (timestamp: number): string =>
  Number.isFinite(timestamp) ? formatTimestamp(timestamp) : String(timestamp);
