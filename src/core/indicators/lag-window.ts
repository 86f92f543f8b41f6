/**
 * The last `period` inputs in a ring, for indicators that compare a value with the one `period`
 * updates earlier (momentum, rate of change). O(1) per push, no allocation after construction.
 */
export class LagWindow {
  private readonly ring: Float64Array;
  private next = 0;
  /** Pushes so far, capped at period + 1. */
  private count = 0;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
  }

  /** True once a push has returned a lagged value (the (period + 1)-th push on). */
  get isFull(): boolean {
    return this.count > this.period;
  }

  /** Adds `x` and returns the input `period` pushes before it, or NaN while there is none. */
  push(x: number): number {
    const slot = this.next;
    const lagged = this.count >= this.period ? this.ring[slot]! : Number.NaN;
    if (this.count <= this.period) this.count++;
    this.ring[slot] = x;
    this.next = slot + 1 === this.period ? 0 : slot + 1;
    return lagged;
  }

  reset(): void {
    this.ring.fill(0);
    this.next = 0;
    this.count = 0;
  }
}
