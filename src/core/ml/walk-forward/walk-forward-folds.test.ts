import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../../test/support/btc-perp.ts';
import { loadBars } from '../../../adapters/data/index.ts';
import type { BarSeries } from '../../model/data.ts';
import { computeFeatures } from '../features/compute-features.ts';
import { forwardReturnLabel } from '../features/forward-return-label.ts';
import { trainingRows } from '../features/training-rows.ts';
import { foldRows, walkForwardFolds } from './walk-forward-folds.ts';

const ranges = (folds: ReturnType<typeof walkForwardFolds>) =>
  folds.map((fold) => [fold.train.start, fold.train.end, fold.test.start, fold.test.end]);

describe('walkForwardFolds (worked examples)', () => {
  it('rolling: the last trainSize rows before a purge gap, test windows every step rows, no partial fold', () => {
    const folds = walkForwardFolds({ rows: 100, trainSize: 50, testSize: 10, mode: 'rolling', purge: 2 });
    expect(ranges(folds), '[train start, train end, test start, test end)').toEqual([
      [0, 50, 52, 62],
      [10, 60, 62, 72],
      [20, 70, 72, 82],
      [30, 80, 82, 92],
    ]);
    expect(folds.map((fold) => fold.index)).toEqual([0, 1, 2, 3]);
    expect(
      ranges(
        walkForwardFolds({ rows: 100, trainSize: 50, testSize: 10, mode: 'rolling', purge: 2, allowPartial: true }),
      ).at(-1),
      'the cut-short last fold when asked for',
    ).toEqual([40, 90, 92, 100]);
  });

  it('expanding: training always starts at row 0; embargo widens the gap; step can overlap tests', () => {
    const folds = walkForwardFolds({
      rows: 60,
      trainSize: 20,
      testSize: 10,
      step: 5,
      mode: 'expanding',
      purge: 3,
      embargo: 2,
    });
    expect(ranges(folds)).toEqual([
      [0, 20, 25, 35],
      [0, 25, 30, 40],
      [0, 30, 35, 45],
      [0, 35, 40, 50],
      [0, 40, 45, 55],
      [0, 45, 50, 60],
    ]);
    expect(walkForwardFolds({ rows: 24, trainSize: 20, testSize: 10, mode: 'expanding' }), 'too few rows').toEqual([]);
  });

  it.each([
    [{ trainSize: 0 }, /trainSize must be an integer >= 1/],
    [{ testSize: 1.5 }, /testSize must be an integer >= 1/],
    [{ purge: -1 }, /purge must be an integer >= 0/],
    [{ mode: 'anchored' }, /mode must be 'rolling' or 'expanding'/],
  ])('refuses %o', (change, message) => {
    expect(() =>
      walkForwardFolds({ rows: 100, trainSize: 10, testSize: 5, mode: 'rolling', ...(change as object) } as never),
    ).toThrow(message);
  });

  it('foldRows picks the usable rows of each range', () => {
    const [fold] = walkForwardFolds({ rows: 20, trainSize: 8, testSize: 4, mode: 'rolling', purge: 1 });
    const usable = Uint32Array.from([2, 3, 5, 7, 8, 9, 10, 12, 13]);
    const { train, test } = foldRows(fold!, usable);
    expect([...train], 'train [0, 8)').toEqual([2, 3, 5, 7]);
    expect([...test], 'test [9, 13)').toEqual([9, 10, 12]);
  });

  it('property: no test row in its training rows, every training label window ends before the test fold', () => {
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 0, max: 500 }),
          trainSize: fc.integer({ min: 1, max: 200 }),
          testSize: fc.integer({ min: 1, max: 100 }),
          step: fc.integer({ min: 1, max: 100 }),
          mode: fc.constantFrom('rolling' as const, 'expanding' as const),
          purge: fc.integer({ min: 0, max: 30 }),
          embargo: fc.integer({ min: 0, max: 30 }),
          allowPartial: fc.boolean(),
        }),
        (options) => {
          const folds = walkForwardFolds(options);
          const broken = folds.filter(
            (fold, k) =>
              fold.train.start < 0 ||
              fold.train.end + options.purge + options.embargo !== fold.test.start || // the gap, exactly
              fold.train.end - 1 + options.purge >= fold.test.start || // last training label reads a test row
              fold.test.end > options.rows ||
              fold.test.start >= fold.test.end ||
              (!options.allowPartial && fold.test.end - fold.test.start !== options.testSize) ||
              (options.mode === 'rolling' && fold.train.end - fold.train.start !== options.trainSize) ||
              (options.mode === 'expanding' && fold.train.start !== 0) ||
              (k > 0 && fold.test.start - folds[k - 1]!.test.start !== options.step),
          );
          expect(broken, JSON.stringify(options)).toEqual([]);
          // Every test start that fits is used.
          const first = options.trainSize + options.purge + options.embargo;
          const last = options.allowPartial ? options.rows - 1 : options.rows - options.testSize;
          expect(folds.length).toBe(last < first ? 0 : Math.floor((last - first) / options.step) + 1);
        },
      ),
      { seed: 64, numRuns: 1000 },
    );
  });
});

describe('walk-forward with purged labels on real BTC-PERP 1m bars', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  });

  it('changing every bar from a fold test start on leaves that fold training rows, features and labels, unchanged', () => {
    const horizon = 15;
    const length = 3000;
    const head: BarSeries = { ...series, length };
    const specs = [
      { kind: 'return', horizon: 15 },
      { kind: 'volatility', window: 60 },
      { kind: 'indicator', name: 'rsi:14' },
    ] as const;
    const folds = walkForwardFolds({ rows: length, trainSize: 1000, testSize: 500, mode: 'rolling', purge: horizon });
    expect(folds).toHaveLength(3);
    for (const fold of folds) {
      const changed: BarSeries = {
        ...head,
        close: head.close.slice(0, length),
        high: head.high.slice(0, length),
        low: head.low.slice(0, length),
      };
      for (let i = fold.test.start; i < length; i++) changed.close[i] = changed.close[i]! * 1.05;
      const pick = (bars: BarSeries) => {
        const features = computeFeatures(bars, specs);
        const label = forwardReturnLabel(bars, { horizon });
        const { train } = foldRows(fold, trainingRows(features, label));
        const rows = [...train];
        return {
          train,
          label: rows.map((r) => label[r]),
          features: features.columns.flatMap((_, c) => rows.map((r) => features.values[c * length + r])),
        };
      };
      const before = pick(head);
      const after = pick(changed);
      expect(before.train.length, `fold ${fold.index} trains on rows`).toBeGreaterThan(900);
      expect(after.train, 'the same training rows').toEqual(before.train);
      expect(after.label, `fold ${fold.index}: no training label reads a test bar`).toEqual(before.label);
      expect(after.features, `fold ${fold.index}: training features`).toEqual(before.features);
      const unpurged = forwardReturnLabel(changed, { horizon })[fold.test.start - horizon];
      expect(unpurged, 'without the purge, the row just before it would have read a test bar').not.toBe(
        forwardReturnLabel(head, { horizon })[fold.test.start - horizon],
      );
    }
  });
});
