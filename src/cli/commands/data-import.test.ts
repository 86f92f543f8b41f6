import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../../test/support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'data');
const temp = mkdtempSync(join(tmpdir(), 'tradewind-data-import-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

describe('tradewind data import', () => {
  it('--json: one JSON document on stdout with per-file counts, skip reasons, range and destination', async () => {
    const catalog = join(temp, 'catalog');
    const bad = join(temp, 'eth.csv');
    writeFileSync(
      bad,
      'timestamp,open,high,low,close,volume\n2024-01-01 00:00,10,11,9,10,1\n2024-01-01 00:01,10,11,9\n2024-01-01 00:02,10,11,9,10,1\n',
    );
    const { status, stdout, stderr } = await tradewind(
      'data',
      'import',
      join(SHARED, 'nautilus_trader/tests/test_data/btc-perp-20211231-20220201_1m.csv'),
      bad,
      '--symbol',
      'BTC-PERP.FTX',
      '--catalog',
      catalog,
      '--json',
    );
    expect(status, stderr).toBe(0);
    const parsed = JSON.parse(stdout) as { catalog: string; files: Record<string, unknown>[] };
    expect(parsed.catalog).toBe(catalog);
    expect(parsed.files[0]).toMatchObject({
      format: 'csv',
      kind: 'bars',
      instrumentId: 'BTC-PERP.FTX',
      timeframe: '1m',
      rowsRead: 45031,
      rowsTaken: 45031,
      rowsSkipped: 0,
      first: '2021-12-31T23:01:00.000Z',
      last: '2022-02-01T05:31:00.000Z',
      written: 45031,
      destination: 'bars/FTX/BTC-PERP/1m',
    });
    expect(parsed.files[1]).toMatchObject({
      rowsRead: 3,
      rowsTaken: 2,
      rowsSkipped: 1,
      skippedByReason: { 'row: malformed row: expected # fields, got #': 1 },
    });
    expect(readdirSync(join(catalog, 'quarantine'))).toEqual([expect.stringMatching(/^eth-\d{8}T\d{6}Z\.csv$/)]);
  });

  it('exits 2 with a clear message when the instrument cannot be told, or a flag is wrong', async () => {
    const catalog = join(temp, 'refused');
    const anonymous = join(temp, 'prices.csv');
    writeFileSync(anonymous, 'timestamp,open,high,low,close\n2024-01-01,1,1,1,1\n2024-01-02,1,1,1,1\n');
    const refused = await tradewind('data', 'import', anonymous, '--catalog', catalog, '--json');
    expect(refused.status).toBe(2);
    const parsed = JSON.parse(refused.stdout) as { files: { error?: string }[] };
    expect(parsed.files[0].error).toMatch(/prices\.csv: cannot tell the instrument .*pass --symbol/);
    const badFormat = await tradewind('data', 'import', anonymous, '--format', 'excel', '--catalog', catalog);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toMatch(/--format: unknown format 'excel'/);
  });

  it('--columns maps a generic CSV whose header the defaults do not know', async () => {
    const catalog = join(temp, 'mapped');
    const file = join(temp, 'mapped.csv');
    writeFileSync(file, 'When,O,H,L,C,Qty\n2024-01-01,10,12,9,11,5\n2024-01-02,11,13,10,12,6\n');
    const { status, stdout, stderr } = await tradewind(
      'data',
      'import',
      file,
      '--symbol',
      'ACME',
      '--venue',
      'XNYS',
      '--columns',
      'timestamp=When,open=O,high=H,low=L,close=C,volume=Qty',
      '--catalog',
      catalog,
      '--json',
    );
    expect(status, stderr).toBe(0);
    const parsed = JSON.parse(stdout) as { files: Record<string, unknown>[] };
    expect(parsed.files[0]).toMatchObject({ instrumentId: 'ACME.XNYS', timeframe: '1d', rowsTaken: 2, written: 2 });
  });
});
