import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBarStore } from '../../../test/replay/memory-bar-store.ts';
import { binanceAdaBtc, bitvavoBtcEur, krakenXbtUsdt } from '../../../test/replay/recorded-venues.ts';
import { recordingSleep, replayExchange } from '../../../test/replay/replay-exchange.ts';
import { type ReplayServer, startReplayServer } from '../../../test/replay/replay-server.ts';
import { VenueError, VenueErrorKind } from '../../adapters/venues/ccxt/index.ts';
import { BackfillStop, backfillBars } from './backfill-bars.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/replay/fixtures');
/** The ADABTC CSV rows as read straight from the files (open time, close): the expected series. */
const csvRows = ['ADABTC-1m-2021-11-27.csv', 'ADABTC-1m-2021-11-28.csv'].flatMap((file) =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number)),
);
const LONG_AFTER_2021 = Date.UTC(2022, 0, 1);

const servers: ReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(...args: Parameters<typeof startReplayServer>): Promise<ReplayServer> {
  const server = await startReplayServer(...args);
  servers.push(server);
  return server;
}

describe('backfillBars against recorded Binance klines', () => {
  it('pages through the recorded series: ceil(21 / 5) pages, one empty request, every bar once', async () => {
    const venue = binanceAdaBtc();
    const server = await serve({ venue });
    const store = new MemoryBarStore();
    const result = await backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: csvRows[0][0],
      store,
      pageLimit: 5,
      now: () => LONG_AFTER_2021,
    });
    expect(csvRows.length, 'the two CSV files hold 10 + 11 rows (SOURCE.md)').toBe(21);
    expect(result.requests, '5 pages of at most 5 bars, then a request that finds nothing newer').toBe(6);
    expect(result.pages).toBe(5);
    expect(result.stop).toBe(BackfillStop.NoNewerBars);
    const stored = await store.readBars({ instrumentId: result.instrumentId, timeframe: '1m' });
    expect(Array.from(stored.timestamp), 'open times as in the CSV files, across the day gap').toEqual(
      csvRows.map((r) => r[0]),
    );
    expect(Array.from(stored.close), 'closes as in the CSV files').toEqual(csvRows.map((r) => r[4]));
    expect(Array.from(stored.volume), 'base volume as in the CSV files').toEqual(csvRows.map((r) => r[5]));
    const starts = server.requests.map((r) => Number(r.query.startTime));
    expect(starts.slice(1), 'each request starts one minute after the last bar stored: no overlap').toEqual(
      [4, 9, 14, 19, 20].map((i) => csvRows[i][0] + 60_000),
    );
    expect(
      store.writes.every((w) => w.replaced === 0),
      'no write replaced a stored bar',
    ).toBe(true);
  });

  it('resumes an interrupted run after the last stored bar and ends with what an uninterrupted run stores', async () => {
    const venue = binanceAdaBtc();
    const server = await serve({ venue });
    const exchange = replayExchange(venue, server);
    const store = new MemoryBarStore();
    const options = {
      exchange,
      symbol: venue.symbol,
      timeframe: '1m',
      since: csvRows[0][0],
      store,
      pageLimit: 5,
      now: () => LONG_AFTER_2021,
    };
    await expect(
      backfillBars({
        ...options,
        onProgress: (progress) => {
          if (progress.pages === 2) throw new Error('killed after two pages');
        },
      }),
      'the injected failure ends the first run',
    ).rejects.toThrow('killed after two pages');
    expect(store.writes.length, 'two pages were stored before the kill').toBe(2);
    const firstRunRequests = server.requests.length;
    const resumed = await backfillBars(options);
    expect(resumed.resumedAfter, 'the rerun starts after the 10th bar').toBe(csvRows[9][0]);
    expect(
      Number(server.requests[firstRunRequests].query.startTime),
      'the rerun asks from one minute after the last stored bar',
    ).toBe(csvRows[9][0] + 60_000);
    expect(resumed.barsWritten, 'the rerun writes only the 11 missing bars').toBe(11);
    expect(
      store.writes.every((w) => w.replaced === 0),
      'no bar was written twice',
    ).toBe(true);

    const reference = new MemoryBarStore();
    await backfillBars({ ...options, store: reference });
    const a = await store.readBars({ instrumentId: resumed.instrumentId, timeframe: '1m' });
    const b = await reference.readBars({ instrumentId: resumed.instrumentId, timeframe: '1m' });
    expect({ ...a, timestamp: Array.from(a.timestamp), close: Array.from(a.close), open: Array.from(a.open) }).toEqual({
      ...b,
      timestamp: Array.from(b.timestamp),
      close: Array.from(b.close),
      open: Array.from(b.open),
    });
  });

  it('waits exactly the Retry-After a 429 (seconds) or a 418 (HTTP date) asks for', async () => {
    const venue = binanceAdaBtc();
    const server = await serve({ venue });
    server.failRequests({ kind: 'status', status: 429, retryAfter: '3' }, 2);
    server.failRequests({ kind: 'status', status: 418, retryAfter: new Date(LONG_AFTER_2021 + 7000).toUTCString() }, 4);
    const { sleep, waits } = recordingSleep();
    const store = new MemoryBarStore();
    const result = await backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: csvRows[0][0],
      store,
      pageLimit: 5,
      now: () => LONG_AFTER_2021,
      sleep,
    });
    expect(waits, 'Retry-After: 3 → 3000 ms; an HTTP date 7 s after now → 7000 ms').toEqual([3000, 7000]);
    expect(result.retries).toBe(2);
    expect(result.barsWritten, 'all 21 bars arrive despite the rate limits').toBe(21);
    expect(server.requests[2].query.startTime, 'the rate-limited request is sent again unchanged').toBe(
      server.requests[1].query.startTime,
    );
  });

  it('retries a dropped connection, a 503 and a stalled request with jittered exponential backoff', async () => {
    const venue = binanceAdaBtc();
    const server = await serve({ venue });
    server.failRequests({ kind: 'drop' }, 2);
    server.failRequests({ kind: 'status', status: 503 }, 3);
    server.failRequests({ kind: 'stall' }, 4);
    const { sleep, waits } = recordingSleep();
    const store = new MemoryBarStore();
    const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
    const result = await backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: csvRows[0][0],
      store,
      pageLimit: 5,
      now: () => LONG_AFTER_2021,
      sleep,
      retryPolicy: policy,
      seed: 42,
    });
    expect(waits.length, 'three failures, three waits').toBe(3);
    waits.forEach((wait, k) => {
      const ceiling = 1000 * 2 ** k;
      expect(
        wait,
        `backoff ${k + 1} lies in [ceiling/2, ceiling] = [${ceiling / 2}, ${ceiling}]`,
      ).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThanOrEqual(ceiling);
    });
    expect(result.barsWritten, 'every bar arrives once').toBe(21);
    expect(
      store.writes.every((w) => w.replaced === 0),
      'no duplicates',
    ).toBe(true);
  });

  it('surfaces an unknown symbol at once as a permanent error naming the venue', async () => {
    const venue = binanceAdaBtc();
    const server = await serve({ venue });
    server.failAll({ kind: 'unknown-symbol' });
    const failure = backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: csvRows[0][0],
      store: new MemoryBarStore(),
      now: () => LONG_AFTER_2021,
      sleep: recordingSleep().sleep,
    });
    await expect(failure).rejects.toBeInstanceOf(VenueError);
    await expect(failure).rejects.toMatchObject({ kind: VenueErrorKind.Permanent, venue: 'binance' });
    await expect(failure).rejects.toThrow(/binance: unknown symbol: .*Invalid symbol/);
    expect(server.requests.length, 'a permanent error is never retried').toBe(1);
  });

  it('gives up after the last attempt when the venue stays down', async () => {
    const venue = binanceAdaBtc();
    const server = await serve({ venue });
    server.failAll({ kind: 'status', status: 502 });
    const failure = backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: csvRows[0][0],
      store: new MemoryBarStore(),
      now: () => LONG_AFTER_2021,
      sleep: recordingSleep().sleep,
      retryPolicy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    });
    await expect(failure).rejects.toThrow(/gave up after 3 attempts: binance: venue unavailable/);
    expect(server.requests.length).toBe(3);
  });
});

