import { type HistogramLayout, SLOTS_PER_BIN } from './histogram.ts';
import type { HistogramSource } from './histogram-builder.ts';
import { histogramKernelBytes } from './histogram-kernel-bytes.ts';
import { type CompiledWasm, compileWasm, PAGE_BYTES, type WasmMemory } from './wasm-assembler.ts';

type BuildKernel = (
  histogram: number,
  bins: number,
  rowBytes: number,
  rowPointer: number,
  rowEnd: number,
  gradientHessian: number,
  featureOffsets: number,
  featureEnd: number,
) => void;

/** Byte addresses of one training's regions in its shared memory (see {@link WasmHistogramTraining}). */
export interface HistogramMemoryLayout {
  readonly rowCount: number;
  readonly featureCount: number;
  readonly totalBins: number;
  readonly bins: number;
  readonly rows: number;
  readonly gradientHessian: number;
  readonly featureOffsets: number;
  readonly output: number;
  readonly pages: number;
}

/** What a worker thread needs to build into the same training (postMessage-able). */
export interface SharedHistogramTraining {
  readonly memory: WasmMemory;
  readonly addresses: HistogramMemoryLayout;
  readonly layout: HistogramLayout;
}

let compiled: CompiledWasm | null | undefined;

function kernel(): CompiledWasm | null {
  if (compiled === undefined) compiled = compileWasm(histogramKernelBytes());
  return compiled;
}

/** Wasm32 memories end at 4 GiB. */
const MAX_PAGES = 65_536;

function memoryLayout(source: HistogramSource): HistogramMemoryLayout | null {
  const { rowCount: n, featureCount: d, layout } = source;
  let totalBins = 0;
  for (let f = 0; f < d; f++) totalBins = Math.max(totalBins, layout.binOffsets[f] + layout.nanBin[f] + 1);
  const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const bins = 0;
  const rows = align(bins + 2 * n * d);
  const gradientHessian = align(rows + 4 * n);
  const featureOffsets = align(gradientHessian + 16 * n);
  const output = align(featureOffsets + 4 * d);
  const pages = Math.ceil((output + 8 * SLOTS_PER_BIN * totalBins) / PAGE_BYTES);
  if (pages > MAX_PAGES) return null;
  return { rowCount: n, featureCount: d, totalBins, bins, rows, gradientHessian, featureOffsets, output, pages };
}

/**
 * One training's histogram buffers in a shared WebAssembly memory, built by the kernel of
 * histogram-kernel-bytes.ts (ADR 0014): the global bin indices (copied in once), the row
 * partition and gathered gradients that the tree grower writes (`rows`,
 * `orderedGradientHessian` are views of the memory), the build's feature list and the output
 * histogram. Several threads may build disjoint feature ranges of one build into `output` at
 * once; each slot sums its rows in row order, so the bits equal `buildHistogram`'s.
 */
export class WasmHistogramTraining {
  readonly rows: Uint32Array;
  readonly orderedGradientHessian: Float64Array;
  /** totalBins × SLOTS_PER_BIN: where `build` writes its features' slots. */
  readonly output: Float64Array;
  private readonly featureOffsets: Uint32Array;
  private readonly kernel: BuildKernel;

  private constructor(private readonly shared: SharedHistogramTraining) {
    const { memory, addresses } = shared;
    const compiledKernel = kernel() as CompiledWasm;
    this.kernel = compiledKernel.instantiate(memory).exports.build as BuildKernel;
    const { rowCount: n, featureCount: d, totalBins } = addresses;
    this.rows = new Uint32Array(memory.buffer, addresses.rows, n);
    this.orderedGradientHessian = new Float64Array(memory.buffer, addresses.gradientHessian, 2 * n);
    this.featureOffsets = new Uint32Array(memory.buffer, addresses.featureOffsets, d);
    this.output = new Float64Array(memory.buffer, addresses.output, totalBins * SLOTS_PER_BIN);
  }

  /** A new training's memory with `source.globalBins` copied in; null without WebAssembly or past 4 GiB. */
  static open(source: HistogramSource): WasmHistogramTraining | null {
    const compiledKernel = kernel();
    const addresses = memoryLayout(source);
    if (compiledKernel === null || addresses === null) return null;
    const memory = compiledKernel.sharedMemory(addresses.pages);
    new Uint16Array(memory.buffer, addresses.bins, source.globalBins.length).set(source.globalBins);
    const layout = {
      binOffsets: Uint32Array.from(source.layout.binOffsets),
      nanBin: Uint8Array.from(source.layout.nanBin),
    };
    return new WasmHistogramTraining({ memory, addresses, layout });
  }

  /** The same training in another thread (from {@link share}'s message). */
  static attach(shared: SharedHistogramTraining): WasmHistogramTraining {
    if (kernel() === null) throw new Error('WebAssembly is not available in this thread');
    return new WasmHistogramTraining(shared);
  }

  /** What {@link attach} takes, to post to a worker. */
  share(): SharedHistogramTraining {
    return this.shared;
  }

  /** Sets the feature list of the next builds (before any thread builds with it). */
  setFeatures(features: Int32Array): void {
    for (let k = 0; k < features.length; k++) this.featureOffsets[k] = 2 * features[k];
  }

  /**
   * Builds the slots of the features at positions [from, to) of the list set by
   * {@link setFeatures} into `output` for rows `rows[start..end)`, zeroing them first.
   */
  build(start: number, end: number, from: number, to: number): void {
    const { addresses, layout } = this.shared;
    for (let k = from; k < to; k++) {
      const feature = this.featureOffsets[k] >> 1;
      const base = layout.binOffsets[feature] * SLOTS_PER_BIN;
      this.output.fill(0, base, base + (layout.nanBin[feature] + 1) * SLOTS_PER_BIN);
    }
    this.kernel(
      addresses.output,
      addresses.bins,
      2 * addresses.featureCount,
      addresses.rows + 4 * start,
      addresses.rows + 4 * end,
      addresses.gradientHessian + 16 * start,
      addresses.featureOffsets + 4 * from,
      addresses.featureOffsets + 4 * to,
    );
  }

  /** Copies the slots of `features` from `output` into `histogram`. */
  copyOut(histogram: Float64Array, features: Int32Array): void {
    const { layout } = this.shared;
    if (features.length === this.shared.addresses.featureCount) {
      histogram.set(this.output);
      return;
    }
    for (let k = 0; k < features.length; k++) {
      const base = layout.binOffsets[features[k]] * SLOTS_PER_BIN;
      histogram.set(this.output.subarray(base, base + (layout.nanBin[features[k]] + 1) * SLOTS_PER_BIN), base);
    }
  }
}
