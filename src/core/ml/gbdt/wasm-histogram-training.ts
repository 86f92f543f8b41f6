import {
  HISTOGRAM_BLOCK_ROWS,
  type HistogramLayout,
  type HistogramSource,
  histogramBlockCount,
  layoutTotalBins,
  mergeHistogramBlocks,
  SLOTS_PER_BIN,
} from './histogram.ts';
import { histogramKernelBytes } from './histogram-kernel-bytes.ts';
import { type CompiledWasm, compiledOnce, MAX_MEMORY_PAGES, PAGE_BYTES, type WasmMemory } from './wasm-assembler.ts';

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
  /** Partial histograms, one per block of HISTOGRAM_BLOCK_ROWS rows, `totalBins × 24` bytes apart. */
  readonly partials: number;
  readonly pages: number;
}

/** What a worker thread needs to build into the same training (postMessage-able). */
export interface SharedHistogramTraining {
  readonly memory: WasmMemory;
  readonly addresses: HistogramMemoryLayout;
  readonly layout: HistogramLayout;
}

const kernel = compiledOnce(histogramKernelBytes);

function memoryLayout(source: HistogramSource): HistogramMemoryLayout | null {
  const { rowCount: n, featureCount: d, layout } = source;
  const totalBins = layoutTotalBins(layout, d);
  const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const bins = 0;
  const rows = align(bins + 2 * n * d);
  const gradientHessian = align(rows + 4 * n);
  const featureOffsets = align(gradientHessian + 16 * n);
  const partials = align(featureOffsets + 4 * d);
  const blocks = histogramBlockCount(0, n);
  const pages = Math.ceil((partials + blocks * 8 * SLOTS_PER_BIN * totalBins) / PAGE_BYTES);
  if (pages > MAX_MEMORY_PAGES) return null;
  return { rowCount: n, featureCount: d, totalBins, bins, rows, gradientHessian, featureOffsets, partials, pages };
}

/**
 * One training's histogram buffers in a shared WebAssembly memory, built by the kernel of
 * histogram-kernel-bytes.ts (ADR 0014): the global bin indices (copied in once), the row
 * partition and gathered gradients that the tree grower writes (`rows`,
 * `orderedGradientHessian` are views of the memory), the build's feature list and one partial
 * histogram per block of rows (HISTOGRAM_BLOCK_ROWS). Several threads may build different
 * blocks of one build at once; the partials are then added in block order, so the bits do not
 * depend on the threads, and a build of one block equals `buildHistogram`'s.
 */
export class WasmHistogramTraining {
  readonly rows: Uint32Array;
  readonly orderedGradientHessian: Float64Array;
  /** The partial histograms, `stride` doubles apart. */
  private readonly partials: Float64Array;
  private readonly stride: number;
  private readonly featureOffsets: Uint32Array;
  private featureCount = 0;
  private readonly kernel: BuildKernel;

  private constructor(private readonly shared: SharedHistogramTraining) {
    const { memory, addresses } = shared;
    const compiledKernel = kernel() as CompiledWasm;
    this.kernel = compiledKernel.instantiate(memory).exports.build as BuildKernel;
    const { rowCount: n, featureCount: d, totalBins } = addresses;
    this.rows = new Uint32Array(memory.buffer, addresses.rows, n);
    this.orderedGradientHessian = new Float64Array(memory.buffer, addresses.gradientHessian, 2 * n);
    this.featureOffsets = new Uint32Array(memory.buffer, addresses.featureOffsets, d);
    this.stride = totalBins * SLOTS_PER_BIN;
    this.partials = new Float64Array(memory.buffer, addresses.partials, histogramBlockCount(0, n) * this.stride);
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
    this.featureCount = features.length;
  }

  /**
   * Builds block `block` of the rows `rows[start..end)` (see HISTOGRAM_BLOCK_ROWS) into its
   * partial histogram, over the first `featureCount` features of the list set by
   * {@link setFeatures} (a worker thread passes the count it was told), zeroing their slots first.
   */
  buildBlock(start: number, end: number, block: number, featureCount = this.featureCount): void {
    const { addresses, layout } = this.shared;
    const partial = block * this.stride;
    for (let k = 0; k < featureCount; k++) {
      const feature = this.featureOffsets[k] >> 1;
      const base = partial + layout.binOffsets[feature] * SLOTS_PER_BIN;
      this.partials.fill(0, base, base + (layout.nanBin[feature] + 1) * SLOTS_PER_BIN);
    }
    const first = start + block * HISTOGRAM_BLOCK_ROWS;
    const last = Math.min(end, first + HISTOGRAM_BLOCK_ROWS);
    this.kernel(
      addresses.partials + 8 * partial,
      addresses.bins,
      2 * addresses.featureCount,
      addresses.rows + 4 * first,
      addresses.rows + 4 * last,
      addresses.gradientHessian + 16 * first,
      addresses.featureOffsets,
      addresses.featureOffsets + 4 * featureCount,
    );
  }

  /** `histogram` = the sum of the build's `blocks` partials over `features` (in block order). */
  merge(histogram: Float64Array, features: Int32Array, blocks: number): void {
    mergeHistogramBlocks(histogram, this.partials, this.stride, blocks, this.shared.layout, features);
  }

  /** A whole build on this thread: every block, then the merge. */
  build(histogram: Float64Array, start: number, end: number, features: Int32Array): void {
    this.setFeatures(features);
    const blocks = histogramBlockCount(start, end);
    for (let block = 0; block < blocks; block++) this.buildBlock(start, end, block);
    this.merge(histogram, features, blocks);
  }
}
