/**
 * At most `maxPerSecond` events (order submits and modifies) in any window of 1,000 ms of clock
 * time: a ring of the last `maxPerSecond` accepted times. O(1) per check, no allocation.
 */
export class OrderRateThrottle {
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly maxPerSecond: number) {
    if (!(maxPerSecond > 0)) throw new Error(`maxPerSecond ${maxPerSecond} must be > 0`);
    this.times = new Float64Array(Number.isFinite(maxPerSecond) ? maxPerSecond : 0);
  }

  /** How many events the last second already holds at `now` (capped at the limit), for denial details. */
  inWindow(now: number): number {
    if (this.times.length === 0) return 0;
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.times[i]! > now - 1000) n++;
    return n;
  }

  /** True when one more event at `now` would make more than `maxPerSecond` in the last 1,000 ms. */
  wouldExceed(now: number): boolean {
    const size = this.times.length;
    if (size === 0 || this.count < size) return false;
    // The oldest of the last `size` events: another now would make size + 1 within the window.
    return this.times[this.head]! > now - 1000;
  }

  /** Counts an event at `now` (times non-decreasing). */
  record(now: number): void {
    const size = this.times.length;
    if (size === 0) return;
    this.times[this.head] = now;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.count < size) this.count++;
  }
}
