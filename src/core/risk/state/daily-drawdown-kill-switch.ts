import type { UnixMillis } from '../../model/time.ts';
import { GLOBAL_SCOPE, type TradingScope, TradingState, TradingStateReason } from './trading-state.ts';
import type { TradingStateMachine } from './trading-state-machine.ts';

/** What the kernel must do, in this order, when a kill switch fires (after the state is HALTED). */
export const KillAction = { CancelWorkingOrders: 'CANCEL_WORKING_ORDERS', Flatten: 'FLATTEN' } as const;
export type KillAction = (typeof KillAction)[keyof typeof KillAction];

const DAY_MS = 86_400_000;

/**
 * The day's drawdown reached the limit. The kernel applies it to the state machine (HALTED until
 * `until`), then performs `actions` in order: cancel every working order of the scope, then flatten
 * every position of the scope with `flatten` orders (the only orders HALTED lets through).
 */
export interface DailyDrawdownBreached {
  readonly type: 'DailyDrawdownBreached';
  readonly scope: TradingScope;
  readonly timestamp: UnixMillis;
  /** The mark that breached, account currency. */
  readonly equity: number;
  /** The day's high-water mark, account currency. */
  readonly highWaterMark: number;
  /** (highWaterMark − equity) / highWaterMark, a fraction. */
  readonly drawdown: number;
  /** The configured limit, a fraction. */
  readonly limit: number;
  /** Start of the trading day, Unix ms UTC. */
  readonly dayStart: UnixMillis;
  readonly actions: readonly KillAction[];
  readonly state: TradingState;
  /** End of the cooldown: the state lifts by itself then. */
  readonly until: UnixMillis;
}

export interface DailyDrawdownKillSwitchOptions {
  readonly scope?: TradingScope;
  /** Drawdown from the day's high-water mark that kills, a fraction (default 0.05). */
  readonly limit?: number;
  /** HALTED this long after a kill, ms (default 3,600,000: 60 minutes). */
  readonly cooldownMs?: number;
  /**
   * The trading day's time zone as a fixed offset from UTC, minutes (default 0; +60 for UTC+1,
   * −300 for New York in winter). Fixed: daylight-saving changes are not followed.
   */
  readonly dayOffsetMinutes?: number;
}

/**
 * The daily drawdown kill switch, fed equity marks (timestamps non-decreasing). The high-water
 * mark is the day's highest equity, starting each trading day from the equity the day opened with
 * (the last mark before the boundary, so a gap at the first mark or a loss on a daily bar counts). A mark at or
 * beyond `limit` below it fires once: HALTED, cancel, flatten, and a cooldown. Marks during the
 * cooldown are not judged; the first mark after it restarts the high-water mark, so a second kill
 * takes a fresh drawdown of `limit` (otherwise the flat account, still below the old mark, would be
 * killed again at once and the cooldown would mean nothing).
 */
export class DailyDrawdownKillSwitch {
  private readonly scope: TradingScope;
  private readonly limit: number;
  private readonly cooldownMs: number;
  private readonly offsetMs: number;
  private day = Number.NaN;
  private hwm = Number.NaN;
  /** The last mark seen: the next day's high-water mark starts from it (the day's opening equity). */
  private lastEquity = Number.NaN;
  private haltedUntil = Number.NEGATIVE_INFINITY;
  private rearmPending = false;

  constructor(options: DailyDrawdownKillSwitchOptions = {}) {
    this.scope = options.scope ?? GLOBAL_SCOPE;
    this.limit = options.limit ?? 0.05;
    this.cooldownMs = options.cooldownMs ?? 3_600_000;
    this.offsetMs = (options.dayOffsetMinutes ?? 0) * 60_000;
    if (!(this.limit > 0 && this.limit < 1)) throw new Error(`drawdown limit ${this.limit} must be in (0, 1)`);
    if (!(this.cooldownMs > 0)) throw new Error(`cooldownMs ${this.cooldownMs} must be > 0`);
    if (!(Math.abs(this.offsetMs) < DAY_MS)) throw new Error(`dayOffsetMinutes must be within ±1440`);
  }

  /** Start of the trading day holding `timestamp`, Unix ms UTC. */
  dayStart(timestamp: UnixMillis): UnixMillis {
    return Math.floor((timestamp + this.offsetMs) / DAY_MS) * DAY_MS - this.offsetMs;
  }

  /** An equity mark (account currency) at `timestamp`. Returns the breach when it fires. */
  onEquity(equity: number, timestamp: UnixMillis): DailyDrawdownBreached | undefined {
    if (!Number.isFinite(equity)) notFinite(equity, timestamp);
    const day = this.dayStart(timestamp);
    const opening = this.lastEquity;
    this.lastEquity = equity;
    if (day !== this.day) {
      // The day starts at the equity it opened with (the last mark before the boundary), so a
      // loss at the day's first mark (a gap, or daily bars) counts.
      this.day = day;
      this.hwm = Number.isNaN(opening) ? equity : opening;
    }
    if (timestamp < this.haltedUntil) return undefined;
    if (this.rearmPending) {
      this.rearmPending = false;
      this.hwm = equity;
    }
    if (equity > this.hwm) this.hwm = equity;
    if (!(this.hwm > 0)) return undefined;
    const drawdown = (this.hwm - equity) / this.hwm;
    if (drawdown < this.limit) return undefined;
    this.haltedUntil = timestamp + this.cooldownMs;
    this.rearmPending = true;
    return {
      type: 'DailyDrawdownBreached',
      scope: this.scope,
      timestamp,
      equity,
      highWaterMark: this.hwm,
      drawdown,
      limit: this.limit,
      dayStart: day,
      actions: [KillAction.CancelWorkingOrders, KillAction.Flatten],
      state: TradingState.Halted,
      until: this.haltedUntil,
    };
  }

  /** Judge again from the next mark (e.g. after an operator resumed early). */
  rearm(): void {
    this.haltedUntil = Number.NEGATIVE_INFINITY;
    this.rearmPending = true;
  }

  /** The day's high-water mark so far (NaN before the first mark). */
  get highWaterMark(): number {
    return this.hwm;
  }
}

/** Puts a breach into the state machine: HALTED on its scope until the cooldown ends. */
export function applyDailyDrawdownBreached(machine: TradingStateMachine, event: DailyDrawdownBreached): void {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const money = (x: number) => x.toFixed(2);
  machine.hold({
    source: 'DAILY_DRAWDOWN',
    scope: event.scope,
    state: event.state,
    reason: TradingStateReason.DailyDrawdown,
    detail: `equity ${money(event.equity)} is ${pct(event.drawdown)} below the day's high-water mark ${money(event.highWaterMark)} (limit ${pct(event.limit)})`,
    until: event.until,
  });
}

/** Out of line, so that `onEquity` (called on every bar) stays small enough to inline. */
function notFinite(equity: number, timestamp: UnixMillis): never {
  throw new Error(`equity mark ${equity} at ${timestamp} is not finite`);
}
