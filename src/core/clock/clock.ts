import type { TimeEvent } from '../model/events.ts';
import type { UnixMillis } from '../model/time.ts';

export type TimeEventHandler = (event: TimeEvent) => void;

/**
 * `first`: fires before every other timer due at the same instant (the risk engine's checks, so
 * that the trading state is settled before strategies act at that instant).
 *
 * The only source of time in the core. Backtests plug in a `SimulatedClock` that the engine
 * advances through the data; paper and live nodes plug in a real-time clock (an adapter).
 */
export interface Clock {
  /** Current time, Unix milliseconds UTC. */
  timestamp(): UnixMillis;
  /** A repeating timer: first fires at `start + interval` (start defaults to now), until `stop`. */
  setTimer(options: {
    name: string;
    intervalMs: number;
    startTime?: UnixMillis;
    stopTime?: UnixMillis;
    handler: TimeEventHandler;
    first?: boolean;
  }): void;
  /** A one-shot alert at `time`. */
  setTimeAlert(options: { name: string; time: UnixMillis; handler: TimeEventHandler; first?: boolean }): void;
  cancelTimer(name: string): void;
  /** Names of the active timers and alerts. */
  timerNames(): string[];
}
