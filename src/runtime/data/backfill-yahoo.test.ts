import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBarStore } from '../../../test/replay/memory-bar-store.ts';
import { recordingSleep } from '../../../test/replay/replay-exchange.ts';
import {
  dateMillis,
  ORCL_CSV,
  readRecordedDailyBars,
  startYahooReplayServer,
  type YahooReplayServer,
} from '../../../test/replay/yahoo-replay.ts';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { VenueError, VenueErrorKind } from '../../adapters/venues/ccxt/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { BackfillStop } from './backfill-bars.ts';
import { backfillYahoo } from './backfill-yahoo.ts';

const ORCL = instrumentId('ORCL', 'YAHOO');
const FROM = dateMillis('2010-01-01');
const TO = dateMillis('2015-01-01');
const LATER = dateMillis('2020-01-01');
/** NYSE sessions per year, 2010–2014 (2012 lost Oct 29–30 to Hurricane Sandy). */
const NYSE_DAYS_2010_2014 = 252 + 252 + 250 + 252 + 252;

const servers: YahooReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(nullDates: string[] = []): Promise<YahooReplayServer> {
  const server = await startYahooReplayServer({ series: { ORCL: readRecordedDailyBars(ORCL_CSV) }, nullDates });
  servers.push(server);
  return server;
}
const csvRange = (adjust = false) => loadBars({ path: ORCL_CSV, instrumentId: ORCL, from: FROM, to: TO, adjust });

