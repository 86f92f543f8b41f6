import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../../test/support/btc-perp.ts';
import { loadBars } from '../../../adapters/data/index.ts';
import { SeededRandom } from '../../kernel/random.ts';
import type { BarSeries } from '../../model/data.ts';
import { computeFeatures, featureColumn } from './compute-features.ts';
import { everyFeatureKind } from './every-feature-kind.ts';
import { FeatureBuilder } from './feature-builder.ts';

let series: BarSeries;
let external: Float64Array;
beforeAll(async () => {
  series = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  // A stand-in for regime probabilities: seeded values with a NaN warm-up.
  const random = new SeededRandom(6);
  external = Float64Array.from({ length: series.length }, (_, i) => (i < 30 ? Number.NaN : random.next()));
});

/** Feeds every bar of `bars` to a builder, calling `check(row, t)` after each. */
function stream(builder: FeatureBuilder, bars: BarSeries, check: (row: Float64Array, t: number) => void) {
  const bar = { timestamp: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let t = 0; t < bars.length; t++) {
    bar.timestamp = bars.timestamp[t]!;
    bar.open = bars.open[t]!;
    bar.high = bars.high[t]!;
    bar.low = bars.low[t]!;
    bar.close = bars.close[t]!;
    bar.volume = bars.volume[t]!;
    check(builder.update(bar), t);
  }
}

describe('FeatureBuilder (streaming) against computeFeatures (batch), real BTC-PERP 1m bars', () => {
  it('every column of every bar is bit-identical, for every feature kind and registry indicator', () => {
    const specs = everyFeatureKind(external);
    const batch = computeFeatures(series, specs);
    const builder = new FeatureBuilder(specs);
    expect(builder.columns).toEqual(batch.columns);
    expect(batch.rows).toBe(45_031);
    const { rows, values, columns } = batch;
    const mismatches = new Map<string, number>();
    let compared = 0;
    stream(builder, series, (row, t) => {
      for (let c = 0; c < columns.length; c++) {
        compared++;
        // Object.is: NaN equals NaN, and 0 differs from −0.
        if (!Object.is(row[c], values[c * rows + t])) mismatches.set(columns[c]!, mismatches.get(columns[c]!) ?? t);
      }
    });
    expect(compared).toBe(rows * columns.length);
    expect(Object.fromEntries(mismatches), 'column → first bar where streaming and batch differ').toEqual({});
    expect(builder.count).toBe(rows);
    // The warm-ups are real: a NaN at the start, numbers later, in a sample of columns.
    for (const name of ['return_15', 'volatility_60', 'volume_zscore_60', 'rsi_7', 'macd_12_26_9_signal']) {
      const column = featureColumn(batch, name);
      expect(Number.isNaN(column[0]!), `${name} warms up`).toBe(true);
      expect(Number.isFinite(column[rows - 1]!), `${name} is defined at the end`).toBe(true);
    }
  });

  it('setExternal feeds an external column without values; reset starts over identically', () => {
    const specs = [
      { kind: 'return', horizon: 3 },
      { kind: 'external', name: 'regime_bull' },
    ] as const;
    const head: BarSeries = { ...series, length: 500 };
    const batch = computeFeatures(head, [specs[0], { kind: 'external', name: 'regime_bull', values: external }]);
    const builder = new FeatureBuilder(specs);
    const rows: number[][] = [];
    const bar = { timestamp: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
    for (let pass = 0; pass < 2; pass++) {
      builder.reset();
      for (let t = 0; t < head.length; t++) {
        builder.setExternal('regime_bull', external[t]!);
        bar.timestamp = series.timestamp[t]!;
        bar.close = series.close[t]!;
        const row = builder.update(bar);
        if (pass === 1) rows.push([...row]);
        expect(Object.is(row[0], batch.values[t]), `return_3 at ${t}, pass ${pass}`).toBe(true);
        expect(Object.is(row[1], external[t]), `regime_bull at ${t}, pass ${pass}`).toBe(true);
      }
    }
    expect(rows).toHaveLength(500);
    expect(() => builder.setExternal('nosuch', 1)).toThrow(/no external feature named 'nosuch'/);
  });
});
