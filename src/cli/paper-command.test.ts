import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../test/support/btc-perp.ts';
import { type CliResult, runCli } from '../../test/support/run-cli.ts';
import { openTradingStore } from '../adapters/stores/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'tradewind.mjs');

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args, { timeoutMs: 180_000 });
}

/** A backtest config of a week of the real BTC-PERP sample, and the same plus a `paper:` section. */
function configs(dir: string, paper: string): { backtest: string; paper: string } {
  const base = [
    'strategy: { name: ema_cross, params: { fast_period: 20, slow_period: 60, quantity: 0.1, mode: long_short } }',
    `data: { path: ${JSON.stringify(BTC_PERP_SAMPLE)} }`,
    'instrument: { symbol: BTC-PERP, venue: FTX, price_increment: 1, size_increment: 0.0001 }',
    'account: { starting_cash: 100000 }',
    'execution: { fee_bps: 5, slippage_bps: 1 }',
    'period: { from: 2022-01-03, to: 2022-01-10 }',
  ].join('\n');
  const files = { backtest: join(dir, 'backtest.yaml'), paper: join(dir, 'paper.yaml') };
  writeFileSync(files.backtest, `${base}\n`);
  writeFileSync(files.paper, `${base}\npaper: ${paper}\n`);
  return files;
}

