import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { importMarketData } from './import-market-data.ts';
import { nameHints, resolveInstrument } from './infer-instrument.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'tradewind-import-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const now = () => new Date(Date.UTC(2024, 4, 1, 12, 0, 0));

describe('instrument inference', () => {
  it('reads freqtrade pairs, NautilusTrader ids, Binance Vision and Yahoo names', () => {
    expect(nameHints('x/BTC_USDT-1m.feather', 'freqtrade-feather')).toEqual({ symbol: 'BTC/USDT', timeframe: '1m' });
    expect(nameHints('XRP_USDT_USDT-5m-futures.feather', 'freqtrade-feather')).toEqual({
      symbol: 'XRP/USDT:USDT',
      timeframe: '5m',
    });
    expect(nameHints('XRP_ETH-trades.json.gz', 'freqtrade-trades-json')).toEqual({
      symbol: 'XRP/ETH',
      timeframe: undefined,
    });
    expect(nameHints('/d/BTCUSDT.BINANCE-1-MINUTE-LAST.parquet', 'parquet')).toEqual({
      symbol: 'BTCUSDT',
      venue: 'BINANCE',
    });
    expect(nameHints('ADABTC-1m-2021-11-27.csv', 'binance-kline-csv')).toEqual({
      symbol: 'ADABTC',
      venue: 'BINANCE',
      timeframe: '1m',
    });
    expect(nameHints('orcl-1995-2014.txt', 'yahoo')).toEqual({ symbol: 'ORCL' });
    expect(nameHints('data.csv', 'csv')).toEqual({});
  });

  it('prefers flags, then contents, then the name; splits SYMBOL.VENUE; asks for what it cannot tell', () => {
    const base = { path: 'ETH_BTC-5m.feather', format: 'freqtrade-feather' as const, contents: {} };
    expect(resolveInstrument({ ...base, venue: 'binance' })).toEqual({ symbol: 'ETH/BTC', venue: 'BINANCE' });
    expect(resolveInstrument({ ...base, symbol: 'ETHBTC.BINANCE' })).toEqual({ symbol: 'ETHBTC', venue: 'BINANCE' });
    expect(resolveInstrument({ ...base, contents: { symbol: 'XBTUSD', venue: 'BITMEX' }, venue: 'DERIBIT' })).toEqual({
      symbol: 'XBTUSD',
      venue: 'DERIBIT',
    });
    expect(() => resolveInstrument(base)).toThrow(/pass --venue/);
    expect(() => resolveInstrument({ ...base, path: 'data.csv', format: 'csv', venue: 'X' })).toThrow(/pass --symbol/);
  });
});

describe('importMarketData', () => {
  const catalogDir = join(temp, 'catalog');
  const badFile = join(temp, 'BTC_USDT-1m.json');
  writeFileSync(
    badFile,
    JSON.stringify([
      [1704067200000, 100, 101, 99, 100, 1],
      [1704067260000, 100, 99, 101, 100, 1],
      [1704067320000, 100, 101, 99, 100, 1],
      [1704067320000, 100, 101, 99, 100, 1],
      [1704067380000, 100, 101, 99, 100, 1],
    ]),
  );

  it('writes bars, trades and quotes to the catalog, and the skipped rows to a quarantine report', async () => {
    const files = [
      join(SHARED, 'freqtrade/tests/testdata/XRP_ETH-5m.feather'),
      join(SHARED, 'nautilus_trader/crates/adapters/kraken/test_data/http_trades.json'),
      join(SHARED, 'nautilus_trader/tests/test_data/binance/btcusdt-quotes.parquet'),
      badFile,
    ];
    const results = await importMarketData({ files, catalogDir, venue: 'BINANCE', now });
    expect(results.map((r) => [r.kind, r.instrumentId, r.rowsTaken, r.rowsSkipped, r.written])).toEqual([
      ['bars', 'XRP/ETH.BINANCE', 706, 0, 706],
      ['trades', 'XBTUSDT.BINANCE', 1000, 0, 1000],
      ['quotes', 'BTC/USDT.BINANCE', 451, 0, 451],
      ['bars', 'BTC/USDT.BINANCE', 3, 2, 3],
    ]);
    expect(results[0].destination).toBe('bars/BINANCE/XRP%2FETH/5m');
    expect(results[3].skippedByReason).toEqual({
      'high: # is below low #': 1,
      'timestamp: <time> duplicates <time> on row # (bars must be in strictly ascending time order)': 1,
    });
    const report = results[3].quarantineReport!;
    expect(report).toBe(join(catalogDir, 'quarantine', 'BTC_USDT-1m-20240501T120000Z.csv'));
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,line,row,field,value,reason');
    expect(lines[1]).toBe(`${badFile},,1,high,99,99 is below low 101`);
    expect(lines[2]).toMatch(/,,3,timestamp,2024-01-01T00:02:00.000Z,2024-01-01T00:02:00.000Z duplicates/);

    const catalog = await ParquetCatalog.open(catalogDir);
    try {
      const bars = await catalog.readBars({ instrumentId: instrumentId('XRP/ETH', 'BINANCE'), timeframe: '5m' });
      expect(bars.length, 'all 706 XRP/ETH 5m bars read back').toBe(706);
      const trades = await catalog.readTrades({ instrumentId: instrumentId('XBTUSDT', 'BINANCE') });
      expect([trades.length, trades.tradeId[0]]).toEqual([1000, '10218208']);
      const quotes = await catalog.readQuotes({ instrumentId: instrumentId('BTC/USDT', 'BINANCE') });
      expect(quotes.length).toBe(451);
    } finally {
      catalog.close();
    }
  });

  it('re-importing a file replaces its own rows; a file it cannot place is refused without stopping the others', async () => {
    const anonymous = join(temp, 'ticks.csv');
    writeFileSync(anonymous, 'timestamp,price,amount\n1700000000000,1,1\n');
    const again = await importMarketData({
      files: [anonymous, join(SHARED, 'freqtrade/tests/testdata/XRP_ETH-5m.feather')],
      catalogDir,
      venue: 'BINANCE',
      now,
    });
    expect(again[0].error).toMatch(/ticks\.csv: cannot tell the instrument .* pass --symbol/);
    expect([again[1].written, again[1].replaced], 'the same 706 bars replace themselves').toEqual([706, 706]);
    expect(readdirSync(join(catalogDir, 'quarantine')), 'no report for clean files').toHaveLength(1);
  });
});
