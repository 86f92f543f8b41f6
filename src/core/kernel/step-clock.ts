import type { Clock } from '../clock/clock.ts';
import type { UnixMillis } from '../model/time.ts';

/**
 * The clock a bar-driven engine steps: the Clock port plus the three calls of the per-bar step.
 * `SimulatedClock` implements it (the bars are the time); a real-time clock implements it with
 * `set` as a no-op (wall time is already past a closed bar) and `advanceTo` firing any timer
 * overdue by then that its own scheduling has not fired yet.
 */
export interface StepClock extends Clock {
  /** Earliest due time over the pending timers (Infinity when none). */
  readonly nextDue: number;
  /** Fires every timer due at or before `time` (in time order, `first` ones first at a tie). */
  advanceTo(time: UnixMillis): void;
  /** Moves the clock to `time` when no timer is due by then. */
  set(time: UnixMillis): void;
}
