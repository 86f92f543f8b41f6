/**
 * The largest (`sign` 1) or smallest (`sign` −1) of the last `period` values pushed, the latest
 * included, and its age. Of equal extremes the most recent counts (TA-Lib's AROON convention), so
 * `age` is the number of pushes since the latest occurrence of the extreme. A monotonic deque in
 * ring buffers allocated once: O(1) amortised per push, no allocation. Minima are kept as negated
 * maxima (negation is exact), so one loop serves both. The rolling highest high / lowest low of
 * Donchian, Ichimoku, the stochastics, Williams %R and Aroon. NaN must be rejected by the caller.
 */
export class RollingExtreme {
  readonly period: number;
  private readonly sign: 1 | -1;
  private readonly values: Float64Array;
  /** Push number of each deque entry, to expire the one that leaves the window and to age the extreme. */
  private readonly positions: Float64Array;
  private front = 0;
  private size = 0;
  private pushes = 0;

  constructor(period: number, sign: 1 | -1) {
    this.period = period;
    this.sign = sign;
    this.values = new Float64Array(period);
    this.positions = new Float64Array(period);
  }

  /** True once `period` values have been pushed, so the window is complete. */
  get isFull(): boolean {
    return this.pushes >= this.period;
  }

  /** Pushes since the current extreme was pushed: 0 when it is the latest value. */
  get age(): number {
    return this.pushes - 1 - this.positions[this.front]!;
  }

  /** Adds `x` and returns the extreme of the window that now ends with it. */
  push(x: number): number {
    const capacity = this.period;
    const values = this.values;
    const position = this.pushes++;
    const value = this.sign === 1 ? x : -x;
    let front = this.front;
    let size = this.size;
    if (size > 0 && this.positions[front]! <= position - capacity) {
      front = front + 1 === capacity ? 0 : front + 1;
      size--;
    }
    while (size > 0) {
      let back = front + size - 1;
      if (back >= capacity) back -= capacity;
      if (values[back]! > value) break;
      size--;
    }
    let slot = front + size;
    if (slot >= capacity) slot -= capacity;
    values[slot] = value;
    this.positions[slot] = position;
    this.front = front;
    this.size = size + 1;
    const top = values[front]!;
    return this.sign === 1 ? top : -top;
  }

  reset(): void {
    this.values.fill(0);
    this.positions.fill(0);
    this.front = 0;
    this.size = 0;
    this.pushes = 0;
  }
}
