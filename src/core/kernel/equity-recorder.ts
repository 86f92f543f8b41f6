/**
 * Equity marked at each bar's close, kept in growable typed arrays (16 bytes a point). The
 * engine's bar loop writes into the arrays directly after `reserve` and then sets `length`.
 */
export class EquityRecorder {
  timestamps: Float64Array;
  equity: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.timestamps = new Float64Array(capacity);
    this.equity = new Float64Array(capacity);
  }

  /** Makes room for `extra` more points at once (avoids repeated doubling for known sizes). */
  reserve(extra: number): void {
    if (this.length + extra > this.timestamps.length) this.grow(this.length + extra);
  }

  private grow(needed: number): void {
    const capacity = Math.max(1024, this.timestamps.length * 2, needed);
    const t = new Float64Array(capacity);
    const e = new Float64Array(capacity);
    t.set(this.timestamps.subarray(0, this.length));
    e.set(this.equity.subarray(0, this.length));
    this.timestamps = t;
    this.equity = e;
  }
}
