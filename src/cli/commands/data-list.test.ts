import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../../test/support/run-cli.ts';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { instrumentId } from '../../core/model/ids.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function tradewind(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return runCli(args, { env });
}

describe('tradewind data list', () => {
  let catalog: string;
  beforeAll(async () => {
    catalog = mkdtempSync(join(tmpdir(), 'tradewind-list-'));
    const store = await ParquetCatalog.open(catalog);
    const path = join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv');
    const loaded = await loadBars({ path, instrumentId: instrumentId('BTC-PERP', 'FTX'), timeframe: '1m' });
    await store.writeBars(loaded.series);
    // freqtrade's UNITTEST/BTC 1-minute file has real holes: SOURCE.md counts 717 missing minutes in 538 gaps.
    const gappy = join(ROOT, '..', 'shared', 'data', 'freqtrade', 'tests', 'testdata', 'UNITTEST_BTC-1m.feather');
    const holes = await loadBars({ path: gappy, instrumentId: instrumentId('UNITTEST/BTC', 'BINANCE') });
    await store.writeBars(holes.series);
    store.close();
  });

  it('--json prints one JSON array with the rows, range and partitions of each dataset', async () => {
    const { status, stdout, stderr } = await tradewind({}, 'data', 'list', '--catalog', catalog, '--json');
    expect(status, stderr).toBe(0);
    expect(JSON.parse(stdout), 'SOURCE.md: 45,031 rows, 2021-12-31 23:01 → 2022-02-01 05:31, three months').toEqual([
      expect.objectContaining({ symbol: 'UNITTEST/BTC', missing_bars: 717, gaps: 538, calendar: '24/7' }),
      {
        venue: 'FTX',
        symbol: 'BTC-PERP',
        kind: 'bars',
        timeframe: '1m',
        rows: 45_031,
        first: '2021-12-31T23:01:00.000Z',
        last: '2022-02-01T05:31:00.000Z',
        first_ms: Date.UTC(2021, 11, 31, 23, 1),
        last_ms: Date.UTC(2022, 1, 1, 5, 31),
        partitions: 3,
        missing_bars: 0,
        gaps: 0,
        calendar: '24/7',
      },
    ]);
  });

  it('prints a table, and takes the catalog from TRADEWIND_CATALOG without --catalog', async () => {
    const { status, stdout, stderr } = await tradewind({ TRADEWIND_CATALOG: catalog }, 'data', 'list');
    expect(status, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'venue',
      'symbol',
      'kind',
      'timeframe',
      'rows',
      'first (UTC)',
      'last (UTC)',
      'partitions',
      'missing',
      'gaps',
    ]);
    expect(lines[1]).toMatch(/^BINANCE\s+UNITTEST\/BTC\s+bars\s+1m\s.*\s717\s+538$/);
    expect(lines[2].split(/\s{2,}/)).toEqual([
      'FTX',
      'BTC-PERP',
      'bars',
      '1m',
      '45,031',
      '2021-12-31 23:01:00',
      '2022-02-01 05:31:00',
      '3',
      '0',
      '0',
    ]);
    expect(lines[3]).toBe(`catalog: ${catalog}`);
  });

  it('an empty or absent catalog lists nothing', async () => {
    const absent = join(catalog, 'nothing-here');
    expect(JSON.parse((await tradewind({}, 'data', 'list', '--catalog', absent, '--json')).stdout)).toEqual([]);
    expect((await tradewind({}, 'data', 'list', '--catalog', absent)).stdout).toMatch(/is empty/);
  });
});
