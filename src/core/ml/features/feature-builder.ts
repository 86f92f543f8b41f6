import type { BarInput } from '../../indicators/indicator.ts';
import { createFeatureKernel } from './compute-features.ts';
import type { ExternalStream } from './context-features.ts';
import type { FeatureStream } from './feature-kernel.ts';
import { type FeatureSpec, FeatureSpecError, featureColumnNames } from './feature-spec.ts';

/**
 * The streaming form of `computeFeatures`: `update(bar)` writes the bar's feature row into one
 * reused `Float64Array` (`row`, columns as `columns`) and returns it. After the n-th update the row
 * equals row n − 1 of `computeFeatures` over the same bars bit for bit. No allocation per bar.
 *
 * External columns read `values[row index]` when their spec has values, else the value last given
 * to `setExternal` before the update (NaN until the first).
 */
export class FeatureBuilder {
  readonly columns: readonly string[];
  /** The latest row; overwritten by every update (copy it to keep it). */
  readonly row: Float64Array;
  private readonly streams: readonly FeatureStream[];
  private readonly offsets: Int32Array;
  private readonly externals = new Map<string, ExternalStream>();
  private index = 0;

  constructor(specs: readonly FeatureSpec[]) {
    this.columns = featureColumnNames(specs);
    this.row = new Float64Array(this.columns.length).fill(Number.NaN);
    const streams: FeatureStream[] = [];
    this.offsets = new Int32Array(specs.length);
    let offset = 0;
    specs.forEach((spec, k) => {
      const kernel = createFeatureKernel(spec);
      const stream = kernel.stream();
      if (spec.kind === 'external') this.externals.set(spec.name, stream as ExternalStream);
      streams.push(stream);
      this.offsets[k] = offset;
      offset += kernel.columns.length;
    });
    this.streams = streams;
  }

  /** Bars seen since construction or the last reset. */
  get count(): number {
    return this.index;
  }

  /** Sets an external column's value for the coming updates (when its spec has no `values`). */
  setExternal(name: string, value: number): void {
    const stream = this.externals.get(name);
    if (stream === undefined) throw new FeatureSpecError(`no external feature named '${name}'`);
    stream.set(value);
  }

  /** Reads one bar (bars in time order) and returns the reused row of its features. */
  update(bar: BarInput): Float64Array {
    const row = this.row;
    const index = this.index++;
    for (let k = 0; k < this.streams.length; k++) this.streams[k]!.update(bar, index, row, this.offsets[k]!);
    return row;
  }

  /** Back to before the first bar. */
  reset(): void {
    for (const stream of this.streams) stream.reset();
    this.row.fill(Number.NaN);
    this.index = 0;
  }
}
