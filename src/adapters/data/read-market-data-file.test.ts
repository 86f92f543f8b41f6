import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataFileError } from './data-file-error.ts';
import { readMarketDataFile } from './read-market-data-file.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const iso = (ms: number): string => new Date(ms).toISOString();

/** Every file under shared/data except the SOURCE.md / README.md documents. */
function sharedFiles(dir = SHARED): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sharedFiles(path);
    return name.endsWith('.md') ? [] : [relative(SHARED, path)];
  });
}

type Kind = 'bars' | 'trades' | 'quotes';
/** [path, kind, rows taken, rows skipped, first, last] — counts and ranges from each folder's SOURCE.md. */
type Expectation = readonly [string, Kind, number, number, string?, string?];

const BT = 'backtrader/datas/';
const FT = 'freqtrade/tests/testdata/';
const NT = 'nautilus_trader/tests/test_data/';
const KR = 'nautilus_trader/crates/adapters/kraken/test_data/';
const BN = 'nautilus_trader/crates/adapters/binance/test_data/spot/http_json/';

const IMPORTED: readonly Expectation[] = [
  ['backtesting.py/backtesting/test/GOOG.csv', 'bars', 2148, 0, '2004-08-19', '2013-03-01'],
  ['backtesting.py/backtesting/test/BTCUSD.csv', 'bars', 156, 0, '2012-01-31', '2024-12-31'],
  ['backtesting.py/backtesting/test/EURUSD.csv', 'bars', 5000, 0, '2017-04-19T09:00', '2018-02-07T15:00'],
  ['backtrader-065f8ac/datas/orcl-1995-2014.txt', 'bars', 5036, 0, '1995-01-03', '2014-12-31'],
  [`${BT}orcl-1995-2014.txt`, 'bars', 5036, 0, '1995-01-03', '2014-12-31'],
  [`${BT}orcl-2003-2005.txt`, 'bars', 756, 0, '2003-01-02', '2005-12-30'],
  [`${BT}orcl-2014.txt`, 'bars', 252, 0, '2014-01-02', '2014-12-31'],
  [`${BT}yhoo-1996-2014.txt`, 'bars', 4713, 0, '1996-04-12', '2014-12-31'],
  [`${BT}yhoo-1996-2015.txt`, 'bars', 4965, 0, '1996-04-12', '2015-12-31'],
  [`${BT}yhoo-2003-2005.txt`, 'bars', 756, 0, '2003-01-02', '2005-12-30'],
  [`${BT}yhoo-2014.txt`, 'bars', 252, 0, '2014-01-02', '2014-12-31'],
  [`${BT}nvda-1999-2014.txt`, 'bars', 4012, 0, '1999-01-22', '2014-12-31'],
  [`${BT}nvda-2014.txt`, 'bars', 252, 0, '2014-01-02', '2014-12-31'],
  [`${BT}2006-day-001.txt`, 'bars', 255, 0, '2006-01-02', '2006-12-29'],
  [`${BT}2006-day-001-optix.txt`, 'bars', 255, 0, '2006-01-02', '2006-12-29'],
  [`${BT}2006-day-002.txt`, 'bars', 129, 0, '2006-01-03', '2006-12-29'],
  [`${BT}2005-2006-day-001.txt`, 'bars', 512, 0, '2005-01-03', '2006-12-29'],
  [`${BT}2006-week-001.txt`, 'bars', 52, 0, '2006-01-06', '2006-12-29'],
  [`${BT}2006-week-002.txt`, 'bars', 26, 0, '2006-01-13', '2006-12-29'],
  [`${BT}2006-month-001.txt`, 'bars', 12, 0, '2006-01-31', '2006-12-29'],
  [`${BT}2006-volume-day-001.txt`, 'bars', 255, 0, '2006-01-02', '2006-12-29'],
  [`${BT}2006-min-005.txt`, 'bars', 2142, 0, '2006-01-02T09:05', '2006-01-30T17:30'],
  // SOURCE.md: rows have 8 fields, the header names 7 (no Time column): the Time column is named.
  [`${BT}2006-01-02-volume-min-001.txt`, 'bars', 30889, 0, '2006-01-02T09:01', '2006-02-27T22:00'],
  // 135 tick rows, one repeating the previous row's millisecond (a bar series must be strictly ascending).
  [`${BT}ticksample.csv`, 'bars', 134, 1, '2015-09-23T20:57:42.146', '2015-09-23T21:00:00.238'],
  [`${BT}bidask.csv`, 'quotes', 10, 0, '2010-02-03T16:53:50', '2010-02-03T16:53:59'],
  // Header of 7 names over 8-field rows, and one-sided dealt prices (empty bid): all 10 reported.
  [`${BT}bidask2.csv`, 'quotes', 0, 10],
  ['ccxt/ts/src/test/static/response/bitvavo.json', 'bars', 5, 0, '2023-12-12T04:04', '2023-12-12T04:08'],
  [`${FT}UNITTEST_BTC-1m.json`, 'bars', 13681, 0, '2017-11-04T23:02', '2017-11-14T22:59'],
  [`${FT}UNITTEST_BTC-1m.feather`, 'bars', 13681, 0, '2017-11-04T23:02', '2017-11-14T22:59'],
  [`${FT}UNITTEST_BTC-8m.json.gz`, 'bars', 13681, 0, '2017-11-04T23:02', '2017-11-14T22:59'],
  [`${FT}UNITTEST_BTC-5m.feather`, 'bars', 5760, 0, '2018-01-10T04:55', '2018-01-30T04:50'],
  [`${FT}UNITTEST_BTC-30m.feather`, 'bars', 1920, 0, '2017-12-03T13:00', '2018-01-12T12:30'],
  [`${FT}ETH_BTC-5m.feather`, 'bars', 5760, 0, '2018-01-10T04:55', '2018-01-30T04:50'],
  [`${FT}LTC_BTC-5m.feather`, 'bars', 5760, 0, '2018-01-10T04:55', '2018-01-30T04:50'],
  [`${FT}NXT_BTC-5m.feather`, 'bars', 5760, 0, '2018-01-10T04:55', '2018-01-30T04:50'],
  [`${FT}XLM_BTC-5m.feather`, 'bars', 5760, 0, '2018-01-10T04:55', '2018-01-30T04:50'],
  [`${FT}ETC_BTC-5m.feather`, 'bars', 5759, 0, '2018-01-10T04:55', '2018-01-30T04:45'],
  [`${FT}DASH_BTC-5m.feather`, 'bars', 5758, 0, undefined, '2018-01-30T04:50'],
  [`${FT}XMR_BTC-5m.feather`, 'bars', 5758, 0],
  [`${FT}ZEC_BTC-5m.feather`, 'bars', 5757, 0, undefined, '2018-01-30T04:45'],
  [`${FT}TRX_BTC-5m.feather`, 'bars', 5754, 0],
  [`${FT}ADA_BTC-5m.feather`, 'bars', 5720, 0],
  [`${FT}XRP_ETH-1m.feather`, 'bars', 2469, 0, '2019-10-11T00:00', '2019-10-13T11:19'],
  [`${FT}XRP_ETH-5m.feather`, 'bars', 706, 0, '2019-10-11T00:00', '2019-10-13T11:15'],
  [`${FT}orderflow/candles.json`, 'bars', 10999, 0, '2023-01-02T16:45', '2023-02-09T21:15'],
  [`${FT}futures/XRP_USDT_USDT-5m-futures.feather`, 'bars', 1999, 0, '2021-11-15T00:00', '2021-11-21T22:30'],
  [`${FT}futures/XRP_USDT_USDT-1h-futures.feather`, 'bars', 100, 0, '2021-11-17T01:00', '2021-11-21T04:00'],
  [`${FT}futures/XRP_USDT_USDT-1h-mark.feather`, 'bars', 100, 0, '2021-11-15T06:00', '2021-11-19T09:00'],
  [`${FT}futures/XRP_USDT_USDT-8h-mark.feather`, 'bars', 91, 0, '2021-11-18T00:00', '2021-12-18T00:00'],
  [`${FT}futures/UNITTEST_USDT_USDT-1h-mark.feather`, 'bars', 100, 0, '2021-11-15T07:00', '2021-11-19T10:00'],
  [`${FT}XRP_ETH-trades.feather`, 'trades', 12477, 0, '2019-10-11T00:00:11.620', '2019-10-13T11:19:28.844'],
  [`${FT}XRP_ETH-trades.json.gz`, 'trades', 12477, 0, '2019-10-11T00:00:11.620', '2019-10-13T11:19:28.844'],
  [`${FT}XRP_OLD-trades.json.gz`, 'trades', 12477, 0, '2019-10-11T00:00:11.620', '2019-10-13T11:19:28.844'],
  [`${FT}orderflow/public_trades_list.csv`, 'trades', 1000, 0, '2023-02-02T09:20:00.138', '2023-02-02T09:23:27.493'],
  // 7 rows, hand-checked: ids 1588563959 and 1588563960 appear twice (lines 7 and 8 repeat lines 4 and 5).
  [`${FT}orderflow/public_trades_list_simple_example.csv`, 'trades', 5, 2, '2023-02-02T04:10:00.092'],
  [`${FT}kraken/trades_csv/BCHEUR.csv`, 'trades', 148, 0, '2023-01-01'],
  [`${FT}kraken/trades_csv/incremental_q2/BCHEUR.csv`, 'trades', 486, 0, '2023-01-02'],
  [`${NT}btc-perp-20211231-20220201_1m.csv`, 'bars', 45031, 0, '2021-12-31T23:01', '2022-02-01T05:31'],
  [`${NT}ADABTC-1m-2021-11-27.csv`, 'bars', 10, 0, '2021-11-27T00:00', '2021-11-27T00:09'],
  [`${NT}ADABTC-1m-2021-11-28.csv`, 'bars', 11, 0, '2021-11-28T00:00', '2021-11-28T00:10'],
  [`${NT}binance/btcusdt-trades.parquet`, 'trades', 2001, 0, '2021-01-08T00:00:00.278', '2021-01-08T00:00:46.355'],
  [`${NT}binance/btcusdt-quotes.parquet`, 'quotes', 451, 0, '2021-01-08T00:00:01.076', '2021-01-08T00:00:46.674'],
  // SOURCE.md: "10–15 rows each"; these two have 10 data lines under the header.
  [`${NT}tardis/bitmex_trades_XBTUSD.csv`, 'trades', 10, 0, '2020-03-01T00:00:03.145'],
  [`${NT}tardis/huobi-dm-swap_quotes_BTC-USD.csv`, 'quotes', 10, 0, '2020-05-01T00:00:01.099'],
  [`${KR}http_ohlc.json`, 'bars', 721, 0, iso(1762777020_000), iso(1762820220_000)],
  [`${KR}http_trades.json`, 'trades', 1000, 0, '2025-11-10T17:23:53', '2025-11-11T00:13:55'],
  // The Binance API documentation's own examples (SOURCE.md §7): the market-data shapes import.
  [`${BN}klines_response.json`, 'bars', 1, 0, iso(1499040000000)],
  [`${BN}trades_response.json`, 'trades', 1, 0, iso(1499865549590)],
  ['ta-lib/ta_regtest_daily_ref.csv', 'bars', 252, 0, '2000-01-03'],
];

