import {
  buildHistogram,
  HISTOGRAM_BLOCK_ROWS,
  type HistogramSource,
  histogramBlockCount,
  layoutTotalBins,
  mergeHistogramBlocks,
  SLOTS_PER_BIN,
} from './histogram.ts';
import { WasmHistogramTraining } from './wasm-histogram-training.ts';

export type { HistogramSource } from './histogram.ts';

/**
 * Builds a tree node's gradient histogram (the trainer's hot loop) for one training. It owns the
 * buffers the tree grower writes before each build, so that an implementation may share them
 * with other threads: the row partition and the gathered gradients and hessians.
 */
export interface HistogramBuilder {
  /** Row indices (rowCount): each open leaf's rows are a contiguous range, ascending. */
  readonly rows: Uint32Array;
  /** 2 × rowCount: row i of `rows` has its gradient at [2i] and its hessian at [2i + 1]. */
  readonly orderedGradientHessian: Float64Array;
  /**
   * Fills `histogram` (totalBins × SLOTS_PER_BIN) for rows `rows[start..end)` over `features`:
   * {@link buildHistogram} of each block of HISTOGRAM_BLOCK_ROWS rows, the blocks added in
   * order (`mergeHistogramBlocks`), so every implementation gives the same bits.
   */
  build(histogram: Float64Array, start: number, end: number, features: Int32Array): void;
  /** Ends the training: the builder lets go of its buffers. */
  close(): void;
}

/**
 * Opens a {@link HistogramBuilder} per training (the port `trainGradientBoosting` takes).
 * A factory may be reused for any number of trainings, one at a time.
 */
export interface HistogramBuilderFactory {
  open(source: HistogramSource): HistogramBuilder;
}

/**
 * Every histogram built on the calling thread by the JavaScript `buildHistogram`, in the same
 * blocks and with the same merge as the WebAssembly kernel, so the same bits: the fallback of
 * {@link inThreadHistogramBuilders} where WebAssembly is missing.
 */
export const javascriptHistogramBuilders: HistogramBuilderFactory = {
  open(source) {
    const { rowCount: n, featureCount: d, layout } = source;
    const rows = new Uint32Array(n);
    const orderedGradientHessian = new Float64Array(2 * n);
    const stride = layoutTotalBins(layout, d) * SLOTS_PER_BIN;
    const partials = new Float64Array(histogramBlockCount(0, n) * stride);
    return {
      rows,
      orderedGradientHessian,
      build(histogram, start, end, features) {
        const blocks = histogramBlockCount(start, end);
        for (let b = 0; b < blocks; b++) {
          const first = start + b * HISTOGRAM_BLOCK_ROWS;
          const last = Math.min(end, first + HISTOGRAM_BLOCK_ROWS);
          const partial = partials.subarray(b * stride, (b + 1) * stride);
          buildHistogram(partial, source.globalBins, d, rows, orderedGradientHessian, first, last, layout, features);
        }
        mergeHistogramBlocks(histogram, partials, stride, blocks, layout, features);
      },
      close() {},
    };
  },
};

/**
 * The default: every histogram built on the calling thread, by the WebAssembly kernel (ADR 0014;
 * ~2.5× the JavaScript loop on a root's rows) or, where WebAssembly is missing (or one training
 * would need more than its 4 GiB), by {@link javascriptHistogramBuilders}. Both give the same bits.
 */
export const inThreadHistogramBuilders: HistogramBuilderFactory = {
  open(source) {
    const wasm = WasmHistogramTraining.open(source);
    if (wasm === null) return javascriptHistogramBuilders.open(source);
    return {
      rows: wasm.rows,
      orderedGradientHessian: wasm.orderedGradientHessian,
      build: (histogram, start, end, features) => wasm.build(histogram, start, end, features),
      close() {},
    };
  },
};
