import { beforeAll, describe, expect, it } from 'vitest';
import { sliceBarSeries } from '../../core/model/data.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { loadMlBars, type MlBars } from './load-ml-bars.ts';
import { SMALL_HORIZON, smallMlConfig } from './ml-test-config.ts';
import { prepareRows, trainWalkForward } from './train-model.ts';

const HORIZON = SMALL_HORIZON;
const smallConfig = smallMlConfig;

/** 3 folds of 2,000 test bars after 5,000 training bars: the first 11,020 bars (the last fold's labels need HORIZON bars after it). */
let bars: MlBars;
beforeAll(async () => {
  const all = await loadMlBars(smallConfig());
  bars = { ...all, series: sliceBarSeries(all.series, 0, 5000 + HORIZON + 3 * 2000 + HORIZON) };
});

/** Deterministic Fisher–Yates shuffle of the known labels (NaN rows stay in place). */
function shuffledLabels(labels: Float64Array, seed: number): Float64Array {
  const out = Float64Array.from(labels);
  const known: number[] = [];
  for (let i = 0; i < out.length; i++) if (!Number.isNaN(out[i]!)) known.push(i);
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let k = known.length - 1; k > 0; k--) {
    const j = Math.floor(next() * (k + 1));
    const a = known[k]!;
    const b = known[j]!;
    [out[a], out[b]] = [out[b]!, out[a]!];
  }
  return out;
}

describe('trainWalkForward on BTC-PERP 1-minute bars', () => {
  it('tests every fold strictly after its training rows plus the purge, with finite metrics', () => {
    const config = smallConfig();
    const run = trainWalkForward(config, bars.series);
    expect(run.folds.length, '3 folds fit in 11,020 bars').toBe(3);
    expect(run.purge, 'purge defaults to the label horizon').toBe(HORIZON);
    for (const fold of run.folds) {
      const lastTrain = fold.train.end - 1;
      expect(lastTrain + HORIZON, `fold ${fold.index}: the last training label ends before the test`).toBeLessThan(
        fold.test.start,
      );
      expect(fold.trainRows).toBeGreaterThan(4000);
      expect(fold.metrics.rows).toBe(2000);
      for (const value of [fold.metrics.auc, fold.metrics.logLoss, fold.metrics.accuracy, fold.metrics.baseRate])
        expect(Number.isFinite(value), `fold ${fold.index} metric ${value}`).toBe(true);
    }
    const { rows } = run.pooled;
    expect(rows.length).toBe(6000);
    for (let k = 1; k < rows.length; k++) expect(rows[k]! > rows[k - 1]!, 'pooled rows ascend').toBe(true);
    expect(rows[0]).toBe(run.folds[0]!.test.start);
    expect(Number.isFinite(run.pooledMetrics.auc)).toBe(true);
    expect(run.calibration.reduce((sum, bin) => sum + bin.count, 0)).toBe(6000);
    expect(run.finalTrain.end - 1 + HORIZON, 'the final model trains only on rows whose label is known').toBeLessThan(
      bars.series.length,
    );
  });

  it('gives a pooled AUC within 0.05 of 0.5 when the labels are shuffled (no leak through the protocol)', () => {
    const config = smallConfig();
    const labels = shuffledLabels(prepareRows(bars.series, config).labels, 12345);
    const run = trainWalkForward(config, bars.series, { labels });
    expect(Math.abs(run.pooledMetrics.auc! - 0.5), `pooled AUC ${run.pooledMetrics.auc}`).toBeLessThan(0.05);
  });

  it('computes the features of row t from bars 0 … t only', () => {
    const config = smallConfig();
    const full = prepareRows(bars.series, config).features;
    for (const t of [40, 1000, 7777]) {
      const cut = prepareRows(sliceBarSeries(bars.series, 0, t + 1), config).features;
      for (let c = 0; c < full.columns.length; c++)
        expect(cut.values[c * cut.rows + t], `column ${full.columns[c]} at row ${t}`).toBe(
          full.values[c * full.rows + t],
        );
    }
  });

  it('trains deterministically under the seed, with early stopping on a validation tail', () => {
    const config = smallConfig({
      model: { trees: 20, max_depth: 3, row_fraction: 0.7, feature_fraction: 0.75, early_stopping_rounds: 5 },
    });
    const a = trainWalkForward(config, bars.series);
    const b = trainWalkForward(config, bars.series);
    expect(Array.from(a.pooled.probabilities)).toEqual(Array.from(b.pooled.probabilities));
  });

  it('refuses a config with an unknown field, naming the file and the field', () => {
    expect(() => smallConfig({ walk_forward: { train_bars: 5000, test_bars: 2000, windows: 3 } })).toThrow(ConfigError);
    expect(() => smallConfig({ walk_forward: { train_bars: 5000, test_bars: 2000, windows: 3 } })).toThrow(
      /test\.yaml: field 'walk_forward'.*windows/,
    );
    expect(() =>
      trainWalkForward(smallConfig({ walk_forward: { train_bars: 50_000, test_bars: 10 } }), bars.series),
    ).toThrow(/walk_forward: .* do not fill one fold/);
  });
});
