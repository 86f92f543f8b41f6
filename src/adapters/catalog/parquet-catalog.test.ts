import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BarSeries, sliceBarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { loadBars } from '../data/index.ts';
import { ParquetCatalog } from './parquet-catalog.ts';

const SAMPLE = fileURLToPath(new URL('../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url));
const id = instrumentId('BTC-PERP', 'FTX');
const MINUTE = 60_000;

function bars(timestamps: number[], close: (t: number) => number): BarSeries {
  const n = timestamps.length;
  const column = (f: (t: number) => number) => Float64Array.from(timestamps, f);
  return {
    instrumentId: instrumentId('BTC/USDT', 'BINANCE'),
    timeframe: '1m',
    length: n,
    timestamp: Float64Array.from(timestamps),
    open: column((t) => close(t) - 1),
    high: column((t) => close(t) + 2),
    low: column((t) => close(t) - 2),
    close: column(close),
    volume: column(() => 1.5),
  };
}

function columnsOf(series: BarSeries): number[][] {
  const { timestamp, open, high, low, close, volume } = sliceBarSeries(series, 0, series.length);
  return [timestamp, open, high, low, close, volume].map((column) => Array.from(column));
}

describe('ParquetCatalog bars', () => {
  let dir: string;
  let catalog: ParquetCatalog;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tradewind-catalog-'));
    catalog = await ParquetCatalog.open(dir);
  });
  afterAll(async () => {
    catalog.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips the 45,031 real BTC-PERP bars exactly across month partitions', async () => {
    const loaded = await loadBars({ path: SAMPLE, instrumentId: id, timeframe: '1m' });
    expect(loaded.series.length, 'SOURCE.md: 45031 rows').toBe(45_031);
    const summary = await catalog.writeBars(loaded.series);
    expect(summary).toMatchObject({ written: 45_031, replaced: 0 });
    const read = await catalog.readBars({ instrumentId: id, timeframe: '1m' });
    expect(read.length).toBe(45_031);
    expect(read.timestamp.length, 'readBars returns exact-length arrays').toBe(45_031);
    expect(columnsOf(read), 'every column equals the input bit for bit').toEqual(columnsOf(loaded.series));
    const files = await readdir(join(dir, 'bars', 'FTX', 'BTC-PERP', '1m'));
    expect(files.sort(), '2021-12-31 23:01 to 2022-02-01 05:31 spans three UTC months').toEqual([
      '2021-12.parquet',
      '2022-01.parquet',
      '2022-02.parquet',
    ]);
    const entry = (await catalog.list()).find((e) => e.symbol === 'BTC-PERP');
    expect(entry, 'list() reports the dataset with the SOURCE.md range').toEqual({
      venue: 'FTX',
      symbol: 'BTC-PERP',
      kind: 'bars',
      timeframe: '1m',
      rows: 45_031,
      first: Date.UTC(2021, 11, 31, 23, 1),
      last: Date.UTC(2022, 1, 1, 5, 31),
      partitions: 3,
    });
    expect(await catalog.lastTimestamp(id, '1m')).toBe(Date.UTC(2022, 1, 1, 5, 31));
  });

  it('reads [from, to): from inclusive, to exclusive, across a month boundary', async () => {
    const from = Date.UTC(2021, 11, 31, 23, 50);
    const to = Date.UTC(2022, 0, 1, 0, 10);
    const read = await catalog.readBars({ instrumentId: id, timeframe: '1m', from, to });
    expect(read.length, '10 bars in December, 10 in January').toBe(20);
    expect(read.timestamp[0]).toBe(from);
    expect(read.timestamp[19]).toBe(to - MINUTE);
    const empty = await catalog.readBars({ instrumentId: id, timeframe: '1m', from: to, to });
    expect(empty.length, 'an empty range reads nothing').toBe(0);
    const none = await catalog.readBars({ instrumentId: id, timeframe: '5m' });
    expect(none.length, 'an absent timeframe reads nothing').toBe(0);
    expect(await catalog.lastTimestamp(id, '5m')).toBeUndefined();
  });

  it('streams chunks that concatenate to the full read', async () => {
    const full = await catalog.readBars({ instrumentId: id, timeframe: '1m' });
    for (const chunkBars of [1_000, 7_777, 100_000]) {
      const chunks: BarSeries[] = [];
      for await (const chunk of catalog.streamBars({ instrumentId: id, timeframe: '1m' }, chunkBars))
        chunks.push(chunk);
      expect(chunks.length, `ceil(45031 / ${chunkBars}) chunks`).toBe(Math.ceil(45_031 / chunkBars));
      expect(
        chunks.slice(0, -1).every((chunk) => chunk.length === chunkBars),
        'all but the last chunk are full',
      ).toBe(true);
      const joined = chunks.flatMap((chunk) => columnsOf(chunk)[4]);
      expect(joined, `chunks of ${chunkBars} concatenate to the full close column`).toEqual(columnsOf(full)[4]);
    }
    const ranged: number[] = [];
    const from = Date.UTC(2022, 0, 31, 23, 0);
    for await (const chunk of catalog.streamBars({ instrumentId: id, timeframe: '1m', from }, 64))
      ranged.push(...chunk.timestamp.subarray(0, chunk.length));
    expect(ranged.length, 'Jan 31 23:00 to Feb 1 05:31 inclusive is 392 minutes').toBe(392);
  });

  it('merges a write with stored bars: same open time replaced, others kept', async () => {
    const t0 = Date.UTC(2024, 0, 31, 23, 55);
    const first = bars(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => t0 + i * MINUTE),
      () => 100,
    );
    expect(await catalog.writeBars(first)).toEqual({ written: 10, replaced: 0, first: t0, last: t0 + 9 * MINUTE });
    // Overlaps minutes 5..9 (5 replaced, straddling the January/February boundary) and adds 10..14.
    const second = bars(
      [5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((i) => t0 + i * MINUTE),
      () => 200,
    );
    expect(await catalog.writeBars(second)).toEqual({
      written: 10,
      replaced: 5,
      first: t0 + 5 * MINUTE,
      last: t0 + 14 * MINUTE,
    });
    const read = await catalog.readBars({ instrumentId: second.instrumentId, timeframe: '1m' });
    expect(read.length, '10 + 10 − 5 replaced').toBe(15);
    expect(Array.from(read.close), 'minutes 0-4 keep 100, 5-14 hold the new 200').toEqual([
      ...Array(5).fill(100),
      ...Array(10).fill(200),
    ]);
    const entry = (await catalog.list()).find((e) => e.venue === 'BINANCE');
    expect(entry, 'BTC/USDT listed under its own symbol').toMatchObject({
      symbol: 'BTC/USDT',
      rows: 15,
      partitions: 2,
    });
    expect(await readdir(join(dir, 'bars', 'BINANCE')), "'/' is encoded as %2F in the folder name").toEqual([
      'BTC%2FUSDT',
    ]);
  });

  it('deletes bars by open time, rewriting only their months and removing a month left empty', async () => {
    const did = instrumentId('DEL', 'SIM');
    const t0 = Date.UTC(2024, 2, 31, 23, 58);
    const minutes = [0, 1, 2, 3, 4].map((i) => t0 + i * MINUTE); // 23:58, 23:59 in March; 00:00-00:02 in April
    await catalog.writeBars({ ...bars(minutes, (t) => 100 + (t - t0) / MINUTE), instrumentId: did });
    const deleted = await catalog.deleteBars(did, '1m', [minutes[0], minutes[1], minutes[3], t0 - MINUTE]);
    expect(deleted, 'three stored bars; a time never stored counts nothing').toBe(3);
    const left = await catalog.readBars({ instrumentId: did, timeframe: '1m' });
    expect(Array.from(left.timestamp)).toEqual([minutes[2], minutes[4]]);
    expect(Array.from(left.close), 'the other bars untouched').toEqual([102, 104]);
    expect((await readdir(join(dir, 'bars', 'SIM', 'DEL', '1m'))).sort(), 'March emptied and removed').toEqual([
      '2024-04.parquet',
    ]);
  });

  it('sorts a partition written out of order by another tool (pandas, DuckDB) when reading it', async () => {
    const folder = join(dir, 'bars', 'KRAKEN', 'XBT%2FUSDT', '1h');
    await mkdir(folder, { recursive: true });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // 48 hourly bars of May 2024, written newest first; close = hour index. The start carries its
    // offset: make_timestamptz would read it in the session's time zone (the machine's TZ).
    await connection.run(
      `COPY (SELECT TIMESTAMPTZ '2024-05-01 00:00:00+00' + to_hours(i) AS "timestamp", i::DOUBLE AS open, i::DOUBLE AS high, i::DOUBLE AS low, i::DOUBLE AS close, 1.0 AS volume FROM range(48) t(i) ORDER BY i DESC) TO '${join(folder, '2024-05.parquet')}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const read = await catalog.readBars({ instrumentId: instrumentId('XBT/USDT', 'KRAKEN'), timeframe: '1h' });
    expect(Array.from(read.close), 'ascending open times whatever the file order').toEqual(
      Array.from({ length: 48 }, (_, i) => i),
    );
    expect(read.timestamp[0]).toBe(Date.UTC(2024, 4, 1));
  });

  it('writes bar months uncompressed and reads and merges months an earlier version wrote with zstd', async () => {
    const folder = join(dir, 'bars', 'OLD', 'ZSTD', '1m');
    await mkdir(folder, { recursive: true });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const codecOf = async (file: string) =>
      (await connection.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`)).getRows();
    // June 2024, minutes 0..99, close = minute + 0.25: the layout and codec of the catalog before ADR 0014.
    await connection.run(
      `COPY (SELECT TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_minutes(i) AS "timestamp", i + 0.125 AS open, i + 0.5 AS high, i - 0.5 AS low, i + 0.25 AS close, 2.0 AS volume FROM range(100) t(i)) TO '${join(folder, '2024-06.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
    );
    const oldId = instrumentId('ZSTD', 'OLD');
    const read = await catalog.readBars({ instrumentId: oldId, timeframe: '1m' });
    expect(Array.from(read.close), 'the zstd month reads value for value').toEqual(
      Array.from({ length: 100 }, (_, i) => i + 0.25),
    );
    expect(read.timestamp[99]).toBe(Date.UTC(2024, 5, 1, 1, 39));
    const t0 = Date.UTC(2024, 5, 1, 1, 30);
    await catalog.writeBars({
      ...bars(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((i) => t0 + i * MINUTE),
        () => 7,
      ),
      instrumentId: oldId,
    });
    const merged = await catalog.readBars({ instrumentId: oldId, timeframe: '1m' });
    expect(merged.length, '100 stored + 15 written − 10 replaced').toBe(105);
    expect(Array.from(merged.close.subarray(88, 92)), 'stored before 01:30, written from it').toEqual([
      88.25, 89.25, 7, 7,
    ]);
    expect(await codecOf(join(folder, '2024-06.parquet')), 'the merged month is rewritten uncompressed').toEqual([
      ['UNCOMPRESSED'],
    ]);
    connection.closeSync();
    instance.closeSync();
  });

  it('refuses unsorted or non-finite bars before writing anything', async () => {
    const unsorted = bars(
      [2, 1].map((i) => Date.UTC(2030, 0, 1) + i * MINUTE),
      () => 1,
    );
    await expect(catalog.writeBars(unsorted)).rejects.toThrow(/row 1: timestamp .* is not after/);
    const broken = bars([Date.UTC(2030, 0, 1)], () => Number.NaN);
    await expect(catalog.writeBars(broken)).rejects.toThrow(/row 0: open is NaN/);
    expect(
      (await catalog.list()).some((e) => e.first >= Date.UTC(2030, 0, 1)),
      'nothing of 2030 was stored',
    ).toBe(false);
  });
});
