import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { computeFeatures } from '../../core/ml/features/index.ts';
import { type BarSeries, sliceBarSeries } from '../../core/model/data.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { runBacktest } from '../../runtime/backtest/run-backtest.ts';
import { loadGateModel, loadStrategy } from '../../runtime/backtest/strategy-loader.ts';
import { backtestConfig } from '../../runtime/config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../../runtime/config/default-backtest-config.ts';
import { ConfigError, loadBacktestConfig } from '../../runtime/config/load-backtest-config.ts';
import { loadMlBars } from '../../runtime/ml/load-ml-bars.ts';
import { SMALL_HORIZON, smallMlConfig } from '../../runtime/ml/ml-test-config.ts';
import { type MlTrainRun, runMlTrain } from '../../runtime/ml/run-ml.ts';
import { builtInStrategy } from '../index.ts';
import { headOf, ordersCreatedBy, perturbAfter, runStrategy } from '../testing/strategy-scenario.ts';
import type { GateModel } from './gate-model.ts';
import { mlGateParameters } from './ml-gate-parameters.ts';
import { MlGateStrategy } from './ml-gate-strategy.ts';

const MINUTE = 60_000;
/** The base: the default config's EMA(60)/EMA(240) cross, long only, so buys are entries and sells exits. */
const BASE = { name: 'ema_cross', params: { fast_period: 60, slow_period: 240, quantity: 0.2, mode: 'long_only' } };

let registry: string;
let trained: MlTrainRun;
let gate: GateModel;

/**
 * A small model (4 price features, 20 trees of depth 3, label: the close 10 bars ahead is higher)
 * trained walk-forward by the real training code on the first 11,020 bars of the BTC-PERP month,
 * registered as btc-small@1 in a temporary registry.
 */
beforeAll(async () => {
  registry = mkdtempSync(join(tmpdir(), 'tradewind-ml-gate-'));
  const config = smallMlConfig();
  const all = await loadMlBars(config);
  const bars = { ...all, series: sliceBarSeries(all.series, 0, 5000 + 3 * 2000 + 2 * SMALL_HORIZON) };
  trained = await runMlTrain({ config, source: 'test.yaml', hash: 'test' }, { registry, bars });
  gate = await loadGateModel('btc-small@1', { registry, baseDir: '.', what: 'test' });
});
afterAll(() => rmSync(registry, { recursive: true, force: true }));

interface Logged {
  readonly event: string;
  readonly fields: Record<string, unknown>;
}

/** `tradewind backtest` of the default config with this strategy, after the model's training range. */
async function backtest(strategy: { name: string; params: Record<string, unknown> }) {
  const logs: Logged[] = [];
  const keep = (event: string, fields?: Record<string, unknown>) => logs.push({ event, fields: fields ?? {} });
  const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep };
  const from = new Date(Date.parse(trained.meta.training.last_label_bar) + MINUTE).toISOString();
  const config = backtestConfig.parse({
    ...DEFAULT_BACKTEST_CONFIG,
    strategy,
    data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
    period: { from },
  });
  const run = await runBacktest(config, { baseDir: '.', logger });
  const times = (side: 'buy' | 'sell') =>
    run.result.orders.filter((o) => o.side === side && o.filledQuantity > 0).map((o) => o.createdAt);
  return { run, logs, buys: times('buy'), sells: times('sell') };
}

/** The model's probability on bar t of `series`, from the whole series' feature matrix (independent of the gate). */
function probabilitiesOf(series: BarSeries): (t: number) => number {
  const matrix = computeFeatures(series, gate.features);
  const row = new Float64Array(matrix.columns.length);
  return (t) => {
    for (let c = 0; c < row.length; c++) row[c] = matrix.values[c * matrix.rows + t]!;
    return gate.model.predict(row);
  };
}

