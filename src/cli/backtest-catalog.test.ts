import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/run-cli.ts';
import { tempFolders } from '../../test/support/temp-folders.ts';
import { ParquetCatalog } from '../adapters/catalog/index.ts';
import { loadBars } from '../adapters/data/index.ts';
import { instrumentId } from '../core/model/ids.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv');

function tradewindIn(catalogEnv: string, ...args: string[]): Promise<CliResult> {
  return runCli(args, { env: { TRADEWIND_CATALOG: catalogEnv } });
}

function tradewind(...args: string[]): Promise<CliResult> {
  return tradewindIn('', ...args);
}

const temp = tempFolders('tradewind-catalog-cli-', 'all');
const instrument = ['--symbol', 'BTC-PERP', '--venue', 'FTX', '--timeframe', '1m'];

describe('tradewind backtest from the catalog', () => {
  let catalog: string;
  beforeAll(async () => {
    catalog = temp();
    const store = await ParquetCatalog.open(catalog);
    const loaded = await loadBars({ path: SAMPLE, instrumentId: instrumentId('BTC-PERP', 'FTX'), timeframe: '1m' });
    await store.writeBars(loaded.series);
    store.close();
  });

  it('gives the same result as the same bars read from the file', async () => {
    const fromCatalog = await tradewind(
      'backtest',
      '--catalog',
      catalog,
      ...instrument,
      '--json',
      '--out',
      join(temp(), 'a'),
    );
    expect(fromCatalog.status, fromCatalog.stderr).toBe(0);
    const fromFile = await tradewind('backtest', '--data', SAMPLE, ...instrument, '--json', '--out', join(temp(), 'b'));
    expect(fromFile.status, fromFile.stderr).toBe(0);
    const a = JSON.parse(fromCatalog.stdout);
    const b = JSON.parse(fromFile.stdout);
    expect(a.bars_processed, 'all 45,031 bars streamed from three month partitions').toBe(45_031);
    for (const key of ['final_equity', 'total_return', 'sharpe', 'max_drawdown', 'trades', 'fees_paid'])
      expect(a[key], `${key}: catalog run = file run`).toBe(b[key]);
  });

  it('reads only [--from, --to) of the catalog', async () => {
    const out = join(temp(), 'range');
    const { status, stdout, stderr } = await tradewind(
      'backtest',
      '--catalog',
      catalog,
      ...instrument,
      '--from',
      '2022-01-10',
      '--to',
      '2022-01-12',
      '--json',
      '--out',
      out,
    );
    expect(status, stderr).toBe(0);
    expect(JSON.parse(stdout).bars_processed, 'two whole days of 1-minute bars').toBe(2 * 1440);
  });

  it('--symbol and --timeframe without --data read the default catalog (TRADEWIND_CATALOG)', async () => {
    const out = join(temp(), 'env');
    const range = ['--from', '2022-01-31T00:00', '--to', '2022-02-01'];
    const { status, stdout, stderr } = await tradewindIn(
      catalog,
      'backtest',
      ...instrument,
      ...range,
      '--json',
      '--out',
      out,
    );
    expect(status, stderr).toBe(0);
    expect(JSON.parse(stdout).bars_processed, 'January 31: 1,440 bars').toBe(1440);
  });

  it('exits 2 with a clear message when the catalog has no such bars, writing nothing', async () => {
    const out = join(temp(), 'none');
    const { status, stderr } = await tradewind(
      'backtest',
      '--catalog',
      catalog,
      '--symbol',
      'ETH/USDT',
      '--venue',
      'BINANCE',
      '--timeframe',
      '1m',
      '--out',
      out,
    );
    expect(status, 'bad input').toBe(2);
    expect(stderr).toMatch(/holds no 1m bars of ETH\/USDT\.BINANCE/);
    expect(stderr).toContain('tradewind data list');
    expect(existsSync(out), 'no run directory').toBe(false);
  });

  it('refuses --data together with --catalog', async () => {
    const { status, stderr } = await tradewind('backtest', '--data', SAMPLE, '--catalog', catalog, ...instrument);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--data and --catalog are exclusive/);
  });
});
