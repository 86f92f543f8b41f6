import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFileError } from './data-file-error.ts';
import { detectBarFileFormat } from './detect-bar-file-format.ts';

const data = (relative: string): string =>
  fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
const headOf = (path: string): string => {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).subarray(0, 4096).toString('utf8');
};
const detect = (relative: string): string => detectBarFileFormat(data(relative), headOf(data(relative)));

describe('detectBarFileFormat on the real files', () => {
  it.each([
    ['nautilus_trader/tests/test_data/btc-perp-20211231-20220201_1m.csv', 'csv'],
    ['backtesting.py/backtesting/test/GOOG.csv', 'csv'],
    ['backtrader/datas/2006-day-001.txt', 'csv'],
    ['backtrader/datas/orcl-1995-2014.txt', 'yahoo'],
    ['backtrader-065f8ac/datas/orcl-1995-2014.txt', 'yahoo'],
    ['nautilus_trader/tests/test_data/ADABTC-1m-2021-11-27.csv', 'binance-kline-csv'],
    ['freqtrade/tests/testdata/UNITTEST_BTC-1m.json', 'freqtrade-json'],
    ['freqtrade/tests/testdata/UNITTEST_BTC-8m.json.gz', 'freqtrade-json'],
    ['freqtrade/tests/testdata/UNITTEST_BTC-1m.feather', 'freqtrade-feather'],
    ['nautilus_trader/crates/adapters/kraken/test_data/http_ohlc.json', 'kraken-ohlc-json'],
  ])('%s is %s', (relative, format) => {
    expect(detect(relative)).toBe(format);
  });
});

describe('detectBarFileFormat on synthetic heads', () => {
  it('tells freqtrade from ccxt JSON by the file name', () => {
    expect(detectBarFileFormat('x/BTC_USDT-5m.json', '[[1,2,3,4,5,6]]')).toBe('freqtrade-json');
    expect(detectBarFileFormat('x/XRP_USDT_USDT-1h-futures.json.gz', '[[1,2,3,4,5,6]]')).toBe('freqtrade-json');
    expect(detectBarFileFormat('x/ohlcv.json', '  [[1,2,3,4,5,6]]')).toBe('ccxt-ohlcv-json');
  });

  it('finds Arrow files by their magic bytes and Binance CSV by its header', () => {
    expect(detectBarFileFormat('x/bars.bin', 'ARROW1\0\0')).toBe('freqtrade-feather');
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    expect(detectBarFileFormat('x/BTCUSDT-1m-2025-01.csv', `${header}\n1735689600000000,1,1,1,1,1,1,1,1,1,1,0`)).toBe(
      'binance-kline-csv',
    );
    expect(detectBarFileFormat('x/a.csv', 'date,open,high,low,close,adj_close,volume')).toBe('yahoo');
  });

  it('refuses JSON it cannot place', () => {
    expect(() => detectBarFileFormat('x/candles.json', '{"date":{"0":1}}')).toThrow(DataFileError);
    expect(() => detectBarFileFormat('x/candles.json', '{"date":{"0":1}}')).toThrow(
      'x/candles.json: unrecognised JSON object',
    );
    expect(() => detectBarFileFormat('x/a.json', 'hello')).toThrow('x/a.json: not a bar JSON file');
  });
});
