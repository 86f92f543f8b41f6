import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParquetCatalog } from '../adapters/catalog/index.ts';
import { loadBars } from '../adapters/data/index.ts';
import { barSeriesFromRows } from '../core/data/bar-series-from-rows.ts';
import { instrumentId } from '../core/model/ids.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'tradewind.mjs');
const UNITTEST_1M = join(ROOT, '..', 'shared', 'data', 'freqtrade', 'tests', 'testdata', 'UNITTEST_BTC-1m.feather');
const ORCL = join(ROOT, 'test', 'fixtures', 'orcl-1995-2014.txt');

/** Runs the CLI without blocking the test worker (a blocked worker misses Vitest's RPC heartbeats). */
function tradewind(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

async function gapsJson(...args: string[]) {
  const { status, stdout, stderr } = await tradewind('data', 'gaps', ...args, '--json');
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout);
}

describe('tradewind data gaps', () => {
  let catalog: string;
  beforeAll(async () => {
    catalog = mkdtempSync(join(tmpdir(), 'tradewind-gaps-'));
    const store = await ParquetCatalog.open(catalog);
    try {
      const pair = await loadBars({ path: UNITTEST_1M, instrumentId: instrumentId('UNITTEST/BTC', 'BITTREX') });
      await store.writeBars(pair.series);
      const orcl = await loadBars({ path: ORCL, instrumentId: instrumentId('ORCL', 'NYSE') });
      await store.writeBars(orcl.series);
      const t = Date.parse('2024-01-01T00:00:00Z');
      // Minute 1 has high below low: a finite, sortable bar the catalog stores and the report flags.
      await store.writeBars(
        barSeriesFromRows(instrumentId('BROKEN', 'SIM'), '1m', [
          [t, 10, 11, 9, 10, 1],
          [t + 60_000, 10, 9, 11, 10, 1],
          [t + 120_000, 10, 11, 9, 10, 0],
        ]),
      );
    } finally {
      store.close();
    }
  }, 60_000);

  it('reports the freqtrade 1-minute gaps from the catalog (SOURCE.md: 538 gaps, 717 missing minutes)', async () => {
    const report = await gapsJson('--symbol', 'UNITTEST/BTC', '--timeframe', '1m', '--catalog', catalog);
    expect(report.source.kind).toBe('catalog');
    expect(report.instrumentId, 'the venue found in the catalog').toBe('UNITTEST/BTC.BITTREX');
    expect([report.missing.gaps, report.missing.bars, report.missing.longest.bars]).toEqual([538, 717, 7]);
    expect(report.missing.list[0], 'first gap: 23:07 then 23:14 (hand-read from the file)').toEqual({
      from: '2017-11-04T23:08:00.000Z',
      to: '2017-11-04T23:14:00.000Z',
      bars: 6,
    });
    expect(report.repair).toBeUndefined();
  });

  it('--repair fill writes flat synthetic bars through writeBars, logs them, and a second report finds no gap', async () => {
    const filled = await gapsJson(
      '--symbol',
      'UNITTEST/BTC',
      '--timeframe',
      '1m',
      '--catalog',
      catalog,
      '--repair',
      'fill',
    );
    expect([filled.repair.filled, filled.repair.written.written, filled.repair.written.replaced]).toEqual([
      717, 717, 0,
    ]);
    expect(filled.repair.actions.length, 'one fill action per gap').toBe(538);
    const log = readFileSync(join(catalog, 'repair-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.map((entry) => [entry.instrumentId, entry.policy, entry.filled, entry.actions.length])).toEqual([
      ['UNITTEST/BTC.BITTREX', 'fill', 717, 538],
    ]);
    const after = await gapsJson('--symbol', 'UNITTEST/BTC', '--timeframe', '1m', '--catalog', catalog);
    expect([after.rows, after.missing.bars], '13681 + 717 bars, no gap').toEqual([14398, 0]);
    expect(after.zeroVolume.count, 'the synthetic bars have volume 0').toBe(717);
  });

  it('daily ORCL on venue NYSE uses the NYSE calendar: no missing day', async () => {
    const report = await gapsJson('--symbol', 'ORCL', '--timeframe', '1d', '--catalog', catalog);
    expect([report.calendar, report.expectedBars, report.missing.bars]).toEqual(['nyse', 5036, 0]);
    const naive = await gapsJson('--symbol', 'ORCL', '--timeframe', '1d', '--catalog', catalog, '--calendar', '24/7');
    expect(naive.missing.bars, 'weekends and holidays count as holes on 24/7').toBeGreaterThan(2000);
  });

  it('a stored inconsistent bar is reported, and drop deletes it from the catalog', async () => {
    const before = await gapsJson('--symbol', 'BROKEN', '--timeframe', '1m', '--catalog', catalog);
    const report = await gapsJson('--symbol', 'BROKEN', '--timeframe', '1m', '--catalog', catalog, '--repair', 'drop');
    expect(report.inconsistent.map((i: { row: number }) => i.row)).toEqual([1]);
    expect(report.zeroVolume.count).toBe(1);
    expect(report.repair.dropped).toBe(1);
    expect(report.repair.written.deleted, 'the catalog held the bar and deleted it').toBe(1);
    expect(report.repair.notApplied).toBeUndefined();
    const after = await gapsJson('--symbol', 'BROKEN', '--timeframe', '1m', '--catalog', catalog);
    expect(after.rows, 'one bar fewer').toBe(before.rows - 1);
    expect(after.inconsistent, 'nothing inconsistent left').toEqual([]);
  });

  it('--data checks a file; the text report lists gaps', async () => {
    const { status, stdout } = await tradewind('data', 'gaps', '--data', UNITTEST_1M, '--limit', '2');
    expect(status).toBe(0);
    expect(stdout).toContain('missing: 717 bars in 538 gaps, longest 7 bars');
    expect(stdout).toContain('… 536 more');
  });

  it('bad input exits 2 with the flag named', { timeout: 180_000 }, async () => {
    for (const [args, message] of [
      [['--symbol', 'X', '--timeframe', '1m', '--catalog', catalog, '--repair', 'mend'], '--repair'],
      [['--timeframe', '1m', '--catalog', catalog], '--symbol'],
      [['--symbol', 'NOPE', '--timeframe', '1m', '--catalog', catalog], 'holds no 1m bars'],
      [['--data', ORCL, '--outlier-z', '-1'], '--outlier-z'],
      [['--data', ORCL, '--calendar', 'lse'], '--calendar'],
    ] as const) {
      const { status, stderr } = await tradewind('data', 'gaps', ...args);
      expect(status, stderr).toBe(2);
      expect(stderr).toContain(message);
    }
  });
});
