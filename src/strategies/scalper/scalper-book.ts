import type { Instrument } from '../../core/model/instrument.ts';
import { AbdiRanaldoSpread } from './abdi-ranaldo-spread.ts';

/** Where the spread estimate in force comes from. */
export const SpreadSource = { Quote: 'quote', Bars: 'bars' } as const;
export type SpreadSource = (typeof SpreadSource)[keyof typeof SpreadSource];

/**
 * The scalper's state in one instrument, independent of every other instrument's: the spread
 * estimates, the orders of the current cycle (entries, then exits) and the cooldown. A cycle
 * starts with the entry limits and ends when no entry or exit order is working and the trade, if
 * one opened, is closed.
 */
export class ScalperBook {
  readonly instrumentId: string;
  readonly barSpread: AbdiRanaldoSpread;
  /** Last quoted spread (ask − bid) / mid, a fraction, and the quote's time (Unix ms). */
  quotedSpread = Number.NaN;
  quoteTime = Number.NEGATIVE_INFINITY;
  /** True while the spread guard is holding entries back (logged when it starts and when it lifts). */
  guardOn = false;
  /** Working entry limits of this cycle, by client order id. */
  readonly entries = new Set<string>();
  /** Working exit orders (target, stop, time stop, fallback), by client order id. */
  readonly exits = new Set<string>();
  /** Orders this strategy asked to cancel: their cancel is expected, not a refusal. */
  readonly canceling = new Set<string>();
  /** An entry of this cycle filled (partly or fully). */
  entryFilled = false;
  /** Some entry of this cycle expired untouched. */
  entryExpired = false;
  /** A position opened by this cycle's entries is open: exits are (being) attached. */
  inTrade = false;
  direction: 1 | -1 = 1;
  entryPrice = Number.NaN;
  barsHeld = 0;
  targetId: string | undefined;
  stopId: string | undefined;
  fallbackId: string | undefined;
  timeStopSent = false;
  /** The fallback exit was refused: send it again at the next bar close. */
  retryFlatten = false;
  /** Bar closes left without a new entry. */
  cooldownLeft = 0;

  constructor(
    readonly instrument: Instrument,
    spreadWindow: number,
  ) {
    this.instrumentId = instrument.id;
    this.barSpread = new AbdiRanaldoSpread({ period: spreadWindow });
  }

  /** Something of this strategy is still working in the instrument. */
  get busy(): boolean {
    return this.entries.size > 0 || this.exits.size > 0;
  }

  /**
   * The spread estimate in force at `now`, a fraction: the last quote's when it is at most
   * `quoteMaxAgeMs` old, else the bar estimate (NaN while it warms up). Writes where it came from.
   */
  spread(now: number, quoteMaxAgeMs: number, out: { source: SpreadSource }): number {
    if (now - this.quoteTime <= quoteMaxAgeMs && !Number.isNaN(this.quotedSpread)) {
      out.source = SpreadSource.Quote;
      return this.quotedSpread;
    }
    out.source = SpreadSource.Bars;
    return this.barSpread.value;
  }

  /** Starts a new cycle of entries. */
  startCycle(): void {
    this.entryFilled = false;
    this.entryExpired = false;
    this.timeStopSent = false;
    this.retryFlatten = false;
    this.targetId = undefined;
    this.stopId = undefined;
    this.fallbackId = undefined;
  }
}
