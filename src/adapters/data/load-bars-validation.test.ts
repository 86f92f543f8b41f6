import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { instrumentId } from '../../core/model/ids.ts';
import { DataFileError, type LoadBarsOptions, loadBars } from './index.ts';

const data = (relative: string): string =>
  fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
const id = instrumentId('TEST', 'SIM');
const temp = mkdtempSync(join(tmpdir(), 'tradewind-bad-bars-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const T0 = Date.UTC(2024, 0, 1);
const iso = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();
const good = (minute: number): string => `${iso(minute)},100,105,99,101,10`;
const HEADER = 'timestamp,open,high,low,close,volume';
/** A CSV whose data row k (0-based) sits on line k + 2. */
const csv = (...rows: string[]): string => `${HEADER}\n${rows.join('\n')}\n`;

/** Writes `content` to a temp file, loads it, and returns the DataFileError it must raise. */
async function rejection(
  name: string,
  content: string | Uint8Array,
  options: Partial<LoadBarsOptions> = {},
): Promise<{ error: DataFileError; path: string }> {
  const path = join(temp, name);
  writeFileSync(path, content);
  return { error: await rejectionOf({ path, ...options }), path };
}

async function rejectionOf(options: Partial<LoadBarsOptions> & { path: string }): Promise<DataFileError> {
  try {
    await loadBars({ instrumentId: id, ...options });
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw error;
  }
  throw new Error(`${options.path} loaded, but it should have been rejected`);
}

describe('CSV rows that break a bar invariant', () => {
  it('names file, line, field and values: high below low on line 17', async () => {
    const rows = Array.from({ length: 15 }, (_, minute) => good(minute));
    const { error, path } = await rejection('x.csv', csv(...rows, `${iso(15)},101.5,101.5,102,101.8,1`));
    expect(error.message).toBe(`${path}:17: field 'high': 101.5 is below low 102`);
    expect([error.file, error.line, error.field, error.row]).toEqual([path, 17, 'high', undefined]);
  });

  it.each([
    ['open below low', `${iso(1)},98,105,99,101,1`, 'open', '98 is outside [low 99, high 105]'],
    ['close above high', `${iso(1)},100,105,99,106,1`, 'close', '106 is outside [low 99, high 105]'],
    ['zero price', `${iso(1)},100,105,0,101,1`, 'low', '0 is not a positive finite price'],
    ['negative price', `${iso(1)},-1,105,99,101,1`, 'open', '-1 is not a positive finite price'],
    ['overflowing price', `${iso(1)},100,1e999,99,101,1`, 'high', 'Infinity is not a positive finite price'],
    ['negative volume', `${iso(1)},100,105,99,101,-5`, 'volume', '-5 is negative'],
    ['non-numeric price', `${iso(1)},100,abc,99,101,1`, 'high', "'abc' is not a number"],
    ['NaN price', `${iso(1)},100,105,99,NaN,1`, 'close', "'NaN' is not a number"],
    ['Infinity price', `${iso(1)},Infinity,105,99,101,1`, 'open', "'Infinity' is not a number"],
    ['hexadecimal price', `${iso(1)},0x64,105,99,101,1`, 'open', "'0x64' is not a number"],
    ['empty volume', `${iso(1)},100,105,99,101,`, 'volume', "'' is not a number"],
  ])('%s', async (name, row, field, detail) => {
    const { error, path } = await rejection(`${name}.csv`, csv(good(0), row, good(2)));
    expect(error.message).toBe(`${path}:3: field '${field}': ${detail}`);
    expect([error.line, error.field]).toEqual([3, field]);
  });
});

describe('CSV timestamps', () => {
  it.each([
    ['out-of-range hour', '2024-01-01 25:00:00'],
    ['sub-millisecond fraction', '2024-01-01 00:01:00.000500'],
    ['epoch number among ISO dates', '1704067260000'],
    ['day-first date', '01/01/2024 00:01'],
  ])('rejects a %s', async (name, stamp) => {
    const { error, path } = await rejection(`${name}.csv`, csv(good(0), `${stamp},100,105,99,101,1`));
    expect(
      error.message.startsWith(`${path}:3: field 'timestamp': '${stamp}' is not a valid timestamp (iso8601:`),
    ).toBe(true);
  });

  it('rejects duplicate and unsorted timestamps, citing the previous line', async () => {
    const duplicate = await rejection('duplicate.csv', csv(good(0), good(1), good(1)));
    expect(duplicate.error.message).toBe(
      `${duplicate.path}:4: field 'timestamp': ${iso(1)} duplicates ${iso(1)} on line 3` +
        ' (bars must be in strictly ascending time order)',
    );
    const unsorted = await rejection('unsorted.csv', csv(good(0), good(2), good(1)));
    expect(unsorted.error.message).toBe(
      `${unsorted.path}:4: field 'timestamp': ${iso(1)} is before ${iso(2)} on line 3` +
        ' (bars must be in strictly ascending time order)',
    );
  });

  it("rejects a date-time when timestampFormat is 'date'", async () => {
    const { error, path } = await rejection('date-format.csv', csv(good(0)), { timestampFormat: 'date' });
    expect(error.message).toBe(`${path}:2: field 'timestamp': '${iso(0)}' is not a valid timestamp (date: YYYY-MM-DD)`);
  });
});

describe('CSV structure', () => {
  it('a missing file is a DataFileError naming it, not a bare ENOENT', async () => {
    const path = join(temp, 'missing.csv');
    const error = await rejectionOf({ path });
    expect(error.file).toBe(path);
    expect(error.message).toMatch(/^.*missing\.csv: cannot read the file: ENOENT/);
  });

  it('rejects a row with the wrong number of fields, and a blank line between rows', async () => {
    const short = await rejection('short.csv', csv(good(0), good(1), `${iso(2)},100,105,99,101`));
    expect(short.error.message).toBe(`${short.path}:4: malformed row: expected 6 fields, got 5`);
    expect([short.error.line, short.error.field]).toEqual([4, undefined]);
    const blank = await rejection('blank.csv', csv(good(0), '', good(2)));
    expect(blank.error.message).toBe(`${blank.path}:3: malformed row: blank line`);
    const quote = await rejection('quote.csv', csv(good(0), `"${iso(1)},100,105,99,101,1`));
    expect(quote.error.message).toBe(`${quote.path}:3: malformed row: unterminated quoted field`);
  });

  it('rejects an empty file, a blank file and a header without rows', async () => {
    for (const [name, content, detail] of [
      ['empty.csv', '', 'the file is empty'],
      ['blank.txt', '\n \r\n', 'the file is empty'],
      ['header-only.csv', `${HEADER}\n`, 'the file holds no bars'],
    ]) {
      const { error, path } = await rejection(name, content);
      expect(error.message, name).toBe(`${path}: ${detail}`);
      expect(error.line, name).toBeUndefined();
    }
  });

  it('rejects a selection with no bars in [from, to)', async () => {
    const { error, path } = await rejection('range.csv', csv(good(0), good(1), good(2)), {
      from: Date.UTC(2025, 0, 1),
    });
    expect(error.message).toBe(
      `${path}: no bars in [2025-01-01T00:00:00.000Z, Infinity); the file covers ${iso(0)} to ${iso(2)}`,
    );
  });

  it('asks for a timeframe when one bar cannot reveal it', async () => {
    const { error, path } = await rejection('single.csv', csv(good(0)));
    expect(error.message).toBe(`${path}: cannot detect the timeframe from 1 bar; pass options.timeframe`);
    const loaded = await loadBars({ path, instrumentId: id, timeframe: '1m' });
    expect(loaded.series.length).toBe(1);
  });

  it('lists the header when a mapped column is unknown or a default one is missing', async () => {
    const unknown = await rejection('unknown.csv', csv(good(0), good(1)), { columns: { close: 'Last' } });
    expect(unknown.error.message).toBe(
      `${unknown.path}:1: field 'close': column 'Last' not found; the header's columns are:` +
        " 'timestamp', 'open', 'high', 'low', 'close', 'volume'",
    );
    const missing = await rejection('missing.csv', 'time,open,high,low,last\n2024-01-01,1,1,1,1\n');
    expect(missing.error.message).toBe(
      `${missing.path}:1: field 'close': no column found for 'close'; the header's columns are:` +
        " 'time', 'open', 'high', 'low', 'last'; name it in options.columns.close",
    );
    const headerless = await rejection('headerless.csv', '1704067200000,1,1,1,1,1\n', { columns: { open: 'open' } });
    expect(headerless.error.message).toBe(
      `${headerless.path}: field 'open': column 'open' not found; the file has no header; name columns by 0-based index 0..5`,
    );
  });

  it('rejects adjust on a file that is not Yahoo, and a bad Adj Close when adjusting', async () => {
    const notYahoo = await rejection('not-yahoo.csv', csv(good(0), good(1)), { adjust: true });
    expect(notYahoo.error.message).toBe(
      `${notYahoo.path}: option 'adjust' applies to Yahoo files only, this one is csv`,
    );
    const yahoo =
      'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10,9.5,100\n2024-01-03,10,11,9,10,null,100\n';
    const badAdj = await rejection('yahoo.csv', yahoo, { adjust: true });
    expect(badAdj.error.message).toBe(`${badAdj.path}:3: field 'adj close': 'null' is not a number`);
  });
});

describe('JSON rows', () => {
  const row = (minute: number, low: unknown = 99): unknown[] => [T0 + minute * 60_000, 100, 105, low, 101, 10];

  it.each([
    [
      'short row',
      [row(0), row(1), [T0 + 120_000, 100, 105, 99, 101]],
      2,
      undefined,
      'malformed row: expected [timestamp, open, high, low, close, volume], got [1704067320000,100,105,99,101]',
    ],
    ['null price', [row(0), row(1, null)], 1, 'low', 'null is not a number'],
    ['text price', [row(0), row(1, 'abc')], 1, 'low', '"abc" is not a number'],
    ['high below low', [row(0, 106)], 0, 'high', '105 is below low 106'],
    [
      'fractional ms',
      [[T0 + 0.5, 100, 105, 99, 101, 1]],
      0,
      'timestamp',
      '1704067200000.5 is not a valid timestamp (epoch-ms: integer milliseconds since 1970-01-01 UTC)',
    ],
    [
      'duplicate',
      [row(0), row(0)],
      1,
      'timestamp',
      `${iso(0)} duplicates ${iso(0)} on row 0 (bars must be in strictly ascending time order)`,
    ],
  ])('%s', async (name, rows, index, field, detail) => {
    const { error, path } = await rejection(`${name}.json`, JSON.stringify(rows));
    const place = field === undefined ? '' : ` field '${field}':`;
    expect(error.message).toBe(`${path}: row ${index}:${place} ${detail}`);
    expect([error.row, error.line, error.field]).toEqual([index, undefined, field]);
  });

  it('rejects invalid JSON and an empty array', async () => {
    const invalid = await rejection('invalid.json', '[[1704067200000, 1, 1, 1, 1, 1],');
    expect(invalid.error.message.startsWith(`${invalid.path}: invalid JSON:`)).toBe(true);
    const empty = await rejection('empty.json', '[]');
    expect(empty.error.message).toBe(`${empty.path}: the file holds no bars`);
  });

  it('reports the errors of a Kraken response', async () => {
    const { error, path } = await rejection('kraken.json', '{"error":["EQuery:Unknown asset pair"],"result":{}}');
    expect(error.message).toBe(`${path}: field 'error': the response reports errors: EQuery:Unknown asset pair`);
  });

  it("rejects Bitvavo's raw newest-first rows as unsorted", async () => {
    const bitvavo = JSON.parse(readFileSync(data('ccxt/ts/src/test/static/response/bitvavo.json'), 'utf8'));
    const { error, path } = await rejection(
      'bitvavo-raw.json',
      JSON.stringify(bitvavo.methods.fetchOHLCV[0].httpResponse),
    );
    expect(error.message).toBe(
      `${path}: row 1: field 'timestamp': 2023-12-12T04:07:00.000Z is before 2023-12-12T04:08:00.000Z on row 0` +
        ' (bars must be in strictly ascending time order)',
    );
  });
});

describe('real files that are not clean bar files', () => {
  it('backtrader 1-minute file: the header lacks the Time column every row has; it is named, not guessed per row', async () => {
    const path = data('backtrader/datas/2006-01-02-volume-min-001.txt');
    const loaded = await loadBars({ path, instrumentId: instrumentId('TEST', 'SIM') });
    expect([loaded.rowsRead, loaded.timeframe], 'SOURCE.md: 30889 one-minute rows').toEqual([30889, '1m']);
    expect(new Date(loaded.series.timestamp[0]).toISOString()).toBe('2006-01-02T09:01:00.000Z');
    expect(new Date(loaded.series.timestamp[30888]).toISOString()).toBe('2006-02-27T22:00:00.000Z');
    const broken = join(temp, 'unnamed-time.csv');
    writeFileSync(broken, 'Date,Open,High,Low,Close\n2006-01-02,09:01:00,1,1,1,1\n2006-01-02,1,1,1,1\n');
    expect((await rejectionOf({ path: broken })).message).toBe(`${broken}:3: malformed row: expected 6 fields, got 5`);
  });

  it('backtrader tick sample: repeated millisecond timestamps', async () => {
    const path = data('backtrader/datas/ticksample.csv');
    const error = await rejectionOf({ path });
    expect([error.line, error.field]).toEqual([24, 'timestamp']);
    expect(error.message).toContain('2015-09-23T20:58:22.316Z duplicates 2015-09-23T20:58:22.316Z on line 23');
  });

  it('freqtrade funding-rate Feather: the rate sits in open, the other prices are 0', async () => {
    const path = data('freqtrade/tests/testdata/futures/XRP_USDT_USDT-8h-funding_rate.feather');
    expect((await rejectionOf({ path })).message).toBe(
      `${path}: row 0: field 'high': 0 is not a positive finite price`,
    );
  });

  it('truncated Feather', async () => {
    const bytes = readFileSync(data('freqtrade/tests/testdata/ETH_BTC-5m.feather'));
    const { error, path } = await rejection('truncated.feather', bytes.subarray(0, 2000));
    expect(error.message.startsWith(`${path}: not a readable Arrow IPC / Feather v2 file:`)).toBe(true);
  });
});

describe('options', () => {
  it('rejects an invalid timeframe or bound before reading', async () => {
    const path = data('backtrader/datas/2006-day-001.txt');
    await expect(loadBars({ path, instrumentId: id, timeframe: 'daily' })).rejects.toThrow(
      "loadBars: invalid timeframe 'daily'",
    );
    await expect(loadBars({ path, instrumentId: id, from: Number.NaN })).rejects.toThrow("'from' must be finite");
  });
});