/** Files refused as a whole, each with the reason the refusal must give. */
const REFUSED: ReadonlyArray<readonly [string, RegExp]> = [
  [`${NT}binance/btcusdt-depth-snap.csv`, /order-book data/],
  [`${NT}binance/btcusdt-depth-update.csv`, /order-book data/],
  [`${NT}tardis/binance-futures_book_snapshot_25_BTCUSDT.csv`, /order-book data/],
  [`${NT}tardis/binance-futures_book_snapshot_5_BTCUSDT.csv`, /order-book data/],
  [`${NT}tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv`, /order-book data/],
  [`${NT}bybit/xrpusdt-ob500.data.zip`, /zip archive/],
  [`${FT}futures/XRP_USDT_USDT-8h-funding_rate.feather`, /funding-rate/],
];

/**
 * Not market data (SOURCE.md §7: "FORMAT samples, NOT market data"): Binance and Bybit account,
 * order, balance, exchange-info and WebSocket payload fixtures, and Bybit v5 REST shapes with
 * illustrative values. They are refused as unrecognised layouts; only the two Binance REST market
 * shapes above are imported.
 */
const NOT_MARKET_DATA = /nautilus_trader\/crates\/adapters\/(binance|bybit)\/test_data\//;

const start = (value: string | undefined, ms: number): void => {
  if (value !== undefined) expect(iso(ms).startsWith(value), `${iso(ms)} starts with ${value}`).toBe(true);
};

