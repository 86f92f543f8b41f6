/**
 * The equity curve: one point per step (a bar's close, a millisecond with ticks), kept in
 * growable typed arrays (16 bytes a point), and how many points had a position open.
 */
export class EquityRecorder {
  timestamps: Float64Array;
  equity: Float64Array;
  length = 0;
  /** Points recorded with a position open: the time in the market, in steps (bars, tick milliseconds). */
  stepsInMarket = 0;
  /** 1 when the last point was in the market (undone when a step of the same time replaces it). */
  private lastInMarket = 0;

  constructor(capacity = 1024) {
    this.timestamps = new Float64Array(capacity);
    this.equity = new Float64Array(capacity);
  }

  /** Makes room for `extra` more points at once (avoids repeated doubling for known sizes). */
  reserve(extra: number): void {
    if (this.length + extra > this.timestamps.length) this.grow(this.length + extra);
  }

  /**
   * Records `equity` at `time` (room made by `reserve`) and returns the index written. A point at
   * the time of the last one replaces it: steps sharing a millisecond (ticks) make one point, the
   * state after the last of them. Points handed on and cleared (`length = 0`) are not replaced.
   */
  record(time: number, equity: number, inMarket: boolean): number {
    let k = this.length;
    const market = inMarket ? 1 : 0;
    if (k > 0 && this.timestamps[k - 1] === time) {
      k--;
      this.stepsInMarket -= this.lastInMarket;
    }
    this.stepsInMarket += market;
    this.lastInMarket = market;
    this.timestamps[k] = time;
    this.equity[k] = equity;
    this.length = k + 1;
    return k;
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
