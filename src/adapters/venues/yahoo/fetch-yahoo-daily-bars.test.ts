import { afterEach, describe, expect, it } from 'vitest';
import {
  newYorkOpenSeconds,
  ORCL_CSV,
  readRecordedDailyBars,
  startYahooReplayServer,
  type YahooReplayServer,
} from '../../../../test/replay/yahoo-replay.ts';
import { VenueErrorKind } from '../ccxt/venue-error.ts';
import { fetchYahooDailyBars } from './fetch-yahoo-daily-bars.ts';
import { yahooTradingDate } from './yahoo-trading-date.ts';

const servers: YahooReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('yahooTradingDate', () => {
  it('reads the date in the exchange zone, whatever the UTC date of the open', () => {
    // Sydney opens 10:00 AEDT = 23:00 UTC the day before; Tokyo 09:00 JST = 00:00 UTC the same day.
    const sydneyOpen = Date.UTC(2014, 0, 5, 23, 0) / 1000;
    expect(yahooTradingDate(sydneyOpen, 'Australia/Sydney', 39_600)).toEqual({
      date: '2014-01-06',
      millis: Date.UTC(2014, 0, 6),
    });
    expect(yahooTradingDate(Date.UTC(2014, 0, 6, 0, 0) / 1000, 'Asia/Tokyo', 32_400).date).toBe('2014-01-06');
    expect(yahooTradingDate(newYorkOpenSeconds('2012-07-02'), 'America/New_York', -18_000).date).toBe('2012-07-02');
    expect(yahooTradingDate(sydneyOpen, undefined, 39_600).date, 'gmtoffset when no zone is named').toBe('2014-01-06');
  });
});

describe('fetchYahooDailyBars', () => {
  it('turns a body cut mid-way into a retryable error, and 400s into permanent ones', async () => {
    const server = await startYahooReplayServer({ series: { ORCL: readRecordedDailyBars(ORCL_CSV) } });
    servers.push(server);
    const request = { symbol: 'ORCL', from: Date.UTC(2010, 0, 1), to: Date.UTC(2010, 1, 1) };
    server.failRequests({ kind: 'drop' }, 1);
    server.failRequests({ kind: 'status', status: 400 }, 2);
    await expect(fetchYahooDailyBars(request, { baseUrl: server.url })).rejects.toMatchObject({
      kind: VenueErrorKind.Retryable,
    });
    await expect(fetchYahooDailyBars(request, { baseUrl: server.url })).rejects.toMatchObject({
      kind: VenueErrorKind.Permanent,
      message: /request rejected: HTTP 400/,
    });
    const bars = await fetchYahooDailyBars(request, { baseUrl: server.url });
    expect(bars.timestamp.length, 'January 2010: 19 NYSE sessions').toBe(19);
    expect(bars.exchangeTimezoneName).toBe('America/New_York');
    expect(server.requests[2].query, 'the query Yahoo documents, with a day of margin each side').toMatchObject({
      interval: '1d',
      events: 'div,splits',
      period1: String(Date.UTC(2009, 11, 31) / 1000),
      period2: String(Date.UTC(2010, 1, 2) / 1000),
    });
  });
});
