/** A downsampled series: `count` points `(x[i], y[i])` in time order. */
export interface DownsampledSeries {
  x: Float64Array;
  y: Float64Array;
  count: number;
}

/**
 * Streams a time series into at most `buckets` equal-width time buckets, keeping each bucket's
 * minimum and maximum (at their own times, in time order) so that spikes stay visible at any
 * length, plus the series' first and last points. Output: at most 2 × buckets + 2 points.
 * Non-finite values are skipped. Memory is O(buckets), independent of the series length.
 */
export class MinMaxDownsampler {
  readonly #start: number;
  readonly #bucketWidth: number;
  readonly #buckets: number;
  readonly #minValue: Float64Array;
  readonly #minTime: Float64Array;
  readonly #maxValue: Float64Array;
  readonly #maxTime: Float64Array;
  readonly #filled: Uint8Array;
  #firstTime = Number.NaN;
  #firstValue = Number.NaN;
  #lastTime = Number.NaN;
  #lastValue = Number.NaN;

  /** Buckets span `[start, end]` (Unix ms); points outside are clamped into the edge buckets. */
  constructor(start: number, end: number, buckets: number) {
    if (!(Number.isInteger(buckets) && buckets > 0))
      throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
    this.#start = start;
    this.#buckets = buckets;
    this.#bucketWidth = end > start ? (end - start) / buckets : 0;
    this.#minValue = new Float64Array(buckets);
    this.#minTime = new Float64Array(buckets);
    this.#maxValue = new Float64Array(buckets);
    this.#maxTime = new Float64Array(buckets);
    this.#filled = new Uint8Array(buckets);
  }

  /** Adds one point; points should arrive in time order. */
  add(time: number, value: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(time)) return;
    if (Number.isNaN(this.#firstTime)) {
      this.#firstTime = time;
      this.#firstValue = value;
    }
    this.#lastTime = time;
    this.#lastValue = value;
    let bucket = this.#bucketWidth > 0 ? Math.floor((time - this.#start) / this.#bucketWidth) : 0;
    if (bucket < 0) bucket = 0;
    else if (bucket >= this.#buckets) bucket = this.#buckets - 1;
    if (this.#filled[bucket] === 0) {
      this.#filled[bucket] = 1;
      this.#minValue[bucket] = this.#maxValue[bucket] = value;
      this.#minTime[bucket] = this.#maxTime[bucket] = time;
      return;
    }
    if (value < this.#minValue[bucket]) {
      this.#minValue[bucket] = value;
      this.#minTime[bucket] = time;
    } else if (value > this.#maxValue[bucket]) {
      this.#maxValue[bucket] = value;
      this.#maxTime[bucket] = time;
    }
  }

  /** The downsampled points so far. */
  result(): DownsampledSeries {
    const capacity = 2 * this.#buckets + 2;
    const x = new Float64Array(capacity);
    const y = new Float64Array(capacity);
    let count = 0;
    const push = (time: number, value: number): void => {
      if (count > 0 && time === x[count - 1] && value === y[count - 1]) return;
      x[count] = time;
      y[count] = value;
      count++;
    };
    if (Number.isNaN(this.#firstTime)) return { x, y, count };
    push(this.#firstTime, this.#firstValue);
    for (let bucket = 0; bucket < this.#buckets; bucket++) {
      if (this.#filled[bucket] === 0) continue;
      const minFirst = this.#minTime[bucket] <= this.#maxTime[bucket];
      if (minFirst) {
        push(this.#minTime[bucket], this.#minValue[bucket]);
        push(this.#maxTime[bucket], this.#maxValue[bucket]);
      } else {
        push(this.#maxTime[bucket], this.#maxValue[bucket]);
        push(this.#minTime[bucket], this.#minValue[bucket]);
      }
    }
    push(this.#lastTime, this.#lastValue);
    return { x, y, count };
  }
}

/** Downsamples the first `length` points of a series to at most `buckets` min/max buckets. */
export function downsampleMinMax(
  timestamps: Float64Array,
  values: Float64Array,
  length: number,
  buckets: number,
): DownsampledSeries {
  const downsampler = new MinMaxDownsampler(timestamps[0] ?? 0, timestamps[length - 1] ?? 0, buckets);
  for (let i = 0; i < length; i++) downsampler.add(timestamps[i], values[i]);
  return downsampler.result();
}
