import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { binFeatureRows, fitFeatureBinning } from './feature-binning.ts';
import { toFeatureMatrix } from './feature-matrix.ts';
import {
  buildHistogram,
  globalBinIndices,
  HISTOGRAM_BLOCK_ROWS,
  histogramBlockCount,
  SLOTS_PER_BIN,
} from './histogram.ts';
import { WasmHistogramTraining } from './wasm-histogram-training.ts';

/** 5 features (an odd count: the two-at-a-time loop's tail runs), some NaN, mixed bin counts. */
function fixture() {
  const random = new SeededRandom(4);
  const rowCount = 700;
  const d = 5;
  const values = new Float64Array(rowCount * d);
  for (let i = 0; i < values.length; i++) {
    const f = i % d;
    values[i] = random.next() < 0.05 ? Number.NaN : f === 0 ? Math.floor(random.next() * 3) : random.next();
  }
  const matrix = toFeatureMatrix(values, d);
  const binning = fitFeatureBinning(matrix, 32);
  const binned = binFeatureRows(matrix, binning);
  const gradient = Float64Array.from({ length: rowCount }, () => random.next() - 0.5);
  const hessian = Float64Array.from({ length: rowCount }, () => random.next());
  return { rowCount, d, binning, binned, gradient, hessian };
}

describe('buildHistogram', () => {
  it('global bin indices are each cell’s bin shifted by its feature’s offset', () => {
    const { d, binning, binned } = fixture();
    const global = globalBinIndices(binned.bins, d, binning);
    for (let i = 0; i < global.length; i++) {
      const expected = binning.binOffsets[i % d] + binned.bins[i];
      if (global[i] !== expected) expect.fail(`cell ${i}: ${global[i]}, expected ${expected}`);
    }
  });

  it('sums gradient, hessian and count per bin over a row subset, all or some features', () => {
    const { rowCount, d, binning, binned, gradient, hessian } = fixture();
    const global = globalBinIndices(binned.bins, d, binning);
    // Every third row, in ascending order (as a leaf's partition range holds them).
    const rows = Uint32Array.from({ length: Math.floor(rowCount / 3) }, (_, i) => 3 * i);
    const gathered = new Float64Array(2 * rows.length);
    rows.forEach((r, i) => {
      gathered[2 * i] = gradient[r];
      gathered[2 * i + 1] = hessian[r];
    });
    for (const features of [Int32Array.of(0, 1, 2, 3, 4), Int32Array.of(1, 3, 4)]) {
      const histogram = new Float64Array(binning.totalBins * SLOTS_PER_BIN).fill(Number.NaN);
      buildHistogram(histogram, global, d, rows, gathered, 0, rows.length, binning, features);
      for (const f of features) {
        const bins = binning.nanBin[f] + 1;
        const expected = new Float64Array(bins * SLOTS_PER_BIN);
        for (const r of rows) {
          const slot = binned.bins[r * d + f] * SLOTS_PER_BIN;
          expected[slot] += gradient[r];
          expected[slot + 1] += hessian[r];
          expected[slot + 2] += 1;
        }
        const base = binning.binOffsets[f] * SLOTS_PER_BIN;
        expect(
          Array.from(histogram.subarray(base, base + bins * SLOTS_PER_BIN)),
          `feature ${f} of [${Array.from(features)}]: the same sums in the same row order`,
        ).toEqual(Array.from(expected));
      }
    }
  });

  it('the WebAssembly kernel gives buildHistogram’s bits per block, the blocks added in order', () => {
    const random = new SeededRandom(8);
    const d = 5;
    const rowCount = 2 * HISTOGRAM_BLOCK_ROWS + 1000; // three blocks when all rows are built
    const values = Float64Array.from({ length: rowCount * d }, () =>
      random.next() < 0.05 ? Number.NaN : random.next(),
    );
    const matrix = toFeatureMatrix(values, d);
    const binning = fitFeatureBinning(matrix, 64);
    const global = globalBinIndices(binFeatureRows(matrix, binning).bins, d, binning);
    const wasm = WasmHistogramTraining.open({ globalBins: global, rowCount, featureCount: d, layout: binning });
    if (wasm === null) expect.fail('WebAssembly is available in Node');
    // A leaf's range: every row but the first and last 50, in reverse order.
    const rows = Uint32Array.from({ length: rowCount - 100 }, (_, i) => rowCount - 51 - i);
    const gathered = Float64Array.from({ length: 2 * rowCount }, () => random.next() - 0.5);
    wasm.rows.set(rows);
    wasm.orderedGradientHessian.set(gathered);
    const size = binning.totalBins * SLOTS_PER_BIN;
    for (const [start, end] of [
      [10, 300],
      [10, rows.length - 7],
    ]) {
      for (const features of [Int32Array.of(0, 1, 2, 3, 4), Int32Array.of(4, 0, 2)]) {
        // Expected: buildHistogram over each block of rows, then block 0 + block 1 + …
        const blocks = histogramBlockCount(start, end);
        const expected = new Float64Array(size);
        for (let b = 0; b < blocks; b++) {
          const partial = new Float64Array(size);
          const first = start + b * HISTOGRAM_BLOCK_ROWS;
          buildHistogram(
            partial,
            global,
            d,
            rows,
            gathered,
            first,
            Math.min(end, first + HISTOGRAM_BLOCK_ROWS),
            binning,
            features,
          );
          for (let i = 0; i < size; i++) expected[i] = b === 0 ? partial[i] : expected[i] + partial[i];
        }
        const whole = new Float64Array(size);
        wasm.build(whole, start, end, features);
        // As threads do: the blocks built in reverse order, then merged.
        const reversed = new Float64Array(size);
        wasm.setFeatures(features);
        for (let b = blocks - 1; b >= 0; b--) wasm.buildBlock(start, end, b);
        wasm.merge(reversed, features, blocks);
        for (const f of features) {
          const base = binning.binOffsets[f] * SLOTS_PER_BIN;
          const slots = base + (binning.nanBin[f] + 1) * SLOTS_PER_BIN;
          const want = Array.from(expected.subarray(base, slots));
          const label = `rows ${start}..${end} (${blocks} blocks), feature ${f} of [${Array.from(features)}]`;
          expect(Array.from(whole.subarray(base, slots)), label).toEqual(want);
          expect(Array.from(reversed.subarray(base, slots)), `${label}, blocks in reverse`).toEqual(want);
        }
      }
    }
  });
});
