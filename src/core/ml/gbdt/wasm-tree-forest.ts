import { forestKernelBytes, ROW_GROUP } from './forest-kernel-bytes.ts';
import type { PerfectTreeForest } from './perfect-tree-forest.ts';
import { compiledOnce, PAGE_BYTES, type WasmInstance, type WasmMemory } from './wasm-assembler.ts';

/** Rows copied into the module's memory per call (a few hundred KB: stays in the L2 cache). */
const CHUNK_ROWS = 512;

const kernel = compiledOnce(forestKernelBytes);

type MarginsKernel = (
  treeEnd: number,
  rowAddress: number,
  rowEnd: number,
  rowBytes: number,
  outAddress: number,
  base: number,
) => void;

/**
 * Batch margins of a `PerfectTreeForest` computed by the WebAssembly kernel of
 * forest-kernel-bytes.ts (ADR 0014): the forest is copied once into the instance's memory, rows
 * are copied in chunks of CHUNK_ROWS and walked ROW_GROUP at a time, by the faster kernel when a
 * chunk holds no NaN. Results are bit-identical
 * to `forestMargin` (same comparisons, leaves added in the same order), NaN included.
 */
export class WasmTreeForest {
  private readonly kernel: MarginsKernel;
  private readonly finiteKernel: MarginsKernel;
  private readonly hasNaN: (start: number, end: number) => number;
  private readonly treeEnd: number;
  private readonly rowAddress: number;
  private readonly outAddress: number;
  private readonly featureCount: number;
  private readonly floats: Float64Array;

  private constructor(instance: WasmInstance, forest: PerfectTreeForest, featureCount: number) {
    const memory = instance.exports.memory as WasmMemory;
    this.kernel = instance.exports.margins as MarginsKernel;
    this.finiteKernel = instance.exports.finiteMargins as MarginsKernel;
    this.hasNaN = instance.exports.hasNaN as (start: number, end: number) => number;
    this.featureCount = featureCount;
    const treeCount = forest.depth.length;
    const nodeCount = forest.feature.length;
    const nodeAddress = 16 * treeCount;
    const leafAddress = nodeAddress + 16 * nodeCount;
    this.rowAddress = leafAddress + 8 * forest.leafValue.length;
    this.outAddress = this.rowAddress + 8 * featureCount * CHUNK_ROWS;
    const bytes = this.outAddress + 8 * CHUNK_ROWS;
    const pages = Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) memory.grow(pages);
    this.treeEnd = 16 * treeCount;

    const words = new Int32Array(memory.buffer);
    this.floats = new Float64Array(memory.buffer);
    for (let t = 0; t < treeCount; t++) {
      words[4 * t] = nodeAddress + 16 * forest.nodeStart[t];
      words[4 * t + 1] = leafAddress + 8 * forest.leafBase[t];
      words[4 * t + 2] = forest.depth[t];
    }
    for (let g = 0; g < nodeCount; g++) {
      this.floats[(nodeAddress >> 3) + 2 * g] = forest.threshold[g];
      words[(nodeAddress >> 2) + 4 * g + 2] = 8 * forest.feature[g];
      words[(nodeAddress >> 2) + 4 * g + 3] = forest.nanRight[g];
    }
    this.floats.set(forest.leafValue, leafAddress >> 3);
  }

  /** The kernel for `forest`, or null where WebAssembly is not available (use the JS walk). */
  static compile(forest: PerfectTreeForest, featureCount: number): WasmTreeForest | null {
    const compiled = kernel();
    if (compiled === null || forest.depth.length === 0) return null;
    return new WasmTreeForest(compiled.instantiate(), forest, featureCount);
  }

  /**
   * Margins of the first `rowCount` row-major rows of `features` into `out`: base + Σ_t leaf.
   * A last group shorter than ROW_GROUP is padded with zero rows whose margins are dropped.
   */
  margins(baseScore: number, features: Float64Array, rowCount: number, out: Float64Array): void {
    const d = this.featureCount;
    const rowBytes = 8 * d;
    const rowSlot = this.rowAddress >> 3;
    const outSlot = this.outAddress >> 3;
    for (let first = 0; first < rowCount; first += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, rowCount - first);
      const padded = Math.ceil(rows / ROW_GROUP) * ROW_GROUP;
      this.floats.set(features.subarray(first * d, (first + rows) * d), rowSlot);
      if (padded > rows) this.floats.fill(0, rowSlot + rows * d, rowSlot + padded * d);
      const rowEnd = this.rowAddress + padded * rowBytes;
      const kernel = this.hasNaN(this.rowAddress, rowEnd) ? this.kernel : this.finiteKernel;
      kernel(this.treeEnd, this.rowAddress, rowEnd, rowBytes, this.outAddress, baseScore);
      out.set(this.floats.subarray(outSlot, outSlot + rows), first);
    }
  }
}
