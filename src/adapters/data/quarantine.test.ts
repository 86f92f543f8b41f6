import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { instrumentId } from '../../core/model/ids.ts';
import { DataFileError } from './data-file-error.ts';
import { loadBars } from './load-bars.ts';
import { countQuarantineReasons } from './quarantine.ts';
import { readMarketDataFile } from './read-market-data-file.ts';

const temp = mkdtempSync(join(tmpdir(), 'tradewind-quarantine-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A 1-minute file with four good rows (lines 2, 6, 10, 12) and one bad row of each kind between them. */
const BARS = [
  'timestamp,open,high,low,close,volume',
  '2024-01-01T00:00:00Z,100,101,99,100.5,10',
  '2024-01-01T00:01:00Z,100,101,99,100.5',
  '2024-01-01T00:02:00Z,NaN,101,99,100,1',
  '2024-01-01T00:03:00Z,100,98,99,100,1',
  '2024-01-01T00:04:00Z,100,101,99,100,1',
  '2024-01-01T00:03:30Z,100,101,99,100,1',
  '2024-01-01T00:04:00Z,100,101,99,100,1',
  '2024-01-01T00:05:00Z,100,101,99,100,-1',
  '2024-01-01T00:06:00Z,100,101,99,100,1',
  'not-a-date,100,101,99,100,1',
  '2024-01-01T00:07:00Z,100,101,99,100,1',
].join('\n');
const barsPath = join(temp, 'bad-bars.csv');
writeFileSync(barsPath, `${BARS}\n`);

/** Each bad line: [line, field, reason pattern]. */
const EXPECTED: ReadonlyArray<readonly [number, string | undefined, RegExp]> = [
  [3, undefined, /expected 6 fields, got 5/],
  [4, 'open', /'NaN' is not a number/],
  [5, 'high', /98 is below low 99/],
  [7, 'timestamp', /00:03:30.000Z is before .*00:04:00.000Z on line 6/],
  [8, 'timestamp', /00:04:00.000Z duplicates .*00:04:00.000Z on line 6/],
  [9, 'volume', /-1 is negative/],
  [11, 'timestamp', /'not-a-date' is not a valid timestamp/],
];

describe('quarantine of bad rows', () => {
  it('lenient bar import: every bad row reported with file, line, field and reason; the good rows taken', async () => {
    const read = await readMarketDataFile({ path: barsPath });
    expect(read.data.kind).toBe('bars');
    const stamps = Array.from(read.data.columns.timestamp, (ms) => new Date(ms).toISOString().slice(11, 16));
    expect(stamps, 'the good rows, in file order').toEqual(['00:00', '00:04', '00:06', '00:07']);
    expect(read.quarantine.map((entry) => entry.line)).toEqual(EXPECTED.map(([line]) => line));
    for (const [i, [line, field, reason]] of EXPECTED.entries()) {
      const entry = read.quarantine[i];
      expect(entry.file, `line ${line}`).toBe(barsPath);
      expect(entry.field, `line ${line} field`).toBe(field);
      expect(entry.reason, `line ${line} reason`).toMatch(reason);
      expect(entry.value, `line ${line} carries its value`).toBeDefined();
    }
    expect(read.quarantine[0].value, 'a malformed row keeps its raw text').toBe(
      '2024-01-01T00:01:00Z,100,101,99,100.5',
    );
    expect(
      countQuarantineReasons(read.quarantine)[
        'timestamp: <time> is before <time> on line # (bars must be in strictly ascending time order)'
      ],
    ).toBe(1);
  });

  it('loadBars stays strict by default (the first bad row throws) and can be lenient', async () => {
    const id = instrumentId('TEST', 'SIM');
    const error = await loadBars({ path: barsPath, instrumentId: id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).line, 'strict stops at the first bad line').toBe(3);
    const lenient = await loadBars({ path: barsPath, instrumentId: id, mode: 'lenient' });
    expect([lenient.series.length, lenient.quarantine.length, lenient.timeframe]).toEqual([4, 7, '1m']);
  });

  it('trades: duplicate ids, time going back, non-positive sizes and unknown sides are reported', async () => {
    const path = join(temp, 'bad-trades.csv');
    writeFileSync(
      path,
      [
        'timestamp,id,side,price,amount',
        '1700000000000,1,buy,100,1',
        '1700000000000,2,sell,100,0.5',
        '1700000000001,2,buy,100,1',
        '1699999999999,3,buy,100,1',
        '1700000000002,4,buy,100,0',
        '1700000000003,5,hold,100,1',
        '1700000000004,6,sell,-5,1',
        '1700000000005,7,sell,101,2',
      ].join('\n'),
    );
    const read = await readMarketDataFile({ path });
    if (read.data.kind !== 'trades') throw new Error(`trades expected, got ${read.data.kind}`);
    expect(read.format).toBe('trades-csv');
    expect(read.data.columns.tradeId).toEqual(['1', '2', '7']);
    expect(Array.from(read.data.columns.aggressor)).toEqual([1, -1, -1]);
    expect(read.quarantine.map((entry) => [entry.line, entry.field])).toEqual([
      [4, 'trade_id'],
      [5, 'timestamp'],
      [6, 'size'],
      [7, 'side'],
      [8, 'price'],
    ]);
    expect(read.quarantine[0].reason).toBe('duplicate trade id 2 (first on line 3)');
  });

  it('quotes: a crossed book and a negative size are reported; a locked book is kept', async () => {
    const path = join(temp, 'bad-quotes.csv');
    writeFileSync(
      path,
      [
        'timestamp,bid,ask,bid_size,ask_size',
        '2024-01-01T00:00:00.000Z,100,100.5,1,1',
        '2024-01-01T00:00:00.100Z,100.6,100.5,1,1',
        '2024-01-01T00:00:00.200Z,100.5,100.5,1,1',
        '2024-01-01T00:00:00.300Z,100,100.5,-1,1',
      ].join('\n'),
    );
    const read = await readMarketDataFile({ path });
    expect([read.data.kind, read.data.columns.length]).toEqual(['quotes', 2]);
    expect(read.quarantine.map((entry) => [entry.line, entry.field, entry.reason])).toEqual([
      [3, 'bid', 'crossed book: bid 100.6 is above ask 100.5'],
      [5, 'bid_size', "'-1' is not a non-negative finite quantity"],
    ]);
  });
});