describe('tradewind paper', () => {
  it('a replay at max speed writes the backtest run files, identical in orders, fills and equity when cold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-cli-'));
    const files = configs(dir, '{ warmup_bars: 0, status_seconds: 60 }');
    const paperOut = join(dir, 'paper-run');
    const backtestOut = join(dir, 'backtest-run');
    const paper = await tradewind(
      'paper',
      '--config',
      files.paper,
      '--replay',
      '--speed',
      'max',
      '--out',
      paperOut,
      '--json',
      '--sqlite',
      join(dir, 'state.db'),
      '--logs',
      join(dir, 'logs'),
    );
    expect(paper.status, paper.stderr).toBe(0);
    const backtest = await tradewind('backtest', '--config', files.backtest, '--out', backtestOut, '--json');
    expect(backtest.status, backtest.stderr).toBe(0);
    expect(readdirSync(paperOut).sort(), 'the same run files').toEqual(readdirSync(backtestOut).sort());
    for (const file of ['orders.csv', 'fills.csv', 'equity.csv', 'risk.log.jsonl'])
      expect(readFileSync(join(paperOut, file), 'utf8'), `${file} of the paper replay and the backtest`).toBe(
        readFileSync(join(backtestOut, file), 'utf8'),
      );
    const summary = JSON.parse(paper.stdout) as { fills: number; bars_processed: number; paper: { ending: string } };
    expect(summary.fills).toBeGreaterThan(0);
    expect(summary.bars_processed).toBe(7 * 1440);
    expect(summary.paper.ending).toBe('completed');
    expect(paper.stderr).toMatch(
      /^paper status mode=replay equity=\d+\.\d\d positions=\S+ open_orders=\d+ bars=10080 /m,
    );
  }, 240_000);

  it('SIGTERM mid-replay finishes the current bar, writes the run and exits 0; a restart continues the stored run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-cli-'));
    const files = configs(dir, '{ warmup_bars: 50, status_seconds: 0.2 }');
    const out = join(dir, 'run');
    const stored = ['--sqlite', join(dir, 'state.db'), '--logs', join(dir, 'logs')];
    // 6000x: a minute bar every 10 ms, the week would take 100 s; stopped once 300 bars are done (orders were sent).
    const child = spawn(
      process.execPath,
      // Through the launcher, as a user or a supervisor runs it: it passes the signal on to the CLI.
      [CLI, 'paper', '--config', files.paper, '--replay', '--speed', '6000x', '--out', out, ...stored],
      {
        cwd: ROOT,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const statusSeen = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/paper status .*bars=([3-9]\d\d|\d{4,})\b/.test(stderr)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code, signal) => {
        stderr += `\n[exit ${code} ${signal}]`;
        resolve(code);
      }),
    );
    await Promise.race([statusSeen, exited]);
    child.kill('SIGTERM');
    const code = await exited;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/SIGTERM received/);
    const done = Number(/paper replay stopped: (\d+) bars traded after 50 warm-up bars/.exec(stdout)?.[1]);
    expect(done, stdout).toBeGreaterThan(0);
    expect(done, 'stopped before the end of the week').toBeLessThan(7 * 1440);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { bars_processed: number };
    expect(summary.bars_processed, 'the summary counts the bars done').toBe(done);
    const equityRows = readFileSync(join(out, 'equity.csv'), 'utf8').trim().split('\n').length - 1;
    expect(equityRows, 'one equity point per bar done').toBe(done);

    // The same command again: the stored run is re-executed, verified and continued to the end.
    const restarted = await tradewind('paper', '--config', files.paper, '--replay', '--out', out, ...stored);
    expect(restarted.status, restarted.stderr).toBe(0);
    expect(restarted.stdout).toMatch(
      /run paper-[0-9a-f]{12} continued: \d+ bars re-executed, [1-9]\d* stored events verified/,
    );
    const reference = join(dir, 'reference');
    const uninterrupted = await tradewind(
      'paper',
      '--config',
      files.paper,
      '--replay',
      '--out',
      reference,
      '--sqlite',
      join(dir, 'reference.db'),
      '--logs',
      join(dir, 'reference-logs'),
    );
    expect(uninterrupted.status, uninterrupted.stderr).toBe(0);
    for (const file of ['orders.csv', 'fills.csv', 'equity.csv'])
      expect(readFileSync(join(out, file), 'utf8'), `${file}: stopped + restarted equals uninterrupted`).toBe(
        readFileSync(join(reference, file), 'utf8'),
      );
    const trades = (path: string): string[] =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { trade_id: string }).trade_id);
    const mirrored = trades(join(dir, 'logs', 'trades.log.jsonl'));
    expect(new Set(mirrored).size, 'no fill mirrored twice across the stop and the restart').toBe(mirrored.length);
    expect(mirrored, 'the trades mirror holds every fill once, in order').toEqual(
      trades(join(dir, 'reference-logs', 'trades.log.jsonl')),
    );
    expect(
      readFileSync(join(dir, 'logs', 'app.log'), 'utf8'),
      'the application log records the reconciliation',
    ).toMatch(/"event":"paper_run_reconciled"/);
  }, 240_000);

  it('live mode without a reachable venue refuses cleanly and trades nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-cli-'));
    const files = configs(dir, '{ warmup_bars: 10, live: { exchange: binance, timeout_ms: 2000 } }');
    const out = join(dir, 'run');
    const db = join(dir, 'state.db');
    const live = await tradewind(
      'paper',
      '--config',
      files.paper,
      '--out',
      out,
      '--logs',
      join(dir, 'logs'),
      '--sqlite',
      db,
    );
    expect(live.status).toBe(1);
    expect(live.stderr).toMatch(/venue binance is unreachable .*nothing was traded/);
    expect(() => readdirSync(out)).toThrow();
    // The venue is asked before a live run is opened: the store keeps no run of it.
    const store = await openTradingStore({ sqlitePath: db }, {});
    try {
      expect(await store.runs()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('names a bad paper field and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-cli-'));
    const files = configs(dir, '{ warmup_bars: -1 }');
    const bad = await tradewind('paper', '--config', files.paper, '--replay');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/paper: field 'warmup_bars'/);
    const speed = await tradewind('paper', '--config', files.backtest, '--replay', '--speed', 'fast');
    expect(speed.status).toBe(2);
    expect(speed.stderr).toMatch(/--speed/);
    const neither = await tradewind('paper', '--replay');
    expect(neither.status, 'no config file and no config directory').toBe(2);
    expect(neither.stderr).toMatch(/needs one of --config <file> or --dir <config directory>/);
  }, 60_000);

  it('runs a node config directory in PAPER mode: its layers, paper section and store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-cli-'));
    const args = ['paper', '--dir', join(ROOT, 'examples', 'node'), '--replay', '--to', '2022-01-04', '--json'];
    const stored = ['--sqlite', join(dir, 'state.db'), '--logs', join(dir, 'logs'), '--out', join(dir, 'run')];
    const first = await tradewind(...args, ...stored);
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as { strategy: string; paper: { warmup_bars: number; run_id: string } };
    expect(summary.strategy, 'strategy.ema.yaml of the directory').toMatch(/ema_cross/);
    expect(summary.paper.warmup_bars, 'the paper section default: 200 warm-up bars').toBe(200);
    const again = await tradewind(...args, ...stored);
    const resumed = JSON.parse(again.stdout) as { paper: { run_id: string; verified_events: number } };
    expect(resumed.paper.run_id, 'the same directory continues the same run').toBe(summary.paper.run_id);
    expect(resumed.paper.verified_events).toBeGreaterThan(0);
  }, 120_000);
});

describe('tradewind parity', () => {
  it('reports zero drift and exits 0 for the backtest and the paper replay of one config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-parity-cli-'));
    const files = configs(dir, '{ warmup_bars: 100 }');
    const result = await tradewind(
      'parity',
      '--config',
      files.paper,
      '--from',
      '2022-01-04',
      '--to',
      '2022-01-06',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { driftCount: number; fills: { backtest: number; paper: number } };
    expect(report.driftCount).toBe(0);
    expect(report.fills.backtest).toBeGreaterThan(0);
    expect(report.fills.paper).toBe(report.fills.backtest);
  }, 120_000);
});
