import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { binFeatureRows, fitFeatureBinning } from './feature-binning.ts';
import { toFeatureMatrix } from './feature-matrix.ts';
import { buildHistogram, globalBinIndices, SLOTS_PER_BIN } from './histogram.ts';
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

  it('building the features in chunks (as threads do) gives the same bits as one call', () => {
    const { rowCount, d, binning, binned, gradient, hessian } = fixture();
    const global = globalBinIndices(binned.bins, d, binning);
    const rows = Uint32Array.from({ length: rowCount - 100 }, (_, i) => i + 50);
    const gathered = new Float64Array(2 * rowCount);
    rows.forEach((r, i) => {
      gathered[2 * i] = gradient[r];
      gathered[2 * i + 1] = hessian[r];
    });
    for (const features of [Int32Array.of(0, 1, 2, 3, 4), Int32Array.of(0, 2, 3)]) {
      const whole = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
      buildHistogram(whole, global, d, rows, gathered, 10, rows.length - 7, binning, features);
      for (const size of [1, 2, 3, 4]) {
        const pieces = new Float64Array(binning.totalBins * SLOTS_PER_BIN).fill(Number.NaN);
        // Chunks in reverse order: which chunk is built first must not matter either.
        for (let from = Math.floor((features.length - 1) / size) * size; from >= 0; from -= size) {
          const to = Math.min(features.length, from + size);
          buildHistogram(pieces, global, d, rows, gathered, 10, rows.length - 7, binning, features, from, to);
        }
        for (const f of features) {
          const base = binning.binOffsets[f] * SLOTS_PER_BIN;
          const end = base + (binning.nanBin[f] + 1) * SLOTS_PER_BIN;
          expect(
            Array.from(pieces.subarray(base, end)),
            `feature ${f} of [${Array.from(features)}] in chunks of ${size}`,
          ).toEqual(Array.from(whole.subarray(base, end)));
        }
      }
    }
  });

  it('the WebAssembly kernel gives buildHistogram’s bits, whole or in chunks, rebuilt over stale slots', () => {
    const { rowCount, d, binning, binned, gradient, hessian } = fixture();
    const global = globalBinIndices(binned.bins, d, binning);
    const wasm = WasmHistogramTraining.open({ globalBins: global, rowCount, featureCount: d, layout: binning });
    if (wasm === null) expect.fail('WebAssembly is available in Node');
    // A leaf's range: rows 50.. in reverse order, gathered as the grower gathers them.
    const rows = Uint32Array.from({ length: rowCount - 100 }, (_, i) => rowCount - 51 - i);
    const gathered = new Float64Array(2 * rowCount);
    rows.forEach((r, i) => {
      gathered[2 * i] = gradient[r];
      gathered[2 * i + 1] = hessian[r];
    });
    wasm.rows.set(rows);
    wasm.orderedGradientHessian.set(gathered);
    for (const features of [Int32Array.of(0, 1, 2, 3, 4), Int32Array.of(4, 0, 2)]) {
      const expected = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
      buildHistogram(expected, global, d, rows, gathered, 10, rows.length - 7, binning, features);
      for (const size of [features.length, 1, 2]) {
        wasm.setFeatures(features);
        for (let from = 0; from < features.length; from += size) {
          wasm.build(10, rows.length - 7, from, Math.min(features.length, from + size));
        }
        const histogram = new Float64Array(binning.totalBins * SLOTS_PER_BIN);
        wasm.copyOut(histogram, features);
        for (const f of features) {
          const base = binning.binOffsets[f] * SLOTS_PER_BIN;
          const end = base + (binning.nanBin[f] + 1) * SLOTS_PER_BIN;
          expect(
            Array.from(histogram.subarray(base, end)),
            `feature ${f} of [${Array.from(features)}] in chunks of ${size}`,
          ).toEqual(Array.from(expected.subarray(base, end)));
        }
      }
    }
  });
});
