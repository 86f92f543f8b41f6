import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ORCL = join(ROOT, 'test', 'fixtures', 'orcl-1995-2014.txt');

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'tradewind-cli-'));

describe('tradewind backtest', () => {
  it('runs the embedded default and writes every run file', async () => {
    const out = join(temp(), 'run');
    const { status, stdout, stderr } = await tradewind('backtest', '--out', out);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/Sharpe/);
    expect(stdout).toContain(join(out, 'report.html'));
    expect(readdirSync(out).sort()).toEqual([
      'config.yaml',
      'equity.csv',
      'explanations.jsonl',
      'fills.csv',
      'log.jsonl',
      'orders.csv',
      'report.html',
      'risk.log.jsonl',
      'summary.json',
    ]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const key of [
      'final_equity',
      'total_return',
      'sharpe',
      'sortino',
      'max_drawdown',
      'trades',
      'fees_paid',
      'bars_processed',
    ]) {
      expect(typeof summary[key], `summary.${key} is a number`).toBe('number');
    }
    expect(summary.bars_processed, 'all 45,031 sample bars').toBe(45_031);
    const equityRows = readFileSync(join(out, 'equity.csv'), 'utf8').trim().split('\n').length - 1;
    expect(equityRows, 'equity marked on every bar').toBe(45_031);
  });

  it('is deterministic: same config, data and seed give byte-identical summary.json and fills.csv', async () => {
    const args = [
      'backtest',
      '--data',
      ORCL,
      '--symbol',
      'ORCL',
      '--strategy',
      'sma_cross',
      '--param',
      'fast_period=5',
      '--param',
      'slow_period=20',
      '--param',
      'quantity=100',
      '--slippage-bps',
      '3',
      '--fee-bps',
      '5',
      '--seed',
      '9',
    ];
    const a = join(temp(), 'a');
    const b = join(temp(), 'b');
    expect((await tradewind(...args, '--out', a)).status).toBe(0);
    expect((await tradewind(...args, '--out', b)).status).toBe(0);
    for (const file of ['summary.json', 'fills.csv', 'orders.csv', 'equity.csv']) {
      expect(readFileSync(join(a, file), 'utf8'), `${file} identical across runs`).toBe(
        readFileSync(join(b, file), 'utf8'),
      );
    }
    expect(readFileSync(join(a, 'fills.csv'), 'utf8').split('\n').length, 'the run traded').toBeGreaterThan(10);
  });

  it('--json prints summary.json alone on standard output', async () => {
    const out = join(temp(), 'json');
    const { status, stdout } = await tradewind('backtest', '--data', ORCL, '--symbol', 'ORCL', '--json', '--out', out);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
  });

  it('backtests a user strategy file', async () => {
    const out = join(temp(), 'user');
    const { status, stderr } = await tradewind(
      'backtest',
      '--strategy',
      'examples/donchian-breakout.ts',
      '--data',
      ORCL,
      '--symbol',
      'ORCL',
      '--param',
      'lookback=30',
      '--out',
      out,
    );
    expect(status, stderr).toBe(0);
    const fills = readFileSync(join(out, 'fills.csv'), 'utf8').trim().split('\n');
    expect(fills.length, 'the breakout strategy traded').toBeGreaterThan(5);
  });
});

describe('tradewind strategies', () => {
  it('lists each built-in strategy with its preset and described parameters', async () => {
    const { status, stdout } = await tradewind('strategies');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ema_cross: .*\(average=ema\)$/m);
    expect(stdout).toMatch(/^sma_cross: .*\(average=sma\)$/m);
    expect(stdout).toMatch(/^ {2}fast_period: bars in the fast average$/m);
  });
});

describe('tradewind backtest on bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown strategy', ['--strategy', 'no_such_strategy'], /unknown strategy 'no_such_strategy'.*ema_cross/],
    [
      'unknown parameter',
      ['--param', 'fast=3'],
      /strategy 'ema_cross' parameters: .*Unrecognized key.*fast.*the known ones are .*fast_period/,
    ],
    ['invalid parameter value', ['--param', 'fast_period=-2'], /field 'fast_period'/],
    ['bad number flag', ['--cash', 'lots'], /--cash: 'lots' is not a number/],
    ['bad timeframe', ['--data', ORCL, '--symbol', 'ORCL', '--timeframe', '7q'], /field 'data.timeframe': a timeframe/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: clear message, exit 2, nothing written`, async () => {
      const out = join(temp(), 'never');
      const { status, stderr } = await tradewind('backtest', ...args, '--out', out);
      expect(stderr).toMatch(message);
      expect(status).toBe(2);
      expect(existsSync(out), 'no output directory').toBe(false);
    });
  }

  it('malformed data rows name the file, line and field', async () => {
    const dir = temp();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'timestamp,open,high,low,close,volume\n2024-01-01,10,11,9,10,5\n2024-01-02,10,9,11,10,5\n');
    const out = join(dir, 'never');
    const { status, stderr } = await tradewind('backtest', '--data', file, '--symbol', 'X', '--out', out);
    expect(stderr).toMatch(/bad\.csv:3: field 'high'/);
    expect(status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('an invalid config file names the file and field', async () => {
    const dir = temp();
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      'strategy: { name: ema_cross }\ndata: { path: x.csv }\ninstrument: { symbol: X }\naccount: { starting_cash: -5 }\n',
    );
    const { status, stderr } = await tradewind('backtest', '--config', file);
    expect(stderr).toContain(`${file}: field 'account.starting_cash'`);
    expect(status).toBe(2);
  });
});
