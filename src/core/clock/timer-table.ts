import type { TimeEvent } from '../model/events.ts';
import type { TimeEventHandler } from './clock.ts';

interface Timer {
  readonly name: string;
  readonly intervalMs: number;
  readonly stopTime: number;
  readonly handler: TimeEventHandler;
  /** Due time of the next firing, Unix ms. */
  next: number;
  readonly sequence: number;
}

/**
 * The timers of a clock and the one order they fire in, shared by the simulated clock and the
 * real-time clock so a backtest and a paper node fire the same timers in the same order: by due
 * time, then `first` timers, then creation order. A repeating timer is rescheduled by its
 * interval until its stop time; an alert fires once.
 */
export class TimerTable {
  private readonly timers = new Map<string, Timer>();
  private sequence = 0;
  /** Earliest due time over all timers (Infinity when none). */
  nextDue = Number.POSITIVE_INFINITY;

  /** The first due time of a repeating timer set at `now`: `start + interval`, a start in the past keeping its grid but skipping the ticks already gone. */
  static firstDue(now: number, intervalMs: number, startTime: number | undefined, name: string): number {
    if (!(intervalMs > 0)) throw new Error(`timer '${name}': intervalMs must be positive, got ${intervalMs}`);
    let next = (startTime ?? now) + intervalMs;
    if (next < now) next += Math.ceil((now - next) / intervalMs) * intervalMs;
    return next;
  }

  add(
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

  cancel(name: string): void {
    this.timers.delete(name);
    this.recompute();
  }

  clear(): void {
    this.timers.clear();
    this.recompute();
  }

  names(): string[] {
    return [...this.timers.keys()];
  }

  /**
   * Takes the earliest due timer (call only while `nextDue` is finite): reschedules or removes it
   * and returns its event (stamped with its due time) and handler, for the clock to run after
   * setting its time.
   */
  takeEarliest(): { readonly event: TimeEvent; readonly handler: TimeEventHandler } {
    let timer: Timer | undefined;
    for (const t of this.timers.values())
      if (timer === undefined || t.next < timer.next || (t.next === timer.next && t.sequence < timer.sequence))
        timer = t;
    if (timer === undefined) throw new Error('no timer is due');
    const event: TimeEvent = { type: 'TimeEvent', name: timer.name, timestamp: timer.next };
    if (timer.intervalMs > 0 && timer.next + timer.intervalMs <= timer.stopTime) timer.next += timer.intervalMs;
    else this.timers.delete(timer.name);
    this.recompute();
    return { event, handler: timer.handler };
  }

  private recompute(): void {
    let due = Number.POSITIVE_INFINITY;
    for (const timer of this.timers.values()) if (timer.next < due) due = timer.next;
    this.nextDue = due;
  }
}
