import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

/** The shipped example with a small grid in place of its 200-set walk-forward search. */
function smallConfig(dir: string, optimize: string): string {
  const example = readFileSync(join(ROOT, 'examples', 'optimize-ema.yaml'), 'utf8');
  const file = join(dir, 'optimize.yaml');
  const backtestPart = example
    .slice(0, example.indexOf('\noptimize:') + 1)
    .replace('../data/samples/', `${join(ROOT, 'data', 'samples')}/`);
  writeFileSync(file, `${backtestPart}${optimize}\n`);
  return file;
}

describe('tradewind optimize', () => {
  it('searches a grid on both cores and writes the results table, the summary and the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-optimize-cli-'));
    const out = join(dir, 'run');
    const config = smallConfig(
      dir,
      'optimize: { method: grid, min_trades: 1, permutations: 100, parameters: { fast_period: { values: [20, 40] }, slow_period: { min: 100, max: 200, step: 100 } } }',
    );
    const { status, stdout, stderr } = await tradewind('optimize', '--config', config, '--out', out, '--json');
    expect(status, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { trials: number; trials_run: number; folds: Array<{ params: unknown }> };
    expect(summary.trials).toBe(4);
    expect(summary.trials_run).toBe(4);
    expect(summary.folds[0].params).toBeTypeOf('object');
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^fold,trial,fast_period,slow_period,status,selected,is_total_return/);
    expect(csv).toHaveLength(5);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('deflated Sharpe');
    expect(existsSync(join(out, 'config.yaml'))).toBe(true);
  });

  it('names the field of a bad optimize section and exits 2, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-optimize-cli-'));
    const out = join(dir, 'run');
    const config = smallConfig(dir, 'optimize: { method: annealing, parameters: { fast_period: { values: [20] } } }');
    const { status, stderr } = await tradewind('optimize', '--config', config, '--out', out);
    expect(status).toBe(2);
    expect(stderr).toMatch(/optimize: field 'method'/);
    expect(existsSync(out)).toBe(false);
  });
});
