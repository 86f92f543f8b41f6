import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError, requireInteger } from './indicator.ts';

/** Where a VWAP session starts: each day, each week (Monday) or each month (the 1st), at 00:00 local. */
export const VwapAnchor = { Day: 'day', Week: 'week', Month: 'month' } as const;
export type VwapAnchor = (typeof VwapAnchor)[keyof typeof VwapAnchor];

export interface VwapOptions {
  /** Session length; `day` when omitted. */
  readonly anchor?: VwapAnchor;
  /**
   * The session clock's offset from UTC in minutes, −1440 to 1440 (0 when omitted): sessions start
   * at 00:00 of UTC+offsetMinutes. A fixed offset, no daylight-saving changes.
   */
  readonly offsetMinutes?: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** VWAP has no warm-up: each session's first bar has a value (its typical price). */
export function vwapLookback(_options: VwapOptions = {}): number {
  return 0;
}

function validate(options: VwapOptions): { anchor: VwapAnchor; offset: number } {
  const anchor = options.anchor ?? VwapAnchor.Day;
  if (anchor !== VwapAnchor.Day && anchor !== VwapAnchor.Week && anchor !== VwapAnchor.Month)
    throw new RangeError(`vwap: anchor must be 'day', 'week' or 'month', got ${String(anchor)}`);
  const minutes = options.offsetMinutes ?? 0;
  requireInteger('vwap', 'offsetMinutes', minutes, -1440);
  if (minutes > 1440) throw new RangeError(`vwap: offsetMinutes must be an integer <= 1440, got ${minutes}`);
  return { anchor, offset: minutes * MINUTE };
}

/**
 * Writes the session containing `timestamp` into `bounds` as [start, end) in Unix milliseconds.
 * Calendar arithmetic on days since 1970-01-01 (a Thursday), so no Date object is allocated.
 */
function sessionBounds(timestamp: number, anchor: VwapAnchor, offset: number, bounds: Float64Array): void {
  const day = Math.floor((timestamp + offset) / DAY);
  let first = day;
  let next = day + 1;
  if (anchor === VwapAnchor.Week) {
    first = day - ((((day + 3) % 7) + 7) % 7);
    next = first + 7;
  } else if (anchor === VwapAnchor.Month) {
    // Proleptic Gregorian civil date from a day count, in 400-year eras (Howard Hinnant's method).
    const z = day + 719_468;
    const era = Math.floor(z / 146_097);
    const dayOfEra = z - era * 146_097;
    const yearOfEra = Math.floor(
      (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
    );
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
    const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
    const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    first = day - dayOfMonth + 1;
    next = Date.UTC(year, month, 1) / DAY;
  }
  bounds[0] = first * DAY - offset;
  bounds[1] = next * DAY - offset;
}

/**
 * Session-anchored volume-weighted average price of the typical price (high + low + close) / 3,
 * TradingView's `hlc3` VWAP: Σ(typical × volume) / Σvolume over the bars of the current session.
 * A session is a UTC+offsetMinutes calendar day, week (from Monday 00:00, as TradingView) or month;
 * a bar belongs to the session containing its open `timestamp`, and the sums restart on the first
 * bar of each new session (also when time goes backwards into another session). Units: price.
 *
 * While the session's cumulative volume is 0 the value is the current bar's typical price
 * (TradingView shows no value there). Sums only grow within a session and restart at its end, so
 * no re-synchronisation is needed. Reads timestamp, high, low, close, volume.
 */
export class Vwap {
  readonly anchor: VwapAnchor;
  readonly offsetMinutes: number;
  private readonly offset: number;
  private readonly bounds = new Float64Array(2);
  private sessionStart = Number.POSITIVE_INFINITY;
  private sessionEnd = Number.NEGATIVE_INFINITY;
  private priceVolume = 0;
  private volume = 0;
  private started = false;
  value = Number.NaN;

  constructor(options: VwapOptions = {}) {
    const { anchor, offset } = validate(options);
    this.anchor = anchor;
    this.offset = offset;
    this.offsetMinutes = offset / MINUTE;
  }

  get isReady(): boolean {
    return this.started;
  }

  update(bar: BarInput): number {
    const { timestamp, high, low, close, volume } = bar;
    if (Number.isNaN(timestamp)) throw nanInputError('vwap', undefined, 'timestamp');
    if (Number.isNaN(high)) throw nanInputError('vwap', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('vwap', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('vwap', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('vwap', undefined, 'volume');
    if (timestamp < this.sessionStart || timestamp >= this.sessionEnd) {
      sessionBounds(timestamp, this.anchor, this.offset, this.bounds);
      this.sessionStart = this.bounds[0]!;
      this.sessionEnd = this.bounds[1]!;
      this.priceVolume = 0;
      this.volume = 0;
    }
    const typical = (high + low + close) / 3;
    this.priceVolume += typical * volume;
    this.volume += volume;
    this.value = this.volume === 0 ? typical : this.priceVolume / this.volume;
    this.started = true;
    return this.value;
  }

  reset(): void {
    this.sessionStart = Number.POSITIVE_INFINITY;
    this.sessionEnd = Number.NEGATIVE_INFINITY;
    this.priceVolume = 0;
    this.volume = 0;
    this.started = false;
    this.value = Number.NaN;
  }
}

/** Batch session VWAP over timestamp, high, low, close, volume; writes into `out` when given. */
export function vwap(
  bars: Pick<BarColumns, 'timestamp' | 'high' | 'low' | 'close' | 'volume'>,
  options: VwapOptions = {},
  out?: Float64Array,
): Float64Array {
  const { timestamp, high, low, close, volume } = bars;
  return driveStreamingValue(new Vwap(options), {
    name: 'vwap',
    columns: { timestamp, high, low, close, volume },
    out,
  });
}
