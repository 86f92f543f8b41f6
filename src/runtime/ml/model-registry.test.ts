import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sliceBarSeries } from '../../core/model/data.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { loadMlBars, type MlBars } from './load-ml-bars.ts';
import type { ResolvedMlConfig } from './ml-config.ts';
import { SMALL_HORIZON, smallMlConfig } from './ml-test-config.ts';
import { listModels, loadModel } from './model-registry.ts';
import { runMlEvaluate, runMlTrain } from './run-ml.ts';
import { gatherRows } from './train-model.ts';

const resolved: ResolvedMlConfig = { config: smallMlConfig(), source: 'test.yaml', hash: 'abc' };
const clock = () => new Date('2026-01-02T03:04:05Z');
let all: MlBars;
/** The first 11,020 bars: 3 folds; the rest of the month is after the training range. */
let head: MlBars;

beforeAll(async () => {
  all = await loadMlBars(resolved.config);
  head = { ...all, series: sliceBarSeries(all.series, 0, 5000 + 3 * 2000 + 2 * SMALL_HORIZON) };
});

const temp = (): string => mkdtempSync(join(tmpdir(), 'tradewind-ml-'));

describe('model registry', () => {
  it('numbers versions 1, 2, lists both and loads a model that predicts bit-identically', async () => {
    const registry = temp();
    const first = await runMlTrain(resolved, { registry, bars: head, now: clock });
    const second = await runMlTrain(resolved, { registry, bars: head, now: clock });
    expect([first.meta.version, second.meta.version]).toEqual([1, 2]);
    expect(readdirSync(join(registry, 'btc-small')).sort()).toEqual(['1', '2']);
    const listed = await listModels(registry);
    expect(listed.map((meta) => `${meta.name}@${meta.version}`)).toEqual(['btc-small@1', 'btc-small@2']);
    const meta = listed[1]!;
    expect(meta.created_at).toBe('2026-01-02T03:04:05.000Z');
    expect(meta.seed).toBe(7);
    expect(meta.feature_columns).toEqual(['return_1', 'return_15', 'volatility_30', 'rsi_14']);
    expect(meta.folds).toHaveLength(3);
    expect(meta.pooled).toEqual(second.training.pooledMetrics);
    expect(meta.config_hash).toBe('abc');
    expect(meta.data.from).toBe(new Date(head.series.timestamp[0]!).toISOString());

    const loaded = await loadModel(registry, 'btc-small@1');
    const rows = second.training.pooled.rows;
    const features = gatherRows(second.training.prepared.features, rows);
    expect(Array.from(loaded.model.predictBatch(features)), 'the registered model predicts as the trained one').toEqual(
      Array.from(first.training.model.predictBatch(features)),
    );
    expect((await loadModel(registry, 'btc-small')).meta.version, 'no version: the latest').toBe(2);
    await expect(loadModel(registry, 'btc-small@3')).rejects.toThrow(/has versions 1, 2, not 3/);
    await expect(loadModel(registry, 'other')).rejects.toThrow(ConfigError);
  });

  it('evaluates only rows after the training range, reproducing the model’s predictions', async () => {
    const registry = temp();
    const trained = await runMlTrain(resolved, { registry, bars: head, now: clock });
    const evaluation = await runMlEvaluate({ registry, model: 'btc-small', data: resolved.config, bars: all });
    const after = Date.parse(trained.meta.training.last_label_bar);
    expect(evaluation.rows.length).toBeGreaterThan(30_000);
    for (const row of [evaluation.rows[0]!, evaluation.rows[evaluation.rows.length - 1]!])
      expect(all.series.timestamp[row]! > after, 'scored rows lie after the last training label').toBe(true);
    expect(evaluation.overlapping, 'the rows of the training data are left out').toBeGreaterThan(10_000);
    expect(Number.isFinite(evaluation.metrics.auc)).toBe(true);

    // On the training bars themselves: refused, unless overlap is allowed; then the scores are the
    // in-memory final model's, bit for bit, on the same rows.
    await expect(runMlEvaluate({ registry, model: 'btc-small', data: resolved.config, bars: head })).rejects.toThrow(
      /no usable rows after its training range/,
    );
    const inSample = await runMlEvaluate({
      registry,
      model: 'btc-small@1',
      data: resolved.config,
      bars: head,
      allowOverlap: true,
    });
    expect(Array.from(inSample.rows)).toEqual(Array.from(trained.training.prepared.usable));
    const expected = trained.training.model.predictBatch(gatherRows(trained.training.prepared.features, inSample.rows));
    expect(Array.from(inSample.probabilities)).toEqual(Array.from(expected));
  });

  it('leaves no half-written version when the process fails between the write and the rename', async () => {
    const registry = temp();
    await runMlTrain(resolved, { registry, bars: head, now: clock });
    let staged: string[] = [];
    await expect(
      runMlTrain(resolved, {
        registry,
        bars: head,
        now: clock,
        beforeRename: (dir) => {
          staged = readdirSync(dir).sort();
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(staged, 'both files were staged in the temporary folder').toEqual(['meta.json', 'model.json']);
    expect(readdirSync(join(registry, 'btc-small')), 'only version 1, no temporary folder').toEqual(['1']);
    // A temporary folder left by a killed process is never listed nor taken as a version.
    mkdirSync(join(registry, 'btc-small', '.tmp-2-99999'));
    expect((await listModels(registry)).map((meta) => meta.version)).toEqual([1]);
    const next = await runMlTrain(resolved, { registry, bars: head, now: clock });
    expect(next.meta.version).toBe(2);
    expect(existsSync(join(next.dir, 'model.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(next.dir, 'meta.json'), 'utf8')).version).toBe(2);
  });
});
