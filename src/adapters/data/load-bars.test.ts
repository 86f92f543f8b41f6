import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { type LoadBarsOptions, loadBars } from './index.ts';

const data = (relative: string): string =>
  fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
const id = instrumentId('TEST', 'SIM');
const load = (relative: string, options: Partial<LoadBarsOptions> = {}) =>
  loadBars({ path: data(relative), instrumentId: id, ...options });
const temp = mkdtempSync(join(tmpdir(), 'tradewind-bars-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Bar `i` as `[ISO open time, open, high, low, close, volume]`. */
const bar = (series: BarSeries, i: number) => [
  new Date(series.timestamp[i]).toISOString(),
  series.open[i],
  series.high[i],
  series.low[i],
  series.close[i],
  series.volume[i],
];
const last = (series: BarSeries) => bar(series, series.length - 1);

describe('generic CSV', () => {
  const btcPerp = 'nautilus_trader/tests/test_data/btc-perp-20211231-20220201_1m.csv';

  it('loads the 45,031 FTX BTC-PERP minutes, naive timestamps as UTC, in well under a second', async () => {
    const started = performance.now();
    const loaded = await load(btcPerp);
    const elapsed = performance.now() - started;
    expect(loaded.format).toBe('csv');
    expect(loaded.timeframe).toBe('1m');
    expect(loaded.rowsRead).toBe(45_031);
    expect(loaded.series.length).toBe(45_031);
    expect(loaded.series.instrumentId).toBe(id);
    expect(loaded.series.timestamp.length, 'arrays are exactly as long as the series').toBe(45_031);
    expect(bar(loaded.series, 0)).toEqual(['2021-12-31T23:01:00.000Z', 46319, 46385, 46319, 46377, 2300413.7295]);
    expect(last(loaded.series)).toEqual(['2022-02-01T05:31:00.000Z', 38525, 38546, 38525, 38544, 685906.9735]);
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeLessThan(800);
  });

  it('keeps from <= timestamp < to and converts quote volume to base', async () => {
    const from = Date.UTC(2022, 0, 1);
    const loaded = await load(btcPerp, { from, to: from + 86_400_000, volumeUnit: 'quote' });
    expect(loaded.rowsRead, 'rowsRead counts the whole file').toBe(45_031);
    expect(loaded.series.length).toBe(1440);
    expect(loaded.series.timestamp[0]).toBe(from);
    expect(loaded.series.timestamp[1439]).toBe(from + 86_400_000 - 60_000);
    const first = await load(btcPerp, { to: Date.UTC(2021, 11, 31, 23, 2), volumeUnit: 'quote' });
    expect(first.series.length).toBe(1);
    expect(first.series.volume[0]).toBeCloseTo(2300413.7295 / 46377, 12);
  });

  it('treats an empty first header cell as the date index (backtesting.py)', async () => {
    const goog = await load('backtesting.py/backtesting/test/GOOG.csv');
    expect([goog.format, goog.timeframe, goog.rowsRead]).toEqual(['csv', '1d', 2148]);
    expect(bar(goog.series, 0)).toEqual(['2004-08-19T00:00:00.000Z', 100, 104.06, 95.96, 100.34, 22351900]);
    expect(last(goog.series)[0]).toBe('2013-03-01T00:00:00.000Z');
    const btc = await load('backtesting.py/backtesting/test/BTCUSD.csv');
    expect([btc.timeframe, btc.rowsRead]).toEqual(['1M', 156]);
    expect(last(btc.series)).toEqual(['2024-12-31T00:00:00.000Z', 96515, 108364, 92092, 93381, 25342.80228337]);
    const eurusd = await load('backtesting.py/backtesting/test/EURUSD.csv');
    expect([eurusd.timeframe, eurusd.rowsRead]).toEqual(['1h', 5000]);
    expect(bar(eurusd.series, 0)[0]).toBe('2017-04-19T09:00:00.000Z');
    expect(last(eurusd.series)[0]).toBe('2018-02-07T15:00:00.000Z');
  });

  it('reads backtrader CSV, including split Date and Time columns', async () => {
    const daily = await load('backtrader/datas/2006-day-001.txt');
    expect([daily.format, daily.timeframe, daily.rowsRead]).toEqual(['csv', '1d', 255]);
    expect(bar(daily.series, 0)).toEqual(['2006-01-02T00:00:00.000Z', 3578.73, 3605.95, 3578.73, 3604.33, 0]);
    expect(last(daily.series)[4], 'the 2006-12-29 close').toBe(4119.94);
    const minutes = await load('backtrader/datas/2006-min-005.txt');
    expect([minutes.timeframe, minutes.rowsRead]).toEqual(['5m', 2142]);
    expect(bar(minutes.series, 0)[0]).toBe('2006-01-02T09:05:00.000Z');
    expect(last(minutes.series)[0]).toBe('2006-01-30T17:30:00.000Z');
    expect((await load('backtrader/datas/2006-week-001.txt')).timeframe).toBe('1w');
    expect((await load('backtrader/datas/2006-month-001.txt')).timeframe).toBe('1M');
  });

  it('maps columns by name or index, and reads headerless files as columns 0-5 by default', async () => {
    const adabtc = 'nautilus_trader/tests/test_data/ADABTC-1m-2021-11-27.csv';
    const generic = await load(adabtc, { format: 'csv' });
    expect(bar(generic.series, 0)).toEqual([
      '2021-11-27T00:00:00.000Z',
      0.00002853,
      0.00002854,
      0.00002851,
      0.00002854,
      36304.2,
    ]);
    const quoteVolume = await load(adabtc, { format: 'csv', columns: { volume: '7' } });
    expect(quoteVolume.series.volume[0], 'column 7 is the quote volume').toBe(1.03547608);
    const renamed = join(temp, 'renamed.csv');
    writeFileSync(renamed, 'When,O,H,L,C,Qty\n2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1.5,2,1,2,20\n');
    const byName = await loadBars({
      path: renamed,
      instrumentId: id,
      columns: { timestamp: 'when', open: 'O', high: 'H', low: 'L', close: 'C', volume: 'qty' },
    });
    expect([byName.timeframe, byName.series.length, byName.series.close[1], byName.series.volume[1]]).toEqual([
      '1d',
      2,
      2,
      20,
    ]);
  });

  it('honours an explicit timestamp format and timeframe', async () => {
    const path = join(temp, 'epoch-seconds.csv');
    writeFileSync(path, 'time,open,high,low,close\n1700000000,1,1,1,1\n1700000060,1,1,1,1\n');
    const loaded = await loadBars({ path, instrumentId: id, timestampFormat: 'epoch-s', timeframe: '1h' });
    expect(loaded.timeframe).toBe('1h');
    expect(loaded.series.timestamp[1]).toBe(1_700_000_060_000);
    expect(loaded.series.volume[0], 'no volume column means volume 0').toBe(0);
  });
});

describe('Yahoo CSV', () => {
  it('reads the 2018 column order (Adj Close before Volume) unadjusted by default', async () => {
    const orcl = await load('backtrader/datas/orcl-1995-2014.txt');
    expect([orcl.format, orcl.timeframe, orcl.rowsRead]).toEqual(['yahoo', '1d', 5036]);
    expect(bar(orcl.series, 0)).toEqual(['1995-01-03T00:00:00.000Z', 2.179012, 2.191358, 2.117284, 2.117284, 36301200]);
    expect(last(orcl.series)).toEqual([
      '2014-12-31T00:00:00.000Z',
      45.450001,
      45.560001,
      44.970001,
      44.970001,
      13269200,
    ]);
    const adjusted = await load('backtrader/datas/orcl-1995-2014.txt', { adjust: true, from: Date.UTC(2014, 11, 31) });
    expect(bar(adjusted.series, 0), 'round(x * 42.303135 / 44.970001, 2)').toEqual([
      '2014-12-31T00:00:00.000Z',
      42.75,
      42.86,
      42.3,
      42.3,
      13269200,
    ]);
  });

  it("adjusts the 2015 file (Volume before Adj Close) like backtrader's Quickstart: 2000-01-03 close 27.85", async () => {
    const path = 'backtrader-065f8ac/datas/orcl-1995-2014.txt';
    const raw = await load(path);
    expect([raw.format, raw.rowsRead]).toEqual(['yahoo', 5036]);
    expect(bar(raw.series, 0)).toEqual(['1995-01-03T00:00:00.000Z', 44.12, 44.38, 42.87, 42.87, 36301200]);
    const day = Date.UTC(2000, 0, 3);
    const adjusted = await load(path, { adjust: true, from: day, to: day + 86_400_000 });
    expect(bar(adjusted.series, 0)).toEqual(['2000-01-03T00:00:00.000Z', 29.38, 29.52, 26.32, 27.85, 98114800]);
    const coarse = await load(path, { adjust: true, priceIncrement: 0.5, from: day, to: day + 86_400_000 });
    expect(bar(coarse.series, 0).slice(1, 5)).toEqual([29.5, 29.5, 26.5, 28]);
    const first = await load(path, { adjust: true, to: Date.UTC(1995, 0, 4) });
    expect(first.series.close[0]).toBe(2);
  });
});

describe('Binance kline CSV', () => {
  it('reads headerless klines with base volume', async () => {
    const day1 = await load('nautilus_trader/tests/test_data/ADABTC-1m-2021-11-27.csv');
    expect([day1.format, day1.timeframe, day1.rowsRead]).toEqual(['binance-kline-csv', '1m', 10]);
    expect(bar(day1.series, 0)).toEqual([
      '2021-11-27T00:00:00.000Z',
      0.00002853,
      0.00002854,
      0.00002851,
      0.00002854,
      36304.2,
    ]);
    expect(last(day1.series)[0]).toBe('2021-11-27T00:09:00.000Z');
    const day2 = await load('nautilus_trader/tests/test_data/ADABTC-1m-2021-11-28.csv');
    expect([day2.rowsRead, last(day2.series)[0]]).toEqual([11, '2021-11-28T00:10:00.000Z']);
  });

  it('reads microsecond open times (Binance spot files since 2025)', async () => {
    const path = join(temp, 'BTCUSDT-1m-2025-01-01.csv');
    const row = (us: number) =>
      `${us},93576.00,93610.93,93537.50,93610.93,8.21827,${us + 59_999_999},768978.6,1688,4.9,458506.7,0`;
    writeFileSync(path, `${row(1735689600000000)}\n${row(1735689660000000)}\n`);
    const loaded = await loadBars({ path, instrumentId: id });
    expect([loaded.format, loaded.timeframe, loaded.series.timestamp[0]]).toEqual([
      'binance-kline-csv',
      '1m',
      1735689600000,
    ]);
  });
});

describe('JSON', () => {
  it('reads freqtrade JSON and gzipped JSON (the 8m file really holds 1-minute bars)', async () => {
    const json = await load('freqtrade/tests/testdata/UNITTEST_BTC-1m.json');
    expect([json.format, json.timeframe, json.rowsRead]).toEqual(['freqtrade-json', '1m', 13681]);
    expect(bar(json.series, 0)).toEqual([
      '2017-11-04T23:02:00.000Z',
      0.00162008,
      0.00162008,
      0.00162008,
      0.00162008,
      108.14853839,
    ]);
    expect(last(json.series)[0]).toBe('2017-11-14T22:59:00.000Z');
    const gz = await load('freqtrade/tests/testdata/UNITTEST_BTC-8m.json.gz');
    expect([gz.format, gz.timeframe, gz.rowsRead]).toEqual(['freqtrade-json', '1m', 13681]);
    expect(gz.series.close).toEqual(json.series.close);
  });

  it('reads Kraken OHLC (epoch seconds, string prices, volume at index 6)', async () => {
    const kraken = await load('nautilus_trader/crates/adapters/kraken/test_data/http_ohlc.json');
    expect([kraken.format, kraken.timeframe, kraken.rowsRead]).toEqual(['kraken-ohlc-json', '1m', 721]);
    expect(kraken.series.timestamp[0]).toBe(1762777020 * 1000);
    expect(bar(kraken.series, 0).slice(1)).toEqual([106038.2, 106038.2, 106038.2, 106038.2, 0]);
    expect(kraken.series.timestamp[720]).toBe(1762820220 * 1000);
    expect(kraken.series.close[720]).toBe(105899.4);
    const traded = kraken.series.volume.findIndex((volume) => volume > 0);
    expect(traded, 'some bars have volume').toBeGreaterThan(0);
  });

  it("reads ccxt fetchOHLCV rows (Bitvavo's parsedResponse)", async () => {
    const bitvavo = JSON.parse(readFileSync(data('ccxt/ts/src/test/static/response/bitvavo.json'), 'utf8'));
    const path = join(temp, 'bitvavo-ohlcv.json');
    writeFileSync(path, JSON.stringify(bitvavo.methods.fetchOHLCV[0].parsedResponse));
    const ccxt = await loadBars({ path, instrumentId: id });
    expect([ccxt.format, ccxt.timeframe, ccxt.rowsRead]).toEqual(['ccxt-ohlcv-json', '1m', 5]);
    expect(bar(ccxt.series, 0)).toEqual(['2023-12-12T04:04:00.000Z', 38743, 38743, 38743, 38743, 0.3114]);
    expect(last(ccxt.series)).toEqual(['2023-12-12T04:08:00.000Z', 38766, 38766, 38766, 38766, 0.00012865]);
  });
});

describe('Feather', () => {
  it('reads LZ4-compressed freqtrade Feather identical to the JSON copy', async () => {
    const feather = await load('freqtrade/tests/testdata/UNITTEST_BTC-1m.feather');
    const json = await load('freqtrade/tests/testdata/UNITTEST_BTC-1m.json');
    expect([feather.format, feather.timeframe, feather.rowsRead]).toEqual(['freqtrade-feather', '1m', 13681]);
    expect(feather.series.timestamp).toEqual(json.series.timestamp);
    // The two copies were written from doubles by different writers; they agree to the last ulp or so.
    for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) {
      let worst = 0;
      for (let i = 0; i < json.series.length; i++) {
        const a = feather.series[column][i];
        const b = json.series[column][i];
        worst = Math.max(worst, Math.abs(a - b) / Math.abs(b || 1));
      }
      expect(worst, `${column}: largest relative difference`).toBeLessThan(1e-12);
    }
  });

  it('reads 5-minute and 8-hour files with their SOURCE.md ranges', async () => {
    const eth = await load('freqtrade/tests/testdata/ETH_BTC-5m.feather');
    expect([eth.timeframe, eth.rowsRead, bar(eth.series, 0)[0], last(eth.series)[0]]).toEqual([
      '5m',
      5760,
      '2018-01-10T04:55:00.000Z',
      '2018-01-30T04:50:00.000Z',
    ]);
    const mark = await load('freqtrade/tests/testdata/futures/XRP_USDT_USDT-8h-mark.feather');
    expect([mark.timeframe, mark.rowsRead, bar(mark.series, 0)[0]]).toEqual(['8h', 91, '2021-11-18T00:00:00.000Z']);
  });
});

describe('tick files given as bars', () => {
  it('refuses a trade CSV and a Parquet file with what they hold, instead of misreading them as bars', async () => {
    const trades = join(temp, 'trades.csv');
    writeFileSync(trades, 'timestamp,price,quantity\n2021-01-08T00:00:00Z,100,1\n2021-01-08T00:00:01Z,101,2\n');
    await expect(loadBars({ path: trades, instrumentId: id })).rejects.toThrow(/trades \(trades-csv\), not bars/);
    const parquet = fileURLToPath(new URL('../../../data/samples/btcusdt-trades.parquet', import.meta.url));
    await expect(loadBars({ path: parquet, instrumentId: id })).rejects.toThrow(/a Parquet file/);
  });
});
