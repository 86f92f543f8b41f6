/**
 * Streaming drawdown of an equity curve: O(1) per update, no allocation, so the engine can run it
 * per bar and {@link computePerformance} can run the very same code over a finished series.
 *
 * Conventions:
 * - The drawdown is the fraction below the running peak, `(peak - equity) / peak`, positive
 *   (0.25 = 25% below the peak). It is 0 while the peak is not positive (the fraction is undefined)
 *   and can exceed 1 only when equity turns negative.
 * - Equity equal to the peak counts as recovered.
 * - A drawdown's duration runs from the time of its peak to the first update at or above that
 *   peak; an unrecovered drawdown lasts until the latest update. `maxDrawdownDurationMs` is the
 *   longest such duration, including the one still running.
 */
export class DrawdownTracker {
  private readonly scratchTime = new Float64Array(1);
  private readonly scratchEquity = new Float64Array(1);
  private _peak = 0;
  private _peakTime = 0;
  private _lastTime = 0;
  private _drawdown = 0;
  private _maxDrawdown = 0;
  private _maxDrawdownDurationMs = 0;
  private _currentDurationMs = 0;
  private _updates = 0;

  /** Highest equity seen so far (quote currency); 0 before the first update. */
  get peak(): number {
    return this._peak;
  }

  /** Time of the current peak (Unix ms); 0 before the first update. */
  get peakTime(): number {
    return this._peakTime;
  }

  /** Current drawdown as a positive fraction of the peak. */
  get drawdown(): number {
    return this._drawdown;
  }

  /** Largest drawdown seen so far, positive fraction. */
  get maxDrawdown(): number {
    return this._maxDrawdown;
  }

  /** Longest peak-to-recovery time so far (ms), counting the drawdown still running. */
  get maxDrawdownDurationMs(): number {
    return this._maxDrawdownDurationMs;
  }

  /** Time since the current peak while under water (ms); 0 at a peak. */
  get currentDurationMs(): number {
    return this._currentDurationMs;
  }

  /** Number of updates since construction or the last {@link reset}. */
  get updates(): number {
    return this._updates;
  }

  /**
   * Records the equity marked at `timestamp` (Unix ms, not earlier than the previous update).
   * Throws a RangeError on a non-finite equity or a timestamp going backwards: both are bugs upstream.
   */
  update(timestamp: number, equity: number): void {
    this.scratchTime[0] = timestamp;
    this.scratchEquity[0] = equity;
    this.updateMany(this.scratchTime, this.scratchEquity, 0, 1);
  }

  /**
   * Records entries `start` to `end` (exclusive) of a series in one call: the engine's hot path,
   * with the state in locals so nothing is boxed or allocated per point.
   */
  updateMany(timestamps: Float64Array, equities: Float64Array, start: number, end: number): void {
    let peak = this._peak;
    let peakTime = this._peakTime;
    let lastTime = this._lastTime;
    let drawdown = this._drawdown;
    let maxDrawdown = this._maxDrawdown;
    let maxDuration = this._maxDrawdownDurationMs;
    let duration = this._currentDurationMs;
    let updates = this._updates;
    for (let i = start; i < end; i++) {
      const timestamp = timestamps[i];
      const equity = equities[i];
      if (!Number.isFinite(equity)) throw new RangeError(`DrawdownTracker: equity must be finite, got ${equity}`);
      if (updates > 0 && timestamp < lastTime) {
        throw new RangeError(`DrawdownTracker: timestamp ${timestamp} is before the previous one ${lastTime}`);
      }
      lastTime = timestamp;
      updates++;
      if (updates === 1 || equity >= peak) {
        // Recovery: the drawdown lasted from its peak to this update.
        if ((duration > 0 || drawdown > 0) && timestamp - peakTime > maxDuration) maxDuration = timestamp - peakTime;
        peak = equity;
        peakTime = timestamp;
        drawdown = 0;
        duration = 0;
        continue;
      }
      drawdown = peak > 0 ? (peak - equity) / peak : 0;
      if (drawdown > maxDrawdown) maxDrawdown = drawdown;
      duration = timestamp - peakTime;
      if (duration > maxDuration) maxDuration = duration;
    }
    this._peak = peak;
    this._peakTime = peakTime;
    this._lastTime = lastTime;
    this._drawdown = drawdown;
    this._maxDrawdown = maxDrawdown;
    this._maxDrawdownDurationMs = maxDuration;
    this._currentDurationMs = duration;
    this._updates = updates;
  }

  /** Forgets everything, as if newly constructed. */
  reset(): void {
    this._peak = 0;
    this._peakTime = 0;
    this._lastTime = 0;
    this._drawdown = 0;
    this._maxDrawdown = 0;
    this._maxDrawdownDurationMs = 0;
    this._currentDurationMs = 0;
    this._updates = 0;
  }
}
