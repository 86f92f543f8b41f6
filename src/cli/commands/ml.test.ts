import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../../test/support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SAMPLE = join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv');

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

/** A small config over the first 12 days of the sample: 3 daily folds after a week. */
const CONFIG = `name: cli-small
seed: 3
data: { path: ${JSON.stringify(SAMPLE)} }
instrument: { symbol: BTC-PERP, venue: FTX }
period: { to: 2022-01-12 }
features:
  - { kind: return, horizon: 5 }
  - { kind: volatility, window: 30 }
  - { kind: time_of_day }
label: { kind: forward_return, horizon: 15, threshold: 0 }
walk_forward: { train_bars: 7200, test_bars: 1440, step: 1440, mode: expanding }
model: { trees: 20, max_depth: 3 }
`;

describe('tradewind ml', () => {
  it('trains, registers, lists and evaluates a model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-ml-cli-'));
    const config = join(dir, 'ml.yaml');
    const registry = join(dir, 'models');
    writeFileSync(config, CONFIG);
    const train = await tradewind('ml', 'train', '--config', config, '--registry', registry);
    expect(train.status, train.stderr).toBe(0);
    expect(train.stdout).toMatch(/^fold {2}0 {2}train 2021-12-31T23:01:00\.000Z → /m);
    expect(train.stdout).toMatch(/pooled out of sample: rows \d+ {2}auc 0\.\d{4}/);
    expect(train.stdout).toContain('calibration (out of sample):');
    expect(train.stdout).toContain(`registered cli-small@1 in ${join(registry, 'cli-small', '1')}`);

    const list = await tradewind('ml', 'list', '--registry', registry, '--json');
    expect(list.status, list.stderr).toBe(0);
    const entries = JSON.parse(list.stdout) as {
      name: string;
      version: number;
      features: number;
      pooled_auc: number;
    }[];
    expect(entries.map((entry) => `${entry.name}@${entry.version}`)).toEqual(['cli-small@1']);
    expect(entries[0]!.features, 'return_5, volatility_30, time_of_day sin and cos').toBe(4);
    expect(Math.abs(entries[0]!.pooled_auc - 0.5), 'noise-like data: the AUC is near 0.5').toBeLessThan(0.1);

    const evaluate = await tradewind(
      'ml',
      'evaluate',
      '--model',
      'cli-small',
      '--data',
      SAMPLE,
      '--registry',
      registry,
    );
    expect(evaluate.status, evaluate.stderr).toBe(0);
    expect(evaluate.stdout).toMatch(/left out \d+ rows within the model's training range/);
    expect(evaluate.stdout).toMatch(/^out of sample: rows \d+/m);
  });

  it('exits 2 naming the file and the field on a bad config, creating no registry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-ml-cli-'));
    const config = join(dir, 'bad.yaml');
    const registry = join(dir, 'models');
    writeFileSync(config, CONFIG.replace('mode: expanding', 'mode: sliding'));
    const result = await tradewind('ml', 'train', '--config', config, '--registry', registry);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${config}: field 'walk_forward.mode'`);
    expect(existsSync(registry), 'no registry folder was created').toBe(false);
  });
});
