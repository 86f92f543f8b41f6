import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from './compute-features.ts';
import { purgeTrainingRows, trainingRows } from './training-rows.ts';

const NaN_ = Number.NaN;
const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

describe('trainingRows', () => {
  it('keeps the rows where no feature and no label is NaN', () => {
    const features: FeatureMatrix = {
      columns: ['return_2', 'regime_bull'],
      rows: 8,
      // column-major: return_2 warms up for 2 rows; regime_bull has a gap at row 4
      values: Float64Array.from([NaN_, NaN_, 1, 2, 3, 4, 5, 6, 0.1, 0.2, 0.3, 0.4, NaN_, 0.6, 0.7, 0.8]),
    };
    const label = Float64Array.from([1, 0, 1, 0, 1, 0, NaN_, NaN_]);
    expect([...trainingRows(features, label)]).toEqual([2, 3, 5]);
    const second = Float64Array.from([1, 1, 1, NaN_, 1, 1, 1, 1]);
    expect([...trainingRows(features, [label, second])], 'every label column counts').toEqual([2, 5]);
    expect(() => trainingRows(features, new Float64Array(3))).toThrow(/3 rows, the features 8/);
  });
});

describe('purgeTrainingRows', () => {
  const all = range(0, 20);

  it('drops the test fold, the rows whose label reaches into it, and those after it within its labels or embargo', () => {
    // test [10, 15), labels read 2 bars ahead: row 8 reads 8…10 (purged), row 7 reads 7…9 (kept);
    // the test labels read up to bar 16, so rows 15 and 16 go too.
    expect([...purgeTrainingRows(all, { testStart: 10, testEnd: 15, horizon: 2 })]).toEqual([
      ...range(0, 8),
      17,
      18,
      19,
    ]);
    expect([...purgeTrainingRows(all, { testStart: 10, testEnd: 15, horizon: 2, embargo: 4 })]).toEqual([
      ...range(0, 8),
      19,
    ]);
    expect(
      [...purgeTrainingRows(all, { testStart: 10, testEnd: 15, horizon: 0 })],
      'no horizon: only the fold',
    ).toEqual([...range(0, 10), ...range(15, 20)]);
  });

  it('reads each label window from labelEnd when given (triple-barrier end bars)', () => {
    const labelEnd = Float64Array.from(all, (row) => row + (row === 6 ? 5 : 1));
    labelEnd[19] = NaN_;
    // row 6's label runs to bar 11, inside the fold; row 14's to 15, so row 15 is purged.
    expect([...purgeTrainingRows(all, { testStart: 10, testEnd: 15, labelEnd })]).toEqual([
      0, 1, 2, 3, 4, 5, 7, 8, 16, 17, 18, 19,
    ]);
    expect(() => purgeTrainingRows(all, { testStart: 10, testEnd: 15 })).toThrow(/exactly one of horizon and labelEnd/);
    expect(() => purgeTrainingRows(all, { testStart: 10, testEnd: 5, horizon: 1 })).toThrow(/not a range/);
  });

  it('property: no kept row is in the fold, and no kept label window shares a bar with the test labels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 299 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (rows, start, size, horizon, embargo) => {
          const testStart = Math.min(start, rows - 1);
          const testEnd = Math.min(rows, testStart + size);
          const candidates = range(0, rows);
          const kept = [...purgeTrainingRows(candidates, { testStart, testEnd, horizon, embargo })];
          const testSpanEnd = testEnd - 1 + horizon;
          const violations = kept.filter(
            (row) =>
              (row >= testStart && row < testEnd) || // in the fold
              (row <= testSpanEnd && row + horizon >= testStart) || // label window overlaps the test labels
              (row >= testEnd && row < testEnd + embargo), // embargoed
          );
          expect(violations, `fold [${testStart}, ${testEnd}), horizon ${horizon}, embargo ${embargo}`).toEqual([]);
          // Nothing more than that is dropped.
          const expected = candidates.filter(
            (row) => (row + horizon < testStart || row > testSpanEnd) && (row < testEnd || row >= testEnd + embargo),
          );
          expect(kept).toEqual(expected);
        },
      ),
      { seed: 61, numRuns: 500 },
    );
  });
});