describe('backfillBars against the recorded Kraken OHLC response', () => {
  it('stores the 720 committed bars and drops the still-forming last one (Kraken marks it with `last`)', async () => {
    const venue = krakenXbtUsdt();
    const server = await serve({ venue });
    const lastOpen = venue.candles[venue.candles.length - 1].openTime;
    const store = new MemoryBarStore();
    const result = await backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: venue.candles[0].openTime,
      store,
      pageLimit: 100,
      now: () => lastOpen + 30_000,
    });
    expect(venue.candles.length, 'SOURCE.md: 721 bars').toBe(721);
    expect(result.barsWritten).toBe(720);
    expect(result.last, "Kraken's own `last` (the newest committed bar)").toBe(venue.last * 1000);
    expect(result.requests, '721 candles at 100 per request: the 8th page ends at the forming candle').toBe(8);
    expect(result.stop).toBe(BackfillStop.CaughtUp);
    expect(result.instrumentId).toBe('BTC/USDT.KRAKEN');
  });

  it('stops at `until` (exclusive)', async () => {
    const venue = krakenXbtUsdt();
    const server = await serve({ venue });
    const store = new MemoryBarStore();
    const result = await backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: venue.candles[0].openTime,
      until: venue.candles[150].openTime,
      store,
      pageLimit: 100,
      now: () => Date.UTC(2026, 0, 1),
    });
    expect(result.barsWritten, 'bars 0..149').toBe(150);
    expect(result.stop).toBe(BackfillStop.Until);
    expect(result.requests, 'the second page reaches until: no third request').toBe(2);
  });
});

describe('backfillBars against the recorded Bitvavo candles (newest first on the wire)', () => {
  it('stores the five candles in ascending order over pages of two', async () => {
    const venue = bitvavoBtcEur();
    const server = await serve({ venue });
    const store = new MemoryBarStore();
    const result = await backfillBars({
      exchange: replayExchange(venue, server),
      symbol: venue.symbol,
      timeframe: '1m',
      since: 1702353840000,
      store,
      pageLimit: 2,
      now: () => Date.UTC(2024, 0, 1),
    });
    const stored = await store.readBars({ instrumentId: result.instrumentId, timeframe: '1m' });
    expect(Array.from(stored.timestamp), 'SOURCE.md: 04:04 to 04:08 UTC').toEqual([
      1702353840000, 1702353900000, 1702353960000, 1702354020000, 1702354080000,
    ]);
    expect(Array.from(stored.close), 'closes of the recorded rows').toEqual([38743, 38766, 38756, 38761, 38766]);
    expect(result.requests, 'pages of 2, 2, 1, then nothing newer').toBe(4);
  });
});
