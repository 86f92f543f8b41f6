import type { Clock } from '../clock/clock.ts';
import type { ExternalEvent } from '../model/events.ts';

const TIMER = 'ENGINE:external-events';

/**
 * Recorded external events released in time order as a simulated clock reaches them: one clock
 * alert at a time, at the next pending event; it publishes every event of that instant (in the
 * order given) and arms the next.
 */
export class ExternalEventQueue {
  /** Events not yet released, in time order, from `cursor` on. */
  private readonly pending: ExternalEvent[] = [];
  private cursor = 0;

  constructor(
    private readonly clock: Clock,
    private readonly publish: (event: ExternalEvent) => void,
  ) {}

  /** Adds events in any order; once the run has `started`, none may be older than the clock. */
  add(events: readonly ExternalEvent[], started: boolean): void {
    const now = this.clock.timestamp();
    for (const event of events) {
      if (started && !(event.timestamp >= now))
        throw new Error(
          `external event ${event.kind} from ${event.source} at ${event.timestamp} is older than the clock (${now})`,
        );
    }
    this.pending.push(...events);
    // Stable: events of one instant keep the order they were given in.
    this.pending.sort((a, b) => a.timestamp - b.timestamp);
    this.rearm();
  }

  /** Sets the alert at the next pending event, no earlier than the clock (e.g. after the clock jumped to the first bar). */
  rearm(): void {
    this.clock.cancelTimer(TIMER);
    const next = this.pending[this.cursor];
    if (next === undefined) return;
    this.clock.setTimeAlert({ name: TIMER, time: next.timestamp, handler: (tick) => this.release(tick.timestamp) });
  }

  private release(now: number): void {
    const pending = this.pending;
    while (this.cursor < pending.length && pending[this.cursor]!.timestamp <= now)
      this.publish(pending[this.cursor++]!);
    if (this.cursor === pending.length) {
      pending.length = 0;
      this.cursor = 0;
    }
    this.rearm();
  }
}
