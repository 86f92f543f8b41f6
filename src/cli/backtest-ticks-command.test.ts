import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../test/support/run-cli.ts';
import { tempFolders } from '../../test/support/temp-folders.ts';

const TRADES = join(ROOT, 'data', 'samples', 'btcusdt-trades.parquet');
const temp = tempFolders('tradewind-ticks-cli-');

const EMA_CROSS = ['--strategy', 'ema_cross', '--param', 'fast_period=2', '--param', 'slow_period=5'];

describe('tradewind backtest --data <tick file>', () => {
  it('runs on the recorded Binance trades and writes the run with its tick count', async () => {
    const out = join(temp(), 'run');
    const args = ['backtest', '--data', TRADES, '--symbol', 'BTC/USDT', '--timeframe', '1s', ...EMA_CROSS];
    const { status, stdout, stderr } = await runCli([...args, '--param', 'quantity=0.01', '--json', '--out', out]);
    expect(status, stderr).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.ticks_processed, 'all 2,001 trades').toBe(2001);
    expect(printed.bars_processed, '1-second bars built from 46 seconds of trades, the open last one left out').toBe(
      46,
    );
    expect(printed.fills).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(printed);
    const equityTimes = readFileSync(join(out, 'equity.csv'), 'utf8').trim().split('\n').slice(1);
    expect(equityTimes.length, 'one equity point per millisecond with trades').toBeLessThan(2001);
    expect(new Set(equityTimes.map((row) => row.split(',')[0])).size).toBe(equityTimes.length);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('BTC/USDT');
  });

  it('refuses a trade file out of time order, naming its file, line and field, and writes nothing', async () => {
    const folder = temp();
    const file = join(folder, 'trades.csv');
    writeFileSync(
      file,
      'timestamp,price,quantity,trade_id\n' +
        '2021-01-08T00:00:00.100Z,100.5,1,1\n' +
        '2021-01-08T00:00:01.100Z,101,2,2\n' +
        '2021-01-08T00:00:00.900Z,100,1,3\n',
    );
    const out = join(folder, 'run');
    const { status, stderr } = await runCli(['backtest', '--data', file, '--symbol', 'X/USD', '--out', out]);
    expect(status).not.toBe(0);
    expect(stderr).toContain(`${file}:4: field 'timestamp'`);
    expect(stderr).toMatch(/non-decreasing time order/);
    expect(existsSync(out), 'no run directory').toBe(false);
  });
});
