import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../../model/data.ts';
import type { InstrumentId } from '../../model/ids.ts';
import { computeFeatures, featureColumn } from './compute-features.ts';
import { forwardReturnLabel } from './forward-return-label.ts';
import { tripleBarrierLabel } from './triple-barrier-label.ts';

/** Bars from rows of [open, high, low, close], one a minute. */
function bars(rows: readonly (readonly [number, number, number, number])[]): BarSeries {
  const column = (k: number) => Float64Array.from(rows, (row) => row[k]!);
  return {
    instrumentId: 'TEST' as InstrumentId,
    timeframe: '1m',
    length: rows.length,
    timestamp: Float64Array.from(rows, (_, i) => 1_640_995_200_000 + i * 60_000),
    open: column(0),
    high: column(1),
    low: column(2),
    close: column(3),
    volume: Float64Array.from(rows, () => 1),
  };
}

const flat = (close: number) => [close, close, close, close] as const;

describe('forwardReturnLabel (worked example)', () => {
  const series = bars([100, 110, 99, 99, 108.9].map(flat));

  it('is close[t + h] / close[t] − 1, NaN for the last h bars', () => {
    const label = [...forwardReturnLabel(series, { horizon: 2 })];
    expect(label.slice(0, 3)).toEqual([expect.closeTo(-0.01, 12), expect.closeTo(-0.1, 12), expect.closeTo(0.1, 12)]);
    expect(label.slice(3).every(Number.isNaN), 'the future of the last two bars is not known').toBe(true);
    expect(forwardReturnLabel(series, { horizon: 1, form: 'log' })[0]).toBeCloseTo(0.09531017980432493, 15);
  });

  it('with a threshold it is 1 strictly above it, else 0 (NaN stays NaN)', () => {
    expect([...forwardReturnLabel(series, { horizon: 2, threshold: 0 })]).toEqual([0, 0, 1, Number.NaN, Number.NaN]);
    expect([...forwardReturnLabel(series, { horizon: 1, threshold: 0 })].slice(0, 4), '99 → 99 is not above 0').toEqual(
      [1, 0, 0, 1],
    );
    expect(() => forwardReturnLabel(series, { horizon: 0 })).toThrow(/horizon must be an integer >= 1/);
  });
});

describe('tripleBarrierLabel (worked example, barriers at ±5%, vertical after 2 bars)', () => {
  const series = bars([
    [100, 100, 100, 100], // 0: barriers 105 / 95
    [100, 104, 97, 101], //  1: neither for bar 0; barriers 106.05 / 95.95 for bar 1
    [101, 106, 99, 103], //  2: 106 ≥ 105 → bar 0 is +1 here; barriers 108.15 / 97.85 for bar 2
    [103, 112, 90, 104], //  3: touches both barriers of bars 1 and 2 → −1 (conservative tie)
    [104, 105, 103, 104], // 4: barriers 109.2 / 98.8 for bar 3, not touched by bars 4 and 5
    [104, 105, 102, 103], // 5
  ]);
  const options = { horizon: 2, upper: 0.05, lower: 0.05, width: { kind: 'fraction' } } as const;

  it('labels which barrier a high or low reached first, ties as the loss, the vertical as 0', () => {
    const { label, end } = tripleBarrierLabel(series, options);
    expect([...label]).toEqual([1, -1, -1, 0, Number.NaN, Number.NaN]);
    expect([...end], 'the deciding bar: the touch, or t + horizon').toEqual([2, 3, 3, 5, Number.NaN, Number.NaN]);
  });

  it("vertical: 'sign' labels an untouched window by the sign of the move to t + horizon", () => {
    expect(tripleBarrierLabel(series, { ...options, vertical: 'sign' }).label[3], '104 → 103').toBe(-1);
  });

  it('a wide upper barrier and a tight lower one change the outcome', () => {
    const { label } = tripleBarrierLabel(series, { ...options, upper: 0.2, lower: 0.02 });
    // bar 0: lower 98, bar 1 low 97 → −1; bar 1: lower 98.98, bar 2 low 99 no, bar 3 low 90 → −1.
    expect([...label].slice(0, 2)).toEqual([-1, -1]);
    expect(() => tripleBarrierLabel(series, { ...options, lower: 0 })).toThrow(/lower must be > 0/);
  });

  it('volatility widths are multiples of the volatility feature at the entry bar; NaN while it warms up', () => {
    const closes = [100, 101, 99, 102, 100, 103, 99, 104, 98, 100, 101, 100];
    const series = bars(closes.map((c) => [c, c + 1.5, c - 1.5, c] as const));
    const { label } = tripleBarrierLabel(series, {
      horizon: 2,
      upper: 1,
      lower: 1,
      width: { kind: 'volatility', window: 3 },
    });
    const sigma = featureColumn(computeFeatures(series, [{ kind: 'volatility', window: 3 }]), 'volatility_3');
    expect([...label].slice(0, 3).every(Number.isNaN), 'volatility_3 starts at bar 3').toBe(true);
    for (let t = 3; t < closes.length - 2; t++) {
      const fixed = tripleBarrierLabel(series, {
        horizon: 2,
        upper: sigma[t]!,
        lower: sigma[t]!,
        width: { kind: 'fraction' },
      });
      expect(label[t], `bar ${t}: same as a fixed fraction equal to σ_t`).toBe(fixed.label[t]);
    }
    expect(
      new Set([...label].filter(Number.isFinite)).size,
      'the example reaches more than one outcome',
    ).toBeGreaterThan(1);
  });
});
