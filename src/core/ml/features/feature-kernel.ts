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
 * A fixed-size window over the last `size` values, oldest first. Readers iterate it with
 * `at(k)`, k = 0 the oldest, so a sum runs in the same order as a batch loop over the indices.
 */
export class RingWindow {
  private readonly buffer: Float64Array;
  private head = 0;
  count = 0;

  constructor(readonly size: number) {
    this.buffer = new Float64Array(size);
  }

  push(value: number): void {
    this.buffer[this.head] = value;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
    if (this.count < this.size) this.count++;
  }

  /** The k-th value from the oldest held (k < count). */
  at(k: number): number {
    const start = this.count < this.size ? 0 : this.head;
    const index = start + k;
    return this.buffer[index >= this.size ? index - this.size : index]!;
  }

  get isFull(): boolean {
    return this.count === this.size;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
  }
}