describe('ml_gate over ema_cross with a model trained on the real BTC-PERP month', () => {
  it('only removes entries: the gated entries are those of the base whose probability clears the threshold', async () => {
    const ungated = await backtest(BASE);
    expect(ungated.buys.length, 'the base enters often enough to gate').toBeGreaterThan(20);
    const series = ungated.run.data.series;
    const p = probabilitiesOf(series);
    const barOf = (closeTime: number) => (closeTime - MINUTE - series.timestamp[0]!) / MINUTE;
    // The threshold: the median p over the base's entries (above the lowest), so some pass and some do not.
    const entryP = ungated.buys.map((time) => p(barOf(time))).sort((a, b) => a - b);
    expect(entryP[0], 'the model tells the entries apart').toBeLessThan(entryP.at(-1)!);
    const median = entryP[Math.floor(entryP.length / 2)]!;
    const threshold = median > entryP[0]! ? median : entryP.find((value) => value > entryP[0]!)!;

    const gated = await backtest({
      name: 'ml_gate',
      params: { base: BASE, model: 'btc-small@1', registry, threshold },
    });
    const decisions = gated.logs.filter((l) => l.event === 'ml_gate_passed' || l.event === 'ml_gate_blocked');
    const passed = decisions.filter((l) => l.event === 'ml_gate_passed').map((l) => l.fields.ts as number);
    const blocked = decisions.filter((l) => l.event === 'ml_gate_blocked').map((l) => l.fields.ts as number);
    expect(passed.length, 'entries passed').toBeGreaterThan(0);
    expect(blocked.length, 'entries blocked').toBeGreaterThan(0);
    expect(gated.buys, 'the gated entries are the passed ones').toEqual(passed);
    const ungatedBuys = new Set(ungated.buys);
    expect(
      gated.buys.filter((time) => !ungatedBuys.has(time)),
      'every gated entry is an entry of the base',
    ).toEqual([]);
    expect(
      [...passed, ...blocked].sort((a, b) => a - b),
      'each entry of the base was scored once',
    ).toEqual(ungated.buys);
    const ungatedSells = new Set(ungated.sells);
    expect(
      gated.sells.filter((time) => !ungatedSells.has(time)),
      'every exit is an exit of the base',
    ).toEqual([]);
    for (const { event, fields } of decisions) {
      const expected = p(barOf(fields.ts as number));
      expect(fields.probability, `${event} at ${fields.ts}: p of that bar's own features`).toBe(expected);
      expect(event === 'ml_gate_passed', `${event}: p ${expected} against ${threshold}`).toBe(expected >= threshold);
    }
    expect(
      gated.logs.some((l) => l.event === 'ml_gate_in_sample'),
      'the run lies after the training range',
    ).toBe(false);
    expect(gated.logs.find((l) => l.event === 'ml_gate_summary')?.fields).toMatchObject({
      passed: passed.length,
      blocked: blocked.length,
    });
  });

  it('no look-ahead: orders and decisions up to bar t are unchanged when later bars change', async () => {
    const all = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, timeframe: '1m' })).series;
    const head = headOf(sliceBarSeries(all, 11_100, all.length), 12_000);
    const t = 8_000;
    const run = (series: BarSeries) => {
      const params = mlGateParameters.parse({ base: BASE, model: 'btc-small@1', threshold: 0.4 });
      const strategy = new MlGateStrategy(params, { base: builtInStrategy(BASE.name, BASE.params), model: gate });
      return runStrategy(strategy, { series, instrument: BTC_PERP });
    };
    const base = run(head);
    const changed = run(perturbAfter(head, t, 1.02));
    const closeOfT = head.timestamp[t]! + MINUTE;
    const decisionsBy = (logs: typeof base.logs) =>
      logs
        .filter((l) => l.event.startsWith('ml_gate_') && (l.fields?.ts as number) <= closeOfT)
        .map((l) => JSON.stringify(l.fields));
    const before = decisionsBy(base.logs);
    expect(before.filter((l) => l.includes('"side"')).length, 'the gate decided before t').toBeGreaterThan(10);
    expect(ordersCreatedBy(base.result, closeOfT).length, 'some entries passed before t').toBeGreaterThan(4);
    expect(decisionsBy(changed.logs)).toEqual(before);
    expect(ordersCreatedBy(changed.result, closeOfT)).toEqual(ordersCreatedBy(base.result, closeOfT));
    const probabilities = (logs: typeof base.logs) =>
      logs
        .filter((l) => l.event === 'ml_gate_passed' || l.event === 'ml_gate_blocked')
        .map((l) => l.fields?.probability);
    expect(probabilities(changed.logs), 'the later bars changed later decisions').not.toEqual(probabilities(base.logs));
  });
});

describe.each([
  ['trend_follower', {}],
  ['mean_reversion', { mode: 'long_short' }],
  ['momentum', { mode: 'long_short' }],
  ['ma_hmm_ensemble', {}],
])('ml_gate over %s', (name, params) => {
  it('runs the month after the training range; every entry sent cleared the threshold, every exit went on', async () => {
    const threshold = 0.45;
    const { run, logs } = await backtest({
      name: 'ml_gate',
      params: { base: { name, params }, model: 'btc-small@1', registry, threshold },
    });
    const decisions = logs.filter((l) => l.event === 'ml_gate_passed' || l.event === 'ml_gate_blocked');
    expect(decisions.length, 'entries were scored').toBeGreaterThan(0);
    for (const { event, fields } of decisions) {
      const p = fields.probability as number | null;
      const limit = fields.threshold as number;
      expect(limit, 'the long or the short threshold').toBe(fields.side === 'buy' ? threshold : 1 - threshold);
      const clears = p !== null && (fields.side === 'buy' ? p >= limit : p <= limit);
      expect(event === 'ml_gate_passed', `${event} ${fields.side} p ${p}`).toBe(clears);
    }
    const passed = new Set(decisions.filter((l) => l.event === 'ml_gate_passed').map((l) => l.fields.client_order_id));
    const summary = logs.find((l) => l.event === 'ml_gate_summary')!.fields;
    // Orders sent: the passed entries, and exits (reduce-only, or reducing the position when sent).
    const sent = run.result.orders;
    expect(sent.filter((o) => passed.has(o.clientOrderId)).length).toBe(passed.size);
    expect(sent.length, 'nothing else reached the order path').toBe(
      passed.size + (summary.exits as number) + (summary.trimmed as number),
    );
    expect(
      sent.filter((o) => o.status === 'denied').map((o) => o.reason),
      'the RiskEngine denied none of what the gate sent',
    ).toEqual([]);
  });
});

