import type { TimeEventHandler } from '../../core/clock/clock.ts';
import type { StepClock } from '../../core/kernel/step-clock.ts';
import type { TimeEvent } from '../../core/model/events.ts';
import type { UnixMillis } from '../../core/model/time.ts';

interface Timer {
  readonly name: string;
  readonly intervalMs: number;
  readonly stopTime: number;
  readonly handler: TimeEventHandler;
  /** Due time of the next firing, Unix ms. */
  next: number;
  readonly sequence: number;
}

/** Where the clock reads the time and sets its one Node timer (tests pass fakes only through here). */
export interface RealTimeSource {
  now(): UnixMillis;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIME: RealTimeSource = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, delayMs: number) => setTimeout(callback, delayMs),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/** Node timers fire at most this long after being set (setTimeout's 32-bit limit, ms). */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * The Clock port on the wall clock, for paper and live nodes: `timestamp()` is the machine's UTC
 * time, timers and alerts fire from one Node timer armed at the earliest due time. Firing order is
 * the simulated clock's: due time, then `first` timers, then creation order; each handler's event
 * carries its due time (not the late wall time it ran at). As a `StepClock`, `set` does nothing
 * (wall time is already past a closed bar) and `advanceTo(t)` fires at once what is due by `t`
 * and not fired yet, so a bar's step sees the same timer order as in a backtest. `close()` cancels
 * every timer (a stopping node).
 */
export class RealTimeClock implements StepClock {
  private readonly timers = new Map<string, Timer>();
  private sequence = 0;
  private handle: unknown;
  private armedFor = Number.POSITIVE_INFINITY;
  nextDue = Number.POSITIVE_INFINITY;

  constructor(private readonly source: RealTimeSource = NODE_TIME) {}

  timestamp(): UnixMillis {
    return this.source.now();
  }

  setTimer(options: {
    name: string;
    intervalMs: number;
    startTime?: UnixMillis;
    stopTime?: UnixMillis;
    handler: TimeEventHandler;
    first?: boolean;
  }): void {
    if (!(options.intervalMs > 0))
      throw new Error(`timer '${options.name}': intervalMs must be positive, got ${options.intervalMs}`);
    const now = this.source.now();
    let next = (options.startTime ?? now) + options.intervalMs;
    // A start in the past keeps its grid but skips the ticks already gone.
    if (next < now) next += Math.ceil((now - next) / options.intervalMs) * options.intervalMs;
    this.add(options.name, next, options.intervalMs, options.stopTime, options.handler, options.first);
  }

  setTimeAlert(options: { name: string; time: UnixMillis; handler: TimeEventHandler; first?: boolean }): void {
    this.add(options.name, options.time, 0, options.time, options.handler, options.first);
  }

  cancelTimer(name: string): void {
    this.timers.delete(name);
    this.rearm();
  }

  timerNames(): string[] {
    return [...this.timers.keys()];
  }

  /** Wall time cannot be set; a bar's close is already in the past when the bar arrives. */
  set(_time: UnixMillis): void {}

  /** Fires, in order, every timer due at or before `time` (catching up on a late Node timer). */
  advanceTo(time: UnixMillis): void {
    while (this.nextDue <= time) this.fireEarliest();
    this.rearm();
  }

  /** Cancels every timer and alert; the clock still tells the time. */
  close(): void {
    this.timers.clear();
    this.rearm();
  }

  private add(
    name: string,
    next: number,
    intervalMs: number,
    stopTime: number | undefined,
    handler: TimeEventHandler,
    first = false,
  ): void {
    if (this.timers.has(name)) throw new Error(`timer '${name}' already exists; cancel it first`);
    this.timers.set(name, {
      name,
      next,
      intervalMs,
      stopTime: stopTime ?? Number.POSITIVE_INFINITY,
      handler,
      sequence: first ? Number.MIN_SAFE_INTEGER + this.sequence++ : this.sequence++,
    });
    this.rearm();
  }

  private fireEarliest(): void {
    let timer: Timer | undefined;
    for (const t of this.timers.values())
      if (timer === undefined || t.next < timer.next || (t.next === timer.next && t.sequence < timer.sequence))
        timer = t;
    if (timer === undefined) return;
    const event: TimeEvent = { type: 'TimeEvent', name: timer.name, timestamp: timer.next };
    if (timer.intervalMs > 0 && timer.next + timer.intervalMs <= timer.stopTime) timer.next += timer.intervalMs;
    else this.timers.delete(timer.name);
    this.recompute();
    timer.handler(event);
  }

  private recompute(): void {
    let due = Number.POSITIVE_INFINITY;
    for (const timer of this.timers.values()) if (timer.next < due) due = timer.next;
    this.nextDue = due;
  }

  /** Keeps the one Node timer set for the earliest due time. */
  private rearm(): void {
    this.recompute();
    if (this.armedFor === this.nextDue) return;
    if (this.handle !== undefined) this.source.clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = this.nextDue;
    if (this.nextDue === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, this.nextDue - this.source.now()));
    this.handle = this.source.setTimeout(() => {
      this.handle = undefined;
      this.armedFor = Number.POSITIVE_INFINITY;
      this.advanceTo(this.source.now());
    }, delay);
  }
}
