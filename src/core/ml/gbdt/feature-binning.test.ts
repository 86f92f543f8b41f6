import { describe, expect, it } from 'vitest';
import { binFeatureRows, binOf, fitFeatureBinning } from './feature-binning.ts';
import { toFeatureMatrix } from './feature-matrix.ts';

describe('fitFeatureBinning', () => {
  it('gives each distinct value its own bin when there are few, cutting at midpoints', () => {
    const column = Float64Array.of(3, 1, 2, 2, Number.NaN, 1);
    const binning = fitFeatureBinning(toFeatureMatrix([column]));
    expect(Array.from(binning.upperBounds[0])).toEqual([1.5, 2.5, Number.POSITIVE_INFINITY]);
    expect(binning.nanBin[0], 'NaN bin after the 3 value bins').toBe(3);
    expect(Array.from(binFeatureRows(toFeatureMatrix([column]), binning).bins)).toEqual([2, 0, 1, 1, 3, 0]);
  });

  it('cuts many distinct values into quantile bins of about equal counts', () => {
    const n = 10_000;
    const column = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n); // a permutation of 0..n-1
    const binning = fitFeatureBinning(toFeatureMatrix([column]), 16);
    const counts = new Array(17).fill(0);
    for (const bin of binFeatureRows(toFeatureMatrix([column]), binning).bins) counts[bin]++;
    expect(binning.nanBin[0]).toBe(16);
    for (let b = 0; b < 16; b++) expect(Math.abs(counts[b] - n / 16), `bin ${b}`).toBeLessThanOrEqual(1);
    const binned = binFeatureRows(toFeatureMatrix([column]), binning).bins;
    for (let r = 0; r < n; r++) {
      if (binned[r] !== binOf(binning.upperBounds[0], 16, column[r])) expect.fail(`row ${r}: ${binned[r]}`);
    }
  });

  it('keeps a heavy value in one bin and never exceeds maxBins', () => {
    const column = Float64Array.from({ length: 1000 }, (_, i) => (i < 600 ? 0 : i));
    const binning = fitFeatureBinning(toFeatureMatrix([column]), 8);
    const bounds = binning.upperBounds[0];
    expect(bounds.length).toBeLessThanOrEqual(8);
    expect(binOf(bounds, 8, 0), 'all zeros in the first bin').toBe(0);
    expect(binOf(bounds, 8, 600), 'the next value is not with the zeros').toBe(1);
  });

  it('a bin test equals the raw threshold test', () => {
    const column = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i) * 100);
    const binning = fitFeatureBinning(toFeatureMatrix([column]), 20);
    const bounds = binning.upperBounds[0];
    for (const x of column) {
      for (let b = 0; b < bounds.length - 1; b++) {
        expect(binOf(bounds, 20, x) <= b, `x ${x}, bin ${b}`).toBe(x <= bounds[b]);
      }
    }
  });

  it('refuses more than 255 bins', () => {
    expect(() => fitFeatureBinning(toFeatureMatrix([Float64Array.of(1)]), 256)).toThrow(/2\.\.255/);
  });
});
