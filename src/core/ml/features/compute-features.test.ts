import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../../model/data.ts';
import type { InstrumentId } from '../../model/ids.ts';
import { computeFeatures, featureColumn, featureLookback } from './compute-features.ts';
import { utcDayOfWeek, utcMinuteOfDay } from './context-features.ts';
import { FeatureSpecError, featureColumnNames } from './feature-spec.ts';

/** A small hand-made series: one bar a minute from 2022-01-01T00:00Z unless timestamps are given. */
function series(close: number[], volume?: number[], timestamp?: number[]): BarSeries {
  const column = (values: number[]) => Float64Array.from(values);
  return {
    instrumentId: 'TEST' as InstrumentId,
    timeframe: '1m',
    length: close.length,
    timestamp: column(timestamp ?? close.map((_, i) => 1_640_995_200_000 + i * 60_000)),
    open: column(close),
    high: column(close),
    low: column(close),
    close: column(close),
    volume: column(volume ?? close.map(() => 1)),
  };
}

const CLOSES = [100, 110, 99, 99, 108.9];

describe('worked examples, computed by hand', () => {
  it('return_h is close[t] / close[t − h] − 1, log_return_h its log; NaN for t < h', () => {
    const matrix = computeFeatures(series(CLOSES), [
      { kind: 'return', horizon: 1 },
      { kind: 'return', horizon: 2 },
      { kind: 'return', horizon: 1, form: 'log' },
    ]);
    expect(matrix.columns).toEqual(['return_1', 'return_2', 'log_return_1']);
    const r1 = [...featureColumn(matrix, 'return_1')];
    const r2 = [...featureColumn(matrix, 'return_2')];
    expect(r1[0]).toBeNaN();
    expect(r1.slice(1)).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12), 0, expect.closeTo(0.1, 12)]);
    expect(r2.slice(0, 2).every(Number.isNaN), 'two bars of warm-up').toBe(true);
    expect(r2.slice(2)).toEqual([expect.closeTo(-0.01, 12), expect.closeTo(-0.1, 12), expect.closeTo(0.1, 12)]);
    expect(featureColumn(matrix, 'log_return_1')[1]).toBeCloseTo(0.09531017980432493, 15);
  });

  it('volatility_w is the sample standard deviation of the last w one-bar log returns', () => {
    // log returns: ln 1.1 = 0.0953, ln 0.9 = −0.1054, 0, ln 1.1
    const column = featureColumn(computeFeatures(series(CLOSES), [{ kind: 'volatility', window: 2 }]), 'volatility_2');
    expect(column[0]).toBeNaN();
    expect(column[1], 'two returns need three closes').toBeNaN();
    expect(column[2]).toBeCloseTo(0.14189560954670769, 14);
    expect(column[3]).toBeCloseTo(0.07450113509096039, 14);
  });

  it('volume_zscore_w compares the volume with the last w volumes, its own included; 0 when they are equal', () => {
    const matrix = computeFeatures(series(CLOSES, [1, 2, 3, 4, 10]), [{ kind: 'volume_zscore', window: 3 }]);
    const column = [...featureColumn(matrix, 'volume_zscore_3')];
    expect(column.slice(0, 2).every(Number.isNaN)).toBe(true);
    // (3 − 2) / 1, (4 − 3) / 1, (10 − 17/3) / sd(3, 4, 10)
    expect(column.slice(2)).toEqual([1, 1, expect.closeTo(1.1445861782233109, 14)]);
    const flat = computeFeatures(series(CLOSES, [5, 5, 5, 5, 5]), [{ kind: 'volume_zscore', window: 3 }]);
    expect([...flat.values].slice(2), 'a flat window is no surprise, not a division by zero').toEqual([0, 0, 0]);
  });

  it('time_of_day and day_of_week put the UTC open time on the unit circle (Monday = 0)', () => {
    // 2022-01-01 is a Saturday (5); 2022-01-03 a Monday; 1969-12-31 23:59 a Wednesday (2).
    const times = [1_641_016_800_000, 1_641_060_000_000, 1_641_168_000_000, 1_641_254_340_000];
    const matrix = computeFeatures(series([1, 1, 1, 1], undefined, times), [
      { kind: 'time_of_day' },
      { kind: 'day_of_week' },
    ]);
    expect(matrix.columns).toEqual(['time_of_day_sin', 'time_of_day_cos', 'day_of_week_sin', 'day_of_week_cos']);
    const sine = featureColumn(matrix, 'time_of_day_sin');
    const cosine = featureColumn(matrix, 'time_of_day_cos');
    expect(sine[0], '06:00 is a quarter turn').toBe(1);
    expect(cosine[0]).toBeCloseTo(0, 15);
    expect(sine[1], '18:00 is three quarters').toBe(-1);
    expect([sine[2], cosine[2]], 'midnight').toEqual([0, 1]);
    expect(sine[3], '23:59 is just before midnight').toBeCloseTo(-0.00436330928474657, 14);
    expect(featureColumn(matrix, 'day_of_week_sin')[0]).toBeCloseTo(-0.9749279121818236, 15);
    expect(featureColumn(matrix, 'day_of_week_cos')[0]).toBeCloseTo(-0.2225209339563146, 15);
    expect([featureColumn(matrix, 'day_of_week_sin')[2], featureColumn(matrix, 'day_of_week_cos')[2]]).toEqual([0, 1]);
    expect([utcMinuteOfDay(-60_000), utcDayOfWeek(-60_000)], 'before 1970 too').toEqual([1439, 2]);
    expect([utcMinuteOfDay(1_641_016_800_000), utcDayOfWeek(1_641_168_000_000)]).toEqual([360, 0]);
  });

  it('indicator features come from the registry: rsi:2 by hand, multi-output names', () => {
    // changes +1, −0.5, +1: seed gains (1 + 0) / 2, losses (0 + 0.5) / 2 → 100 · 0.5 / 0.75;
    // then gain 0.5 · 0.5 + 1 · 0.5 = 0.75, loss 0.25 · 0.5 = 0.125 → 100 · 0.75 / 0.875.
    const matrix = computeFeatures(series([10, 11, 10.5, 11.5]), [{ kind: 'indicator', name: 'rsi:2' }]);
    const rsi = [...featureColumn(matrix, 'rsi_2')];
    expect(rsi.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(rsi.slice(2)).toEqual([expect.closeTo(200 / 3, 12), expect.closeTo(600 / 7, 12)]);
    expect(featureColumnNames([{ kind: 'indicator', name: 'macd' }])).toEqual([
      'macd_12_26_9_macd',
      'macd_12_26_9_signal',
      'macd_12_26_9_histogram',
    ]);
  });

  it('external columns are copied as given, NaN included', () => {
    const values = Float64Array.from([Number.NaN, 0.2, 0.7, 0.1, 0.9]);
    const matrix = computeFeatures(series(CLOSES), [{ kind: 'external', name: 'regime_bull', values }]);
    expect([...matrix.values]).toEqual([...values]);
    expect(() => computeFeatures(series(CLOSES), [{ kind: 'external', name: 'regime_bull' }])).toThrow(/no values/);
  });

  it('the matrix is column-major in spec order and the lookback is the longest warm-up', () => {
    const specs = [
      { kind: 'return', horizon: 1 },
      { kind: 'volume_zscore', window: 3 },
    ] as const;
    const matrix = computeFeatures(series(CLOSES, [1, 2, 3, 4, 10]), specs);
    expect(matrix.rows).toBe(5);
    expect(matrix.values[5 + 4], 'column 1, row 4').toBe(featureColumn(matrix, 'volume_zscore_3')[4]);
    expect(featureLookback(specs)).toBe(2);
    expect(featureLookback([{ kind: 'indicator', name: 'macd' }])).toBe(33);
  });

  it.each([
    [{ kind: 'return', horizon: 0 }, /return horizon must be an integer >= 1/],
    [{ kind: 'volatility', window: 1 }, /volatility window must be an integer >= 2/],
    [{ kind: 'indicator', name: 'beta' }, /needs a second series/],
    [{ kind: 'indicator', name: 'nosuch:3' }, /unknown indicator/],
    [{ kind: 'external', name: 'Bad Name' }, /lower-case/],
    [{ kind: 'sentiment' }, /unknown kind 'sentiment'/],
  ])('refuses %o', (spec, message) => {
    expect(() => featureColumnNames([spec as never])).toThrow(message);
  });

  it('refuses two specs that produce the same column', () => {
    expect(() =>
      featureColumnNames([
        { kind: 'indicator', name: 'rsi:14' },
        { kind: 'indicator', name: 'RSI:14' },
      ]),
    ).toThrow(FeatureSpecError);
  });
});
