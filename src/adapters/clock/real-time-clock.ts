import type { TimeEventHandler } from '../../core/clock/clock.ts';
import { TimerTable } from '../../core/clock/timer-table.ts';
import type { StepClock } from '../../core/kernel/step-clock.ts';
import type { UnixMillis } from '../../core/model/time.ts';

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
  private readonly timers = new TimerTable();
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
    const next = TimerTable.firstDue(this.source.now(), options.intervalMs, options.startTime, options.name);
    this.timers.add(options.name, next, options.intervalMs, options.stopTime, options.handler, options.first);
    this.rearm();
  }

  setTimeAlert(options: { name: string; time: UnixMillis; handler: TimeEventHandler; first?: boolean }): void {
    this.timers.add(options.name, options.time, 0, options.time, options.handler, options.first);
    this.rearm();
  }

  cancelTimer(name: string): void {
    this.timers.cancel(name);
    this.rearm();
  }

  timerNames(): string[] {
    return this.timers.names();
  }

  /** Wall time cannot be set; a bar's close is already in the past when the bar arrives. */
  set(_time: UnixMillis): void {}

  /** Fires, in order, every timer due at or before `time` (catching up on a late Node timer). */
  advanceTo(time: UnixMillis): void {
    while (this.timers.nextDue <= time) {
      const { event, handler } = this.timers.takeEarliest();
      this.nextDue = this.timers.nextDue;
      handler(event);
    }
    this.rearm();
  }

  /** Cancels every timer and alert; the clock still tells the time. */
  close(): void {
    this.timers.clear();
    this.rearm();
  }

  /** Keeps the one Node timer set for the earliest due time. */
  private rearm(): void {
    this.nextDue = this.timers.nextDue;
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
