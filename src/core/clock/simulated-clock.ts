import type { UnixMillis } from '../model/time.ts';
import type { Clock, TimeEventHandler } from './clock.ts';
import { TimerTable } from './timer-table.ts';

/**
 * A clock that moves only when told. `advanceTo(t)` fires, in time order (ties: `first` timers,
 * then creation order), every timer due at or before `t`, setting the clock to each timer's time before its
 * handler runs. Time never moves backwards.
 */
export class SimulatedClock implements Clock {
  /**
   * Initialized as a number, not left to the constructor: a class field declared without a value
   * starts as `undefined`, which makes V8 keep it boxed, and then every `set` (twice a bar) allocates.
   */
  private now = 0;
  private readonly timers = new TimerTable();
  /** Earliest due time over all timers (Infinity when none): a one-compare fast path per bar. */
  nextDue = Number.POSITIVE_INFINITY;

  constructor(start: UnixMillis = 0) {
    this.now = start;
  }

  timestamp(): UnixMillis {
    return this.now;
  }

  setTimer(options: {
    name: string;
    intervalMs: number;
    startTime?: UnixMillis;
    stopTime?: UnixMillis;
    handler: TimeEventHandler;
    first?: boolean;
  }): void {
    const next = TimerTable.firstDue(this.now, options.intervalMs, options.startTime, options.name);
    this.timers.add(options.name, next, options.intervalMs, options.stopTime, options.handler, options.first);
    this.nextDue = this.timers.nextDue;
  }

  setTimeAlert(options: { name: string; time: UnixMillis; handler: TimeEventHandler; first?: boolean }): void {
    this.timers.add(options.name, Math.max(options.time, this.now), 0, options.time, options.handler, options.first);
    this.nextDue = this.timers.nextDue;
  }

  cancelTimer(name: string): void {
    this.timers.cancel(name);
    this.nextDue = this.timers.nextDue;
  }

  timerNames(): string[] {
    return this.timers.names();
  }

  /** Sets the time without firing timers (they must already have been advanced past). */
  set(time: UnixMillis): void {
    // Kept tiny so the engine's per-bar loop inlines it; the message is built out of line.
    if (time < this.now) backwards(time, this.now);
    this.now = time;
  }

  /** Fires every timer due at or before `time`, then sets the clock to `time`. */
  advanceTo(time: UnixMillis): void {
    if (time < this.now) backwards(time, this.now);
    while (this.nextDue <= time) {
      const { event, handler } = this.timers.takeEarliest();
      this.nextDue = this.timers.nextDue;
      this.now = event.timestamp;
      handler(event);
    }
    this.now = time;
  }
}

function backwards(time: number, now: number): never {
  throw new Error(`clock cannot move backwards: ${time} < ${now}`);
}