describe('backfillYahoo against the ORCL chart replay', () => {
  it('stores 2010–2014 into the Parquet catalog exactly as loadBars reads the same CSV range', async () => {
    const server = await serve();
    const catalog = await ParquetCatalog.open(mkdtempSync(join(tmpdir(), 'tradewind-yahoo-')));
    try {
      const result = await backfillYahoo({
        symbol: 'ORCL',
        since: FROM,
        until: TO,
        store: catalog,
        client: { baseUrl: server.url },
        now: () => LATER,
      });
      const expected = (await csvRange()).series;
      expect(expected.length, 'the CSV holds every NYSE session of 2010–2014').toBe(NYSE_DAYS_2010_2014);
      expect(result.barsWritten).toBe(NYSE_DAYS_2010_2014);
      expect(result.requests, 'five 366-day windows cover 1,826 days').toBe(5);
      expect(result.stop).toBe(BackfillStop.Until);
      expect(result.quarantined).toEqual([]);
      const stored = await catalog.readBars({ instrumentId: ORCL, timeframe: '1d' });
      for (const field of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const)
        expect(Array.from(stored[field]), `${field}: the catalog holds the CSV's values`).toEqual(
          Array.from(expected[field]),
        );
      expect(result.gaps, 'no NYSE trading day is missing').toMatchObject({
        calendar: 'nyse',
        expectedDays: NYSE_DAYS_2010_2014,
        missingDays: 0,
      });
    } finally {
      catalog.close();
    }
  });

  it('adjusts prices by adjclose / close as the Yahoo CSV importer does', async () => {
    const server = await serve();
    const store = new MemoryBarStore();
    const result = await backfillYahoo({
      symbol: 'ORCL',
      since: FROM,
      until: TO,
      store,
      adjust: true,
      client: { baseUrl: server.url },
      now: () => LATER,
    });
    const stored = await store.readBars({ instrumentId: result.instrumentId, timeframe: '1d' });
    const expected = (await csvRange(true)).series;
    expect(Array.from(stored.close), 'adjusted closes').toEqual(Array.from(expected.close));
    expect(Array.from(stored.open), 'adjusted opens').toEqual(Array.from(expected.open));
    expect(stored.close[0], 'the adjusted close is below the raw one (dividends since 2010)').toBeLessThan(
      (await csvRange()).series.close[0],
    );
  });

  it('resumes an interrupted run after the last stored bar, without duplicates', async () => {
    const server = await serve();
    const store = new MemoryBarStore();
    const common = {
      symbol: 'ORCL',
      since: FROM,
      until: TO,
      store,
      client: { baseUrl: server.url },
      now: () => LATER,
      ...recordingSleep(),
    };
    server.failRequests({ kind: 'status', status: 503 }, 3, 4);
    const failed = backfillYahoo({ ...common, retryPolicy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    await expect(failed, 'the third window fails twice: retries exhausted').rejects.toMatchObject({
      kind: VenueErrorKind.Retryable,
    });
    const firstRunLast = await store.lastTimestamp(ORCL, '1d');
    expect(firstRunLast, 'two windows were stored before the failure').toBe(dateMillis('2011-12-30'));
    const second = await backfillYahoo(common);
    expect(second.resumedAfter).toBe(firstRunLast);
    expect(Number(server.requests[4].query.period1) * 1000, 'asks from the next day (less the one-day margin)').toBe(
      dateMillis('2011-12-31') - 86_400_000,
    );
    expect(
      store.writes.every((w) => w.replaced === 0),
      'no bar was written twice',
    ).toBe(true);
    const stored = await store.readBars({ instrumentId: ORCL, timeframe: '1d' });
    expect(Array.from(stored.timestamp)).toEqual(Array.from((await csvRange()).series.timestamp));
    expect(second.gaps.missingDays).toBe(0);
  });

  it("waits Yahoo's Retry-After on a 429 and backs off on 503, through the injected sleep", async () => {
    const server = await serve();
    const { sleep, waits } = recordingSleep();
    server.failRequests({ kind: 'status', status: 429, retryAfter: '7' }, 1);
    server.failRequests({ kind: 'status', status: 503 }, 2);
    const result = await backfillYahoo({
      symbol: 'ORCL',
      since: FROM,
      until: dateMillis('2010-03-01'),
      store: new MemoryBarStore(),
      client: { baseUrl: server.url },
      now: () => LATER,
      sleep,
      random: () => 0.5,
    });
    expect(waits[0], 'Retry-After: 7 → 7,000 ms').toBe(7000);
    expect(waits[1], 'second attempt failed with 503: backoff 1 s · 2 = 2 s, equal jitter at 0.5 → 1,500 ms').toBe(
      1500,
    );
    expect(result.retries).toBe(2);
    expect(result.barsWritten, 'Jan + Feb 2010: 19 + 19 sessions').toBe(38);
  });

  it('quarantines a day Yahoo sends as nulls, never inventing it, and the gap check names it', async () => {
    const server = await serve(['2012-06-15']);
    const store = new MemoryBarStore();
    const result = await backfillYahoo({
      symbol: 'ORCL',
      since: dateMillis('2012-06-01'),
      until: dateMillis('2012-07-01'),
      store,
      client: { baseUrl: server.url },
      now: () => LATER,
    });
    expect(result.quarantined).toEqual([
      expect.objectContaining({ date: '2012-06-15', field: 'open', reason: expect.stringMatching(/null open/) }),
    ]);
    expect(result.barsWritten, 'June 2012 had 21 NYSE sessions, one of them null').toBe(20);
    expect(result.gaps.missing).toEqual(['2012-06-15']);
  });

  it('fails at once on an unknown symbol (permanent, not retried)', async () => {
    const server = await serve();
    const failed = backfillYahoo({
      symbol: 'NOSUCH',
      since: FROM,
      store: new MemoryBarStore(),
      client: { baseUrl: server.url },
      now: () => LATER,
    });
    await expect(failed).rejects.toBeInstanceOf(VenueError);
    await expect(failed).rejects.toMatchObject({ kind: VenueErrorKind.Permanent, message: /unknown symbol 'NOSUCH'/ });
    expect(server.requests.length).toBe(1);
  });

  it("never stores today's forming bar", async () => {
    const server = await serve();
    const store = new MemoryBarStore();
    const result = await backfillYahoo({
      symbol: 'ORCL',
      since: dateMillis('2014-12-01'),
      store,
      client: { baseUrl: server.url },
      now: () => dateMillis('2014-12-31') + 15 * 3_600_000,
    });
    expect(result.stop).toBe(BackfillStop.CaughtUp);
    expect(result.last, "the 30th is the last complete day; the 31st's session is under way").toBe(
      dateMillis('2014-12-30'),
    );
    expect(result.gaps.missingDays).toBe(0);
  });
});
