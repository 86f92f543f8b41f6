import type { TimeEvent } from '../model/events.ts';
import type { UnixMillis } from '../model/time.ts';
import type { Clock, TimeEventHandler } from './clock.ts';

interface Timer {
  readonly name: string;
  readonly intervalMs: number;
  readonly stopTime: number;
  readonly handler: TimeEventHandler;
  next: number;
  readonly sequence: number;
}

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
  private readonly timers = new Map<string, Timer>();
  private sequence = 0;
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
    if (!(options.intervalMs > 0))
      throw new Error(`timer '${options.name}': intervalMs must be positive, got ${options.intervalMs}`);
    // A start time in the past keeps its grid but skips the ticks already gone: time never moves back.
    let next = (options.startTime ?? this.now) + options.intervalMs;
    if (next < this.now) next += Math.ceil((this.now - next) / options.intervalMs) * options.intervalMs;
    this.add(options.name, next, options.intervalMs, options.stopTime, options.handler, options.first);
  }

  setTimeAlert(options: { name: string; time: UnixMillis; handler: TimeEventHandler; first?: boolean }): void {
    this.add(options.name, Math.max(options.time, this.now), 0, options.time, options.handler, options.first);
  }

  cancelTimer(name: string): void {
    this.timers.delete(name);
    this.recompute();
  }

  timerNames(): string[] {
    return [...this.timers.keys()];
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
      const timer = this.earliest();
      this.now = timer.next;
      const event: TimeEvent = { type: 'TimeEvent', name: timer.name, timestamp: timer.next };
      if (timer.intervalMs > 0 && timer.next + timer.intervalMs <= timer.stopTime) timer.next += timer.intervalMs;
      else this.timers.delete(timer.name);
      this.recompute();
      timer.handler(event);
    }
    this.now = time;
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
      // `first` timers order before every other (ties among them in creation order).
      sequence: first ? Number.MIN_SAFE_INTEGER + this.sequence++ : this.sequence++,
    });
    this.recompute();
  }

  private earliest(): Timer {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (best === undefined || timer.next < best.next || (timer.next === best.next && timer.sequence < best.sequence))
        best = timer;
    }
    return best!;
  }

  private recompute(): void {
    let due = Number.POSITIVE_INFINITY;
    for (const timer of this.timers.values()) if (timer.next < due) due = timer.next;
    this.nextDue = due;
  }
}

function backwards(time: number, now: number): never {
  throw new Error(`clock cannot move backwards: ${time} < ${now}`);
}
