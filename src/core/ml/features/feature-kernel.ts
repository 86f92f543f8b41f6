import type { BarColumns, BarInput } from '../../indicators/indicator.ts';

/**
 * One feature spec's two forms over the same arithmetic, so that they agree bit for bit:
 * `batch` fills whole columns, a `FeatureStream` writes one row per bar. Internal to the pipeline.
 */
export interface FeatureKernel {
  readonly columns: readonly string[];
  /** Bars before the first defined value of every column (NaN up to there). */
  readonly lookback: number;
  /** Writes rows 0 … length − 1 of each output column (`out[k]` holds at least `length` values). */
  batch(bars: BarColumns, length: number, out: readonly Float64Array[]): void;
  /** A fresh streaming state, at bar 0. */
  stream(): FeatureStream;
}

/** Streaming state of one spec: reads a bar, writes its columns into `row` from `offset`. */
export interface FeatureStream {
  /** `index` is the bar's position since the start (0 for the first bar). */
  update(bar: BarInput, index: number, row: Float64Array, offset: number): void;
  reset(): void;
}

/**
 * A fixed-size window over the last `size` values, kept contiguous and oldest first at
 * `values[start … start + size)` once full: each value is written twice (at p and p + size), so
 * readers loop over one run of indices exactly as a batch loop does over a column.
 */
export class RingWindow {
  /** Twice `size` slots; read only `values[start … start + count)`. */
  readonly values: Float64Array;
  private next = 0;
  count = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(2 * size);
  }

  push(value: number): void {
    const size = this.size;
    this.values[this.next] = value;
    this.values[this.next + size] = value;
    this.next = this.next + 1 === size ? 0 : this.next + 1;
    if (this.count < size) this.count++;
  }

  /** Index in `values` of the oldest value held. */
  get start(): number {
    return this.count < this.size ? 0 : this.next;
  }

  get isFull(): boolean {
    return this.count === this.size;
  }

  reset(): void {
    this.next = 0;
    this.count = 0;
  }
}

/**
 * Sample standard deviation (divisor size − 1) of `values[from … from + size)`, two-pass: the mean,
 * then the squared deviations, summed in index order. Both forms of a feature call this one
 * function, so they agree bit for bit.
 */
export function windowStandardDeviation(values: Float64Array, from: number, size: number): number {
  const end = from + size;
  let sum = 0;
  for (let i = from; i < end; i++) sum += values[i]!;
  const mean = sum / size;
  let squares = 0;
  for (let i = from; i < end; i++) {
    const deviation = values[i]! - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / (size - 1));
}

/**
 * Z-score of the last value of `values[from … from + size)` against the window (sample standard
 * deviation); 0 when all values are equal. Shared by both forms, as `windowStandardDeviation`.
 */
export function windowZScore(values: Float64Array, from: number, size: number): number {
  const end = from + size;
  let sum = 0;
  for (let i = from; i < end; i++) sum += values[i]!;
  const mean = sum / size;
  let squares = 0;
  for (let i = from; i < end; i++) {
    const deviation = values[i]! - mean;
    squares += deviation * deviation;
  }
  return squares === 0 ? 0 : (values[end - 1]! - mean) / Math.sqrt(squares / (size - 1));
}