describe('loading the model of ml_gate', () => {
  const load = (params: Record<string, unknown>) => loadStrategy('ml_gate', { base: BASE, ...params }, '.');

  it('reads a registry reference or a path to the version folder or its model.json, the same model', async () => {
    const byPath = await loadGateModel(join(registry, 'btc-small', '1'), { baseDir: '/', what: 'test' });
    const byFile = await loadGateModel(join(registry, 'btc-small', '1', 'model.json'), { baseDir: '/', what: 'test' });
    expect(byPath.reference).toBe('btc-small@1');
    for (const other of [byPath, byFile]) {
      expect(other.model.toJSON()).toEqual(gate.model.toJSON());
      expect(other.features).toEqual(gate.features);
    }
    expect(gate.timeframe).toBe('1m');
    expect(gate.trainedOn?.to).toBe(Date.parse(trained.meta.training.last_label_bar));
    const latest = await load({ model: 'btc-small', registry });
    expect(latest.strategy).toBeInstanceOf(MlGateStrategy);
    expect(latest.params.model, 'the run records the version it used').toBe('btc-small@1');
    const path = join(registry, 'btc-small', '1');
    expect((await load({ model: path })).params.model, 'a path stays as given').toBe(path);
  });

  it('turns a missing model, an unknown base and bad base parameters into config errors naming the field', async () => {
    await expect(load({ model: 'btc-small@2', registry })).rejects.toThrow(ConfigError);
    await expect(load({ model: 'btc-small@2', registry })).rejects.toThrow(
      /parameter 'model': btc-small@2: 'btc-small' has versions 1, not 2/,
    );
    await expect(load({ model: 'nothing/here', registry })).rejects.toThrow(/cannot read .*meta\.json/);
    await expect(
      loadStrategy('ml_gate', { base: { name: 'ml_gate' }, model: 'btc-small', registry }, '.'),
    ).rejects.toThrow(/field 'base\.name': base strategy 'ml_gate' is not one of ema_cross, sma_cross/);
    await expect(
      loadStrategy('ml_gate', { base: { name: 'momentum', params: { window: 0 } }, model: 'btc-small', registry }, '.'),
    ).rejects.toThrow(/base strategy parameters \(base\.params\): field 'window'/);
    await expect(load({ model: 'btc-small', registry, threshold: 2 })).rejects.toThrow(/field 'threshold'/);
  });
});

describe('examples/ml-gate.yaml', () => {
  it('runs as shipped, with a btc-direction model in the registry', async () => {
    const config = smallMlConfig({ name: 'btc-direction' });
    const bars = await loadMlBars(config);
    await runMlTrain(
      { config, source: 'test.yaml', hash: 'test' },
      { registry, bars: { ...bars, series: sliceBarSeries(bars.series, 0, 9100) } },
    );
    const example = await loadBacktestConfig({ config: 'examples/ml-gate.yaml' });
    const shipped = example.config.strategy;
    expect(shipped?.name).toBe('ml_gate');
    expect(shipped?.params).toMatchObject({ model: 'btc-direction', base: { name: 'ema_cross' } });
    const logs: string[] = [];
    const logger: Logger = {
      debug() {},
      info: (event) => logs.push(event),
      warn: (event) => logs.push(event),
      error() {},
    };
    const run = await runBacktest(
      { ...example.config, strategy: { name: 'ml_gate', params: { ...shipped?.params, registry } } },
      { baseDir: example.baseDir, logger },
    );
    expect(run.strategy.strategy).toBeInstanceOf(MlGateStrategy);
    const counts = (run.strategy.strategy as MlGateStrategy).counts;
    expect(counts.passed + counts.blocked, 'entries were scored').toBeGreaterThan(10);
    expect(logs.filter((event) => event === 'ml_gate_summary')).toHaveLength(1);
  });
});
