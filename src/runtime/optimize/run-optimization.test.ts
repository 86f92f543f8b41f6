import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { optimizationSummary, resultsCsv } from './optimization-files.ts';
import { optimizeConfig } from './optimize-config.ts';
import { optimizationFolds, runOptimization } from './run-optimization.ts';

const config = backtestConfig.parse({
  ...DEFAULT_BACKTEST_CONFIG,
  data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
});

describe('optimizationFolds', () => {
  it('grid and random: one fold, in-sample first; walk-forward: equal test windows after the first training window', () => {
    const single = optimizationFolds(
      1000,
      optimizeConfig.parse({ method: 'random', in_sample: 0.7, parameters: { a: { values: [1] } } }),
    );
    expect(single.folds).toEqual([{ train: 0, test: 1 }]);
    expect(single.windows).toEqual([
      { start: 0, end: 700 },
      { start: 700, end: 1000 },
    ]);
    const rolling = optimizationFolds(
      1000,
      optimizeConfig.parse({ method: 'walk_forward', in_sample: 0.6, folds: 4, parameters: { a: { values: [1] } } }),
    );
    const ranges = rolling.folds.map((f) => [rolling.windows[f.train], rolling.windows[f.test]]);
    expect(ranges).toEqual([
      [
        { start: 0, end: 600 },
        { start: 600, end: 700 },
      ],
      [
        { start: 100, end: 700 },
        { start: 700, end: 800 },
      ],
      [
        { start: 200, end: 800 },
        { start: 800, end: 900 },
      ],
      [
        { start: 300, end: 900 },
        { start: 900, end: 1000 },
      ],
    ]);
    const expanding = optimizationFolds(
      1000,
      optimizeConfig.parse({
        method: 'walk_forward',
        in_sample: 0.6,
        folds: 2,
        window: 'expanding',
        parameters: { a: { values: [1] } },
      }),
    );
    expect(expanding.folds.map((f) => expanding.windows[f.train].start)).toEqual([0, 0]);
  });
});

describe('runOptimization on the real BTC-PERP month', () => {
  const random = optimizeConfig.parse({
    method: 'random',
    trials: 8,
    seed: 5,
    min_trades: 3,
    permutations: 200,
    parameters: { fast_period: { min: 5, max: 60, integer: true }, slow_period: { min: 40, max: 400, integer: true } },
  });

  it('gives byte-identical results with one worker and with two', async () => {
    const one = await runOptimization(config, { ...random, workers: 1 }, { baseDir: '.' });
    const two = await runOptimization(config, { ...random, workers: 2 }, { baseDir: '.' });
    expect(resultsCsv(two)).toBe(resultsCsv(one));
    expect(JSON.stringify(optimizationSummary(two))).toBe(JSON.stringify(optimizationSummary(one)));
    expect(
      one.outcomes.every((o) => o.ok),
      'random draws are redrawn until the strategy accepts them',
    ).toBe(true);
    // The selection is the in-sample argmax among sets with enough trades, read back from the table.
    const rows = resultsCsv(one)
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    const header = resultsCsv(one).split('\n')[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const eligible = rows.filter((r) => Number(r[col('is_trades')]) >= 3);
    const best = eligible.reduce((a, b) => (Number(b[col('is_sharpe')]) > Number(a[col('is_sharpe')]) ? b : a));
    expect(one.selections[0].trial).toBe(Number(best[col('trial')]));
  }, 120_000);

  it('walk-forward: every fold selects on its own training window and the out-of-sample record strings the selections together', async () => {
    const walk = optimizeConfig.parse({ ...random, method: 'walk_forward', in_sample: 0.5, folds: 3, workers: 2 });
    const run = await runOptimization(config, walk, { baseDir: '.' });
    expect(run.folds).toHaveLength(3);
    let trades = 0;
    let growth = 1;
    run.folds.forEach((fold, f) => {
      const chosen = run.selections[f].trial;
      expect(chosen, `fold ${f} selects a set`).toBeDefined();
      const outcome = run.outcomes[chosen as number];
      if (!outcome.ok) throw new Error('the selected trial ran');
      trades += outcome.windows[fold.test].metrics.trades;
      for (const r of outcome.windows[fold.test].dailyReturns) growth *= 1 + r;
      expect(run.windows[fold.test].start, 'testing starts where training ends').toBe(run.windows[fold.train].end);
    });
    expect(run.outOfSample.trades).toBe(trades);
    expect(run.outOfSample.total_return).toBeCloseTo(growth - 1, 12);
    expect(run.permutation.outOfSample.trades).toBe(trades);
    expect(run.permutation.outOfSample.pValue).toBeGreaterThan(0);
    expect(run.permutation.outOfSample.pValue).toBeLessThanOrEqual(1);
  }, 120_000);

  it('a grid keeps the combinations the strategy refuses, marked invalid, and ranks only the others', async () => {
    const grid = optimizeConfig.parse({
      method: 'grid',
      permutations: 50,
      min_trades: 0,
      workers: 1,
      parameters: { fast_period: { values: [20, 300] }, slow_period: { values: [100, 200] } },
    });
    const run = await runOptimization(config, grid, { baseDir: '.' });
    expect(run.outcomes.map((o) => o.ok)).toEqual([true, true, false, false]);
    expect(run.selections[0].candidates).toBe(2);
    expect(resultsCsv(run)).toMatch(/invalid: .*fast_period must be smaller than slow_period/);
  }, 120_000);

  it("names a searched parameter the strategy doesn't have", async () => {
    const wrong = optimizeConfig.parse({ method: 'grid', parameters: { fast: { values: [1] } } });
    await expect(runOptimization(config, wrong, { baseDir: '.' })).rejects.toThrow(
      /'fast' is not a parameter of strategy 'ema_cross'/,
    );
  });

  it('refuses a tick file: its workers rerun on bars, so the search would not be the backtest', async () => {
    const trades = fileURLToPath(new URL('../../../data/samples/btcusdt-trades.parquet', import.meta.url));
    const ticks = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      data: { path: trades, timeframe: '1s' },
      instrument: { symbol: 'BTC/USDT' },
    });
    await expect(runOptimization(ticks, random, { baseDir: '.' })).rejects.toThrow(
      /holds trades; `tradewind optimize` runs on bars/,
    );
  });
});
