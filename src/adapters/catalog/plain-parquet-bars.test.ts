import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateBarSeries, type BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { ParquetCatalog } from './parquet-catalog.ts';
import { readPlainParquetBars } from './plain-parquet-bars.ts';

const SECOND = 1000;
const T0 = Date.UTC(2024, 2, 1);
const allocate = (rows: number): BarSeries => ({
  ...allocateBarSeries(instrumentId('X', 'Y'), '1s', rows),
  length: rows,
});

/** `n` one-second bars from T0 whose columns are distinct functions of the row. */
function secondBars(n: number): BarSeries {
  const series = { ...allocateBarSeries(instrumentId('FAST/USDT', 'SIM'), '1s', n), length: n };
  for (let i = 0; i < n; i++) {
    series.timestamp[i] = T0 + i * SECOND;
    series.open[i] = 100 + i * 0.01;
    series.high[i] = 101 + i * 0.01;
    series.low[i] = 99 + i * 0.01;
    series.close[i] = 100.5 + i * 0.01;
    series.volume[i] = (i % 97) + 0.125;
  }
  return series;
}

const columns = (series: BarSeries, from = 0, to = series.length): number[][] =>
  [series.timestamp, series.open, series.high, series.low, series.close, series.volume].map((column) =>
    Array.from(column.subarray(from, to)),
  );

describe('readPlainParquetBars (the catalog’s fast path for its own bar months)', () => {
  let dir: string;
  let catalog: ParquetCatalog;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tradewind-plain-parquet-'));
    catalog = await ParquetCatalog.open(dir);
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  afterAll(async () => {
    connection.closeSync();
    instance.closeSync();
    catalog.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a month of several row groups and pages, trimmed mid-page, as written', async () => {
    const written = secondBars(300_000);
    await catalog.writeBars(written);
    const folder = join(dir, 'bars', 'SIM', 'FAST%2FUSDT', '1s');
    const files = (await readdir(folder)).map((name) => join(folder, name));
    expect(files.length, 'one month').toBe(1);
    const groups = await connection.runAndReadAll(
      `SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${files[0]}')`,
    );
    expect(Number(groups.getRows()[0][0]), 'more than one row group (122,880 rows each)').toBeGreaterThan(2);

    const whole = await readPlainParquetBars(files, undefined, undefined, allocate);
    expect(whole, 'the catalog’s own month takes the fast path').not.toBeNull();
    expect(columns(whole as BarSeries), 'every value as written').toEqual(columns(written));

    const from = T0 + 12_345.5 * SECOND;
    const to = T0 + 250_001 * SECOND;
    const part = await readPlainParquetBars(files, from, to, allocate);
    expect(columns(part as BarSeries), 'rows with from ≤ open time < to').toEqual(columns(written, 12_346, 250_001));
    const viaCatalog = await catalog.readBars({ instrumentId: written.instrumentId, timeframe: '1s', from, to });
    expect(columns(viaCatalog), 'readBars gives the same').toEqual(columns(written, 12_346, 250_001));
    const none = await readPlainParquetBars(files, T0 - 10 * SECOND, T0, allocate);
    expect(none?.length, 'an empty range').toBe(0);
  });

  const plain = 'FORMAT parquet, COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 0';
  const copy = async (folder: string, select: string, options = plain) => {
    await mkdir(folder, { recursive: true });
    const path = join(folder, '2024-05.parquet');
    await connection.run(`COPY (${select}) TO '${path}' (${options})`);
    return path;
  };
  const hours = (expression: string, order = 'i') =>
    `SELECT TIMESTAMPTZ '2024-05-01 00:00:00+00' + to_hours(i) AS "timestamp", ${expression} AS open, ${expression} AS high, ${expression} AS low, ${expression} AS close, 1.0::DOUBLE AS volume FROM range(48) t(i) ORDER BY ${order}`;

  it('reads millisecond timestamps written by another tool', async () => {
    const path = await copy(
      join(dir, 'ms'),
      `SELECT epoch_ms(${Date.UTC(2024, 4, 1)} + i * 3600000)::TIMESTAMP_MS AS "timestamp", i::DOUBLE AS open, i::DOUBLE AS high, i::DOUBLE AS low, i::DOUBLE AS close, 1.0::DOUBLE AS volume FROM range(48) t(i)`,
    );
    const read = await readPlainParquetBars([path], undefined, undefined, allocate);
    expect(read, 'TIMESTAMP_MILLIS is the plain layout too').not.toBeNull();
    expect(Array.from((read as BarSeries).timestamp)).toEqual(
      Array.from({ length: 48 }, (_, i) => Date.UTC(2024, 4, 1) + i * 3_600_000),
    );
  });

  it('declines compressed, null-holding, dictionary-encoded and out-of-order months (DuckDB reads them)', async () => {
    // Each file is otherwise plain (uncompressed, no dictionary), so each is declined for its one difference.
    const declined = async (name: string, select: string, options?: string) => {
      const path = await copy(join(dir, name), select, options);
      return readPlainParquetBars([path], undefined, undefined, allocate);
    };
    expect(await declined('control', hours('i::DOUBLE')), 'the same file without the flaw is read').not.toBeNull();
    expect(await declined('zstd', hours('i::DOUBLE'), 'FORMAT parquet, COMPRESSION zstd'), 'zstd').toBeNull();
    expect(await declined('null', hours('CASE WHEN i = 30 THEN NULL ELSE i::DOUBLE END')), 'a NULL close').toBeNull();
    expect(await declined('descending', hours('i::DOUBLE', 'i DESC')), 'open times decreasing').toBeNull();
    const dictionaryPath = await copy(
      join(dir, 'dictionary'),
      hours('(i % 2)::DOUBLE'),
      'FORMAT parquet, COMPRESSION uncompressed',
    );
    const encodings = await connection.runAndReadAll(
      `SELECT string_agg(encodings, ',') FROM parquet_metadata('${dictionaryPath}') WHERE path_in_schema = 'open'`,
    );
    expect(String(encodings.getRows()[0][0]), 'DuckDB chose a dictionary for two distinct values').toMatch(
      /DICTIONARY/,
    );
    expect(await readPlainParquetBars([dictionaryPath], undefined, undefined, allocate), 'a dictionary').toBeNull();
  });

  it('declines a truncated or corrupt file instead of throwing (DuckDB then reports it, naming the file)', async () => {
    const path = await copy(join(dir, 'intact'), hours('i::DOUBLE'));
    const bytes = await readFile(path);
    const truncated = join(dir, 'intact', 'truncated.parquet');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 100));
    expect(await readPlainParquetBars([truncated], undefined, undefined, allocate), 'no footer magic').toBeNull();
    // The footer's bytes overwritten with 0xff, its length and magic kept.
    const corrupt = Buffer.from(bytes);
    const footerLength = corrupt.readUInt32LE(corrupt.length - 8);
    corrupt.fill(0xff, corrupt.length - 8 - footerLength, corrupt.length - 8);
    const corruptPath = join(dir, 'intact', 'corrupt.parquet');
    await writeFile(corruptPath, corrupt);
    expect(await readPlainParquetBars([corruptPath], undefined, undefined, allocate), 'a corrupt footer').toBeNull();
  });
});
