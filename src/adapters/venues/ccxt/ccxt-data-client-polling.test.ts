import { afterEach, describe, expect, it } from 'vitest';
import { ManualTimers, waitFor } from '../../../../test/replay/manual-timers.ts';
import { binanceStreamMarket, recordedBinanceTrades } from '../../../../test/replay/recorded-streams.ts';
import { binanceAdaBtc, recordedMarket } from '../../../../test/replay/recorded-venues.ts';
import { RecordingSink } from '../../../../test/replay/recording-sink.ts';
import { startReplayServer } from '../../../../test/replay/replay-server.ts';
import { startWsReplayServer } from '../../../../test/replay/ws-replay-server.ts';
import { instrumentId } from '../../../core/model/ids.ts';
import { CcxtDataClient } from './ccxt-data-client.ts';
import { createCcxtProExchange } from './create-ccxt-pro-exchange.ts';

const BTCUSDT = { symbol: 'BTC/USDT', marketId: 'BTCUSDT', base: 'BTC', quote: 'USDT' } as const;
const POLL_MS = 2000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('CcxtDataClient trade polling on a Binance REST replay', () => {
  it('polls all 2,001 recorded BTCUSDT trades over aggTrades after refused handshakes, in order, none twice', async () => {
    const recorded = await recordedBinanceTrades();
    expect(recorded.length, 'SOURCE.md: 2001 trades').toBe(2001);
    const first = recorded[0].timestamp;
    const last = recorded[recorded.length - 1].timestamp;
    const timers = new ManualTimers(first - 1000);
    const ws = await startWsReplayServer({ streams: {} });
    cleanups.push(() => ws.close());
    // The venue's clock is the test's: a poll sees only the trades printed by then.
    const http = await startReplayServer({
      venue: binanceAdaBtc(),
      trades: { marketId: BTCUSDT.marketId, trades: recorded, now: () => timers.now() },
    });
    cleanups.push(() => http.close());
    const exchange = createCcxtProExchange({
      exchangeId: 'binance',
      wsUrl: ws.url,
      baseUrl: http.url,
      markets: [binanceStreamMarket(recordedMarket({ ...BTCUSDT, exchangeId: 'binance', candles: [] }))],
      rateLimitMs: 1,
      timeoutMs: 2000,
    });
    const sink = new RecordingSink();
    const client = new CcxtDataClient({ exchange, sink, timers, maxWebSocketFailures: 2, pollIntervalMs: POLL_MS });
    cleanups.push(() => client.stop());
    ws.refuse(100);
    client.subscribeTrades('BTC/USDT');
    await client.start();
    const start = timers.now();
    await waitFor(() => timers.dueTimes().some((due) => due <= start + 1000), 'the backoff after the first refusal');
    timers.advanceBy(1000);
    await waitFor(() => sink.types().includes('DataTransportSwitched'), 'the switch to polling');
    // Each poll's trades are delivered before the client sleeps until the next poll.
    const nextPollScheduled = () => timers.dueTimes().includes(timers.now() + POLL_MS);
    await waitFor(nextPollScheduled, 'the first poll');
    const deliveredBefore: number[] = [];
    while (timers.now() <= last + POLL_MS) {
      deliveredBefore.push(sink.trades.at(-1)?.timestamp ?? Number.NaN);
      timers.advanceBy(POLL_MS);
      await waitFor(nextPollScheduled, `the poll at ${new Date(timers.now()).toISOString()}`);
    }

    expect(ws.refused, 'two handshakes refused, then polling').toBe(2);
    expect(sink.events.find((e) => e.type === 'DataTransportSwitched')).toMatchObject({
      from: 'websocket',
      to: 'polling',
    });
    expect(sink.events.find((e) => e.type === 'DataStreamConnected')).toMatchObject({ transport: 'polling' });
    expect(sink.trades.length, 'every recorded trade once').toBe(2001);
    expect(sink.trades.map((t) => t.tradeId)).toEqual(recorded.map((t) => t.tradeId));
    expect(sink.trades.map((t) => t.price)).toEqual(recorded.map((t) => t.price));
    expect(sink.trades.map((t) => t.size)).toEqual(recorded.map((t) => t.quantity));
    expect(sink.trades.map((t) => t.timestamp)).toEqual(recorded.map((t) => t.timestamp));
    expect(
      sink.trades.map((t) => t.aggressorSide),
      'buyer is maker → the aggressor sold',
    ).toEqual(recorded.map((t) => (t.buyerMaker ? 'seller' : 'buyer')));
    expect(sink.trades[0].instrumentId).toBe(instrumentId('BTC/USDT', 'binance'));

    const polls = http.requests.filter((r) => r.path === '/api/v3/aggTrades');
    expect(polls.length, `one request per ${POLL_MS} ms from the switch until past the last trade`).toBe(
      deliveredBefore.length + 1,
    );
    expect(polls[0].query.startTime, 'the first poll asks for the latest trades').toBeUndefined();
    expect(
      polls.slice(1).map((r) => Number(r.query.startTime)),
      'every later poll starts at the newest trade already delivered',
    ).toEqual(deliveredBefore);
    const served = polls.reduce((sum, r) => sum + r.served, 0);
    expect(
      served,
      'startTime is inclusive: each poll re-serves the previous newest trade(s), dropped as duplicates',
    ).toBeGreaterThanOrEqual(2001 + deliveredBefore.length);
    expect(sink.types().filter((t) => t !== 'DataTransportSwitched' && t !== 'DataStreamConnected')).toEqual([]);
  });
});
