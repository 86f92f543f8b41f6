import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ORCL_CSV,
  readRecordedDailyBars,
  startYahooReplayServer,
  type YahooReplayServer,
} from '../../../test/replay/yahoo-replay.ts';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { loadBars } from '../../adapters/data/index.ts';
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

let server: YahooReplayServer;
let dir: string;
beforeAll(async () => {
  server = await startYahooReplayServer({ series: { ORCL: readRecordedDailyBars(ORCL_CSV) } });
  dir = mkdtempSync(join(tmpdir(), 'tradewind-yahoo-cli-'));
});
afterAll(async () => server.close());

const args = (catalog: string, symbol = 'ORCL') => [
  'data',
  'backfill',
  '--source',
  'yahoo',
  '--symbol',
  symbol,
  '--since',
  '2010-01-01',
  '--until',
  '2015-01-01',
  '--catalog',
  catalog,
  '--source-url',
  server.url,
  '--json',
];

describe('tradewind data backfill --source yahoo', () => {
  it('backfills ORCL 2010–2014 into the catalog with no missing NYSE day, then a rerun adds nothing', async () => {
    const catalog = join(dir, 'catalog');
    const first = await tradewind(...args(catalog));
    expect(first.stderr, 'no warnings on a clean run').toBe('');
    expect(first.status).toBe(0);
    const expected = await loadBars({
      path: ORCL_CSV,
      instrumentId: instrumentId('ORCL', 'YAHOO'),
      from: Date.UTC(2010, 0, 1),
      to: Date.UTC(2015, 0, 1),
    });
    expect(JSON.parse(first.stdout)).toMatchObject({
      source: 'yahoo',
      instrumentId: 'ORCL.YAHOO',
      timeframe: '1d',
      barsWritten: expected.series.length,
      first: '2010-01-04T00:00:00.000Z',
      last: '2014-12-31T00:00:00.000Z',
      stop: 'until',
      quarantined: [],
      gaps: { calendar: 'nyse', from: '2010-01-01', to: '2015-01-01', expectedDays: 1258, missingDays: 0, missing: [] },
    });
    const store = await ParquetCatalog.open(catalog);
    try {
      const bars = await store.readBars({ instrumentId: instrumentId('ORCL', 'YAHOO'), timeframe: '1d' });
      expect(Array.from(bars.close), 'closes as in the CSV').toEqual(Array.from(expected.series.close));
    } finally {
      store.close();
    }
    const second = await tradewind(...args(catalog));
    expect(JSON.parse(second.stdout), 'the rerun resumes after the last stored day').toMatchObject({
      resumedAfter: '2014-12-31T00:00:00.000Z',
      barsWritten: 0,
      requests: 0,
      gaps: { missingDays: 0 },
    });
  });

  it('exits 2 on an unknown symbol and on ccxt-only flags', async () => {
    const unknown = await tradewind(...args(join(dir, 'c2'), 'NOSUCH'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/yahoo: unknown symbol 'NOSUCH'/);
    const intraday = await tradewind(...args(join(dir, 'c3')), '--timeframe', '1m');
    expect(intraday.status).toBe(2);
    expect(intraday.stderr).toMatch(/serves daily bars/);
  });

  it('exits 2 when --source ccxt (the default) has no --exchange', async () => {
    const missing = await tradewind(
      'data',
      'backfill',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1m',
      '--since',
      '2024-01-01',
      '--catalog',
      join(dir, 'c4'),
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--exchange is required/);
  });

  it('exits 1 when Yahoo stays unavailable after the retries are spent', async () => {
    // Retry-After: 0 keeps the six attempts instant; the run gives up with a retryable error.
    server.failAll({ kind: 'status', status: 429, retryAfter: '0' });
    try {
      const down = await tradewind(...args(join(dir, 'c5')));
      expect(down.status).toBe(1);
      expect(down.stderr).toMatch(/gave up after 6 attempts: yahoo: rate limited/);
    } finally {
      server.failAll(undefined);
    }
  });
});