describe('readMarketDataFile over every file in shared/data', () => {
  it('accounts for every file: imported, refused with a reason, or a stated non-market fixture', () => {
    const listed = new Set([...IMPORTED.map(([path]) => path), ...REFUSED.map(([path]) => path)]);
    const unaccounted = sharedFiles().filter((path) => !listed.has(path) && !NOT_MARKET_DATA.test(path));
    expect(unaccounted, 'every shared file is in one of the lists').toEqual([]);
  });

  it.each(IMPORTED)('%s: %s, %i taken, %i skipped', async (...entry) => {
    const [path, kind, taken, skipped, first, last] = entry as unknown as Expectation;
    const read = await readMarketDataFile({
      path: join(SHARED, path),
      timestampFormat: path.includes('bidask') ? 'mdy' : 'auto',
    });
    expect(read.data.kind, 'kind').toBe(kind);
    expect(read.data.columns.length, `rows taken; first rejection: ${read.quarantine[0]?.reason}`).toBe(taken);
    expect(read.quarantine.length, 'rows skipped').toBe(skipped);
    expect(read.rowsRead, 'read = taken + skipped').toBe(taken + skipped);
    const stamps = read.data.columns.timestamp;
    if (taken > 0) {
      start(first, stamps[0]);
      start(last, stamps[taken - 1]);
    }
    for (const entry of read.quarantine) {
      expect(entry.file).toBe(join(SHARED, path));
      expect(entry.line ?? entry.row, 'every skipped row has a place').toBeTypeOf('number');
      expect(entry.reason.length).toBeGreaterThan(0);
    }
  });

  it.each(REFUSED)('%s is refused: %s', async (path, reason) => {
    const error = await readMarketDataFile({ path: join(SHARED, path) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).message).toMatch(reason);
  });

  it('non-market fixtures are refused as such, never read as data', async () => {
    const fixtures = sharedFiles().filter(
      (path) => NOT_MARKET_DATA.test(path) && !IMPORTED.some(([imported]) => imported === path),
    );
    expect(fixtures.length, 'Binance + Bybit payload fixtures').toBeGreaterThan(60);
    for (const path of fixtures) {
      const error = await readMarketDataFile({ path: join(SHARED, path) }).catch((caught: unknown) => caught);
      expect(error, path).toBeInstanceOf(DataFileError);
    }
  });

  it('reads sides, ids and sizes as the sources state them', async () => {
    const binance = await readMarketDataFile({ path: join(SHARED, `${NT}binance/btcusdt-trades.parquet`) });
    if (binance.data.kind !== 'trades') throw new Error('trades expected');
    const { aggressor, tradeId } = binance.data.columns;
    const sellers = aggressor.filter((side) => side === -1).length;
    expect(sellers, 'SOURCE.md: 914 buyer_maker "True" rows are seller-initiated').toBe(914);
    expect(aggressor.length - sellers, '1087 buyer-initiated').toBe(1087);
    expect([tradeId[0], tradeId[2000]]).toEqual(['553287559', '553289559']);
    const kraken = await readMarketDataFile({ path: join(SHARED, `${KR}http_trades.json`) });
    if (kraken.data.kind !== 'trades') throw new Error('trades expected');
    expect([kraken.data.columns.tradeId[0], kraken.data.columns.tradeId[999]]).toEqual(['10218208', '10219207']);
    expect(kraken.data.columns.price[0], 'first Kraken print "105433.60000"').toBe(105433.6);
    expect(kraken.data.columns.timestamp[0], '1762795433.9717445 s truncated to the ms').toBe(1762795433971);
    expect(kraken.hints).toEqual({ symbol: 'XBTUSDT', venue: 'KRAKEN', timeframe: undefined });
  });
});
