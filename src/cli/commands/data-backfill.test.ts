import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceAdaBtc, recordedMarket } from '../../../test/replay/recorded-venues.ts';
import { type ReplayServer, startReplayServer } from '../../../test/replay/replay-server.ts';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { instrumentId } from '../../core/model/ids.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'tradewind.mjs');

/** Runs the CLI without blocking this process (the replay server answers from here). */
function tradewind(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : Number((error as { code?: number }).code ?? 1), stdout, stderr }),
    );
  });
}

const venue = binanceAdaBtc();
const csvRows = ['ADABTC-1m-2021-11-27.csv', 'ADABTC-1m-2021-11-28.csv'].flatMap((file) =>
  readFileSync(join(ROOT, 'test', 'replay', 'fixtures', file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number)),
);
let server: ReplayServer;
let dir: string;
let marketsFile: string;
beforeAll(async () => {
  server = await startReplayServer({ venue });
  dir = mkdtempSync(join(tmpdir(), 'tradewind-backfill-'));
  marketsFile = join(dir, 'markets.json');
  writeFileSync(marketsFile, JSON.stringify([recordedMarket(venue)]));
});
afterAll(async () => server.close());

const backfillArgs = (catalog: string) => [
  'data',
  'backfill',
  '--exchange',
  'binance',
  '--symbol',
  'ADA/BTC',
  '--timeframe',
  '1m',
  '--since',
  '2021-11-27',
  '--until',
  '2021-11-29',
  '--page-limit',
  '5',
  '--catalog',
  catalog,
  '--exchange-url',
  server.url,
  '--markets-file',
  marketsFile,
  '--json',
];

describe('tradewind data backfill', () => {
  it('backfills the recorded klines into the Parquet catalog, then a rerun resumes with nothing to add', async () => {
    const catalog = join(dir, 'catalog');
    const first = await tradewind(...backfillArgs(catalog));
    expect(first.stderr, 'no warnings on a clean run').toBe('');
    expect(first.status).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({
      instrumentId: 'ADA/BTC.BINANCE',
      barsWritten: 21,
      pages: 5,
      first: '2021-11-27T00:00:00.000Z',
      last: '2021-11-28T00:10:00.000Z',
      resumedAfter: null,
    });
    const store = await ParquetCatalog.open(catalog);
    try {
      const bars = await store.readBars({ instrumentId: instrumentId('ADA/BTC', 'BINANCE'), timeframe: '1m' });
      expect(Array.from(bars.timestamp), 'the catalog holds the CSV open times').toEqual(csvRows.map((r) => r[0]));
      expect(Array.from(bars.close), 'and their closes').toEqual(csvRows.map((r) => r[4]));
    } finally {
      store.close();
    }
    const requestsBefore = server.requests.length;
    const second = await tradewind(...backfillArgs(catalog));
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout), 'the rerun resumes after the last stored bar').toMatchObject({
      resumedAfter: '2021-11-28T00:10:00.000Z',
      barsWritten: 0,
    });
    expect(Number(server.requests[requestsBefore].query.startTime), 'and asks from the next minute').toBe(
      csvRows[20][0] + 60_000,
    );
  });

  it('exits 2 with a clear message on an unknown exchange or symbol', async () => {
    const unknownExchange = await tradewind(
      'data',
      'backfill',
      '--exchange',
      'nosuchx',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1m',
      '--since',
      '2024-01-01',
      '--catalog',
      join(dir, 'c2'),
    );
    expect(unknownExchange.status).toBe(2);
    expect(unknownExchange.stderr).toMatch(/'nosuchx' is not a ccxt exchange id/);
    server.failRequests({ kind: 'unknown-symbol' }, server.requests.length + 1);
    const unknownSymbol = await tradewind(...backfillArgs(join(dir, 'c3')));
    expect(unknownSymbol.status).toBe(2);
    expect(unknownSymbol.stderr).toMatch(/binance: unknown symbol/);
  });
});
