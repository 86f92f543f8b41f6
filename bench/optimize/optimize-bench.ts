/**
 * The optimizer benchmark (issue 6): 1,000 parameter sets of the EMA crossover, each backtested
 * over the same 1,000,000 synthetic 1-minute bars by `runOptimization` on both cores — the whole
 * product path (the bars read from a CSV file once, the baseline run, worker threads, windows,
 * selection, deflated Sharpe ratio, permutation test). Beside it, in the same run:
 * - the speed-up of two workers over one on the first `--subset` parameter sets, and their results
 *   compared byte for byte (they must be identical);
 * - the anchor: the plain typed-array EMA-cross loop (bench/limit-loop.ts) on the same subset,
 *   scaled to 1,000 sets on two cores — the practical limit of the work.
 *
 * Usage: `node --import tsx bench/optimize/optimize-bench.ts [--bars N] [--trials N] [--subset N] [--json]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { allocateBarSeries } from '../../src/core/model/data.ts';
import { instrumentId } from '../../src/core/model/ids.ts';
import { backtestConfig } from '../../src/runtime/config/backtest-config.ts';
import { resultsCsv } from '../../src/runtime/optimize/optimization-files.ts';
import { optimizeConfig } from '../../src/runtime/optimize/optimize-config.ts';
import { runOptimization } from '../../src/runtime/optimize/run-optimization.ts';
import { LIMIT_PARAMETERS } from '../engine-run.ts';
import { LimitOutput, runLimitLoop } from '../limit-loop.ts';
import { barRatios, SyntheticBarGenerator } from '../synthetic-bars.ts';

const TARGET_SECONDS = 120;

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '1000000' },
    trials: { type: 'string', default: '1000' },
    subset: { type: 'string', default: '40' },
    seed: { type: 'string', default: '20240601' },
    json: { type: 'boolean', default: false },
  },
});
const BARS = Number(args.bars);
const TRIALS = Number(args.trials);
const SUBSET = Number(args.subset);
const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const series = allocateBarSeries(instrumentId('BTC-PERP', 'SIM'), '1m', BARS);
new SyntheticBarGenerator(barRatios(), { seed: Number(args.seed) }).fill(series, 0, BARS);
const dir = mkdtempSync(join(tmpdir(), 'optimize-bench-'));
const csv = join(dir, 'bars.csv');
const lines = ['timestamp,open,high,low,close,volume'];
for (let i = 0; i < BARS; i++)
  lines.push(
    `${series.timestamp[i]},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`,
  );
writeFileSync(csv, `${lines.join('\n')}\n`);

const config = backtestConfig.parse({
  strategy: { name: 'ema_cross', params: { quantity: LIMIT_PARAMETERS.quantity, mode: 'long_short' } },
  data: { path: csv },
  instrument: {
    symbol: 'BTC-PERP',
    venue: 'SIM',
    kind: 'perpetual',
    base_currency: 'BTC',
    quote_currency: 'USD',
    price_increment: 0.01,
    size_increment: 0.001,
    maker_fee: LIMIT_PARAMETERS.takerRate,
    taker_fee: LIMIT_PARAMETERS.takerRate,
  },
  account: { type: 'margin', starting_cash: LIMIT_PARAMETERS.startingCash, leverage: 2 },
});
const search = (trials: number, workers: number) =>
  optimizeConfig.parse({
    method: 'random',
    trials,
    seed: 1,
    workers,
    permutations: 1000,
    parameters: {
      fast_period: { min: 5, max: 100, integer: true },
      slow_period: { min: 20, max: 500, scale: 'log', integer: true },
    },
  });

const load = loadavg()[0];
try {
  say(`optimize: ${TRIALS} EMA-cross parameter sets × ${BARS.toLocaleString('en-US')} bars on 2 workers`);
  let started = performance.now();
  const full = await runOptimization(config, search(TRIALS, 2), { baseDir: dir });
  const fullSeconds = (performance.now() - started) / 1000;

  say(`optimize: the first ${SUBSET} sets on 1 worker and on 2`);
  started = performance.now();
  const one = await runOptimization(config, search(SUBSET, 1), { baseDir: dir });
  const oneSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const two = await runOptimization(config, search(SUBSET, 2), { baseDir: dir });
  const twoSeconds = (performance.now() - started) / 1000;
  const identical = resultsCsv(one) === resultsCsv(two);

  say(`optimize: the plain typed-array loop on the same ${SUBSET} sets`);
  const out = new LimitOutput(BARS);
  started = performance.now();
  for (const set of one.sets)
    runLimitLoop(
      series.timestamp,
      series.open,
      series.close,
      BARS,
      {
        ...LIMIT_PARAMETERS,
        fastPeriod: set.fast_period as number,
        slowPeriod: set.slow_period as number,
      },
      out,
    );
  const loopSeconds = (performance.now() - started) / 1000;
  const loopFullTwoCores = ((loopSeconds / SUBSET) * TRIALS) / 2;

  const figures = {
    trials: TRIALS,
    bars: BARS,
    seconds: fullSeconds,
    target_seconds: TARGET_SECONDS,
    pass: fullSeconds <= TARGET_SECONDS,
    bar_runs_per_second: (TRIALS * BARS) / fullSeconds,
    subset: SUBSET,
    subset_one_worker_seconds: oneSeconds,
    subset_two_workers_seconds: twoSeconds,
    two_worker_speedup: oneSeconds / twoSeconds,
    one_and_two_workers_identical: identical,
    limit_loop_seconds_scaled: loopFullTwoCores,
    optimizer_vs_limit_ratio: fullSeconds / loopFullTwoCores,
    selected: full.sets[full.selections[0].trial ?? 0],
    load_average: load,
  };
  if (args.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else
    process.stdout.write(
      [
        `optimize ${TRIALS} sets × ${(BARS / 1e6).toFixed(2)} M bars   ${fullSeconds.toFixed(1)} s on 2 workers (${((TRIALS * BARS) / fullSeconds / 1e6).toFixed(2)} M bar-runs/s)   target ≤ ${TARGET_SECONDS} s: ${figures.pass ? 'PASS' : 'MISS'}`,
        `  ${SUBSET} sets: 1 worker ${oneSeconds.toFixed(1)} s, 2 workers ${twoSeconds.toFixed(1)} s (speed-up ${(oneSeconds / twoSeconds).toFixed(2)}×), results identical: ${identical}`,
        `  anchor: plain typed-array loop, same work scaled to ${TRIALS} sets on 2 cores ${loopFullTwoCores.toFixed(1)} s; optimizer / loop ${(fullSeconds / loopFullTwoCores).toFixed(1)}×`,
        '',
      ].join('\n'),
    );
  if (!identical) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
