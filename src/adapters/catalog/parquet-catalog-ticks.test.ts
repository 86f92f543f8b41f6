import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteSeries, TradeSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { ParquetCatalog } from './parquet-catalog.ts';

const BINANCE = fileURLToPath(
  new URL('../../../../shared/data/nautilus_trader/tests/test_data/binance/', import.meta.url),
);
const id = instrumentId('BTC/USDT', 'BINANCE');

/** Rows of a Parquet file as plain objects, read by a DuckDB of the test's own (not the catalog). */
async function readParquet(file: string, select: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const result = await connection.runAndReadAll(`SELECT ${select} FROM read_parquet('${join(BINANCE, file)}')`);
  const rows = result.getRowObjectsJS() as Record<string, unknown>[];
  connection.closeSync();
  instance.closeSync();
  return rows;
}

/** The 2,001 real Binance BTCUSDT trades of SOURCE.md §3; buyer_maker "True" means the seller hit the bid. */
async function binanceTrades(): Promise<TradeSeries> {
  const rows = await readParquet(
    'btcusdt-trades.parquet',
    'epoch_ms("timestamp")::DOUBLE AS t, price, quantity, buyer_maker, trade_id::VARCHAR AS id',
  );
  return {
    instrumentId: id,
    length: rows.length,
    timestamp: Float64Array.from(rows, (r) => r.t as number),
    price: Float64Array.from(rows, (r) => r.price as number),
    size: Float64Array.from(rows, (r) => r.quantity as number),
    aggressor: Int8Array.from(rows, (r) => (r.buyer_maker === 'True' ? -1 : 1)),
    tradeId: rows.map((r) => r.id as string),
  };
}

async function binanceQuotes(): Promise<QuoteSeries> {
  const rows = await readParquet(
    'btcusdt-quotes.parquet',
    'epoch_ms("timestamp")::DOUBLE AS t, bid, ask, bid_size, ask_size',
  );
  return {
    instrumentId: id,
    length: rows.length,
    timestamp: Float64Array.from(rows, (r) => r.t as number),
    bid: Float64Array.from(rows, (r) => r.bid as number),
    ask: Float64Array.from(rows, (r) => r.ask as number),
    bidSize: Float64Array.from(rows, (r) => r.bid_size as number),
    askSize: Float64Array.from(rows, (r) => r.ask_size as number),
  };
}

describe('ParquetCatalog trades and quotes', () => {
  let dir: string;
  let catalog: ParquetCatalog;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tradewind-ticks-'));
    catalog = await ParquetCatalog.open(dir);
  });
  afterAll(async () => {
    catalog.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips the real Binance BTCUSDT trades', async () => {
    const trades = await binanceTrades();
    expect(trades.length, 'SOURCE.md: 2001 trades').toBe(2001);
    expect(trades.aggressor.filter((a) => a === -1).length, 'SOURCE.md: 914 buyer_maker True rows').toBe(914);
    expect(await catalog.writeTrades(trades)).toMatchObject({ written: 2001, replaced: 0, partitions: 1 });
    const read = await catalog.readTrades({ instrumentId: id });
    expect(read.length).toBe(2001);
    expect(Array.from(read.timestamp)).toEqual(Array.from(trades.timestamp));
    expect(Array.from(read.price)).toEqual(Array.from(trades.price));
    expect(Array.from(read.size)).toEqual(Array.from(trades.size));
    expect(Array.from(read.aggressor)).toEqual(Array.from(trades.aggressor));
    expect(read.tradeId, 'trade ids 553287559 … 553289559 in order').toEqual(trades.tradeId);
    expect(read.tradeId[0]).toBe('553287559');

    // Writing the first 100 again with another price replaces them by trade id, adds nothing.
    const again = { ...trades, length: 100, price: trades.price.map((p) => p + 1) };
    expect(await catalog.writeTrades(again)).toMatchObject({ written: 100, replaced: 100 });
    const merged = await catalog.readTrades({ instrumentId: id });
    expect(merged.length, 'same trade ids replace, never duplicate').toBe(2001);
    expect(merged.price[0]).toBe(trades.price[0] + 1);
    expect(merged.price[100]).toBe(trades.price[100]);
    const from = trades.timestamp[1000];
    const ranged = await catalog.readTrades({ instrumentId: id, from, to: from + 1 });
    const expected = Array.from(trades.timestamp).filter((t) => t === from).length;
    expect(ranged.length, 'trades in [from, from + 1 ms)').toBe(expected);
  });

  it('round-trips the real Binance BTCUSDT quotes and lists both kinds', async () => {
    const quotes = await binanceQuotes();
    expect(quotes.length, 'SOURCE.md: 451 quotes').toBe(451);
    await catalog.writeQuotes(quotes);
    const read = await catalog.readQuotes({ instrumentId: id });
    for (const column of ['timestamp', 'bid', 'ask', 'bidSize', 'askSize'] as const)
      expect(Array.from(read[column]), column).toEqual(Array.from(quotes[column]));
    const list = await catalog.list();
    expect(list.map((e) => [e.kind, e.rows, e.first, e.timeframe])).toEqual([
      ['quotes', 451, Date.UTC(2021, 0, 8, 0, 0, 1, 76), undefined],
      ['trades', 2001, Date.UTC(2021, 0, 8, 0, 0, 0, 278), undefined],
    ]);
  });
});
