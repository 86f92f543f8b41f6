import { afterEach, describe, expect, it } from 'vitest';
import { ManualTimers, waitFor } from '../../../../test/replay/manual-timers.ts';
import {
  binanceKlineMessages,
  binanceStreamMarket,
  binanceTradeMessage,
  type RecordedTrade,
  recordedBinanceTrades,
} from '../../../../test/replay/recorded-streams.ts';
import { binanceAdaBtc, recordedMarket } from '../../../../test/replay/recorded-venues.ts';
import { RecordingSink } from '../../../../test/replay/recording-sink.ts';
import { type ReplayServer, startReplayServer } from '../../../../test/replay/replay-server.ts';
import { startWsReplayServer, type WsReplayServer } from '../../../../test/replay/ws-replay-server.ts';
import { aggregateTrades } from '../../../core/data/trade-bars.ts';
import type { Bar } from '../../../core/model/data.ts';
import { instrumentId } from '../../../core/model/ids.ts';
import { CcxtDataClient, type CcxtDataClientOptions } from './ccxt-data-client.ts';
import { createCcxtProExchange } from './create-ccxt-pro-exchange.ts';

const BTCUSDT = {
  exchangeId: 'binance',
  symbol: 'BTC/USDT',
  marketId: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  candles: [],
} as const;
const ADA = binanceAdaBtc();
/** The 11 contiguous recorded klines of 2021-11-28 00:00–00:10 (the 27th's 10 end a day earlier). */
const DAY2 = ADA.candles.slice(10);
const DAY2_MESSAGES = binanceKlineMessages().slice(10);
const MINUTE = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: {
  streams: Record<string, readonly unknown[]>;
  start: number;
  rest?: boolean;
  client?: Partial<CcxtDataClientOptions>;
}): Promise<{
  ws: WsReplayServer;
  http?: ReplayServer;
  client: CcxtDataClient;
  sink: RecordingSink;
  timers: ManualTimers;
}> {
  const ws = await startWsReplayServer({ streams: options.streams });
  cleanups.push(() => ws.close());
  let http: ReplayServer | undefined;
  if (options.rest) {
    http = await startReplayServer({ venue: ADA });
    cleanups.push(() => (http as ReplayServer).close());
  }
  const exchange = createCcxtProExchange({
    exchangeId: 'binance',
    wsUrl: ws.url,
    ...(http === undefined ? {} : { baseUrl: http.url }),
    markets: [binanceStreamMarket(recordedMarket(ADA)), binanceStreamMarket(recordedMarket(BTCUSDT))],
    rateLimitMs: 1,
    timeoutMs: 2000,
    tradesLimit: 5000,
  });
  const sink = new RecordingSink();
  const timers = new ManualTimers(options.start);
  const client = new CcxtDataClient({ exchange, sink, timers, ...options.client });
  cleanups.push(() => client.stop());
  return { ws, http, client, sink, timers };
}

const recordedBar = (row: readonly unknown[]) => ({
  timestamp: row[0] as number,
  open: Number(row[1]),
  high: Number(row[2]),
  low: Number(row[3]),
  close: Number(row[4]),
  volume: Number(row[5]),
});
const plain = (bar: Bar) => ({
  timestamp: bar.timestamp,
  open: bar.open,
  high: bar.high,
  low: bar.low,
  close: bar.close,
  volume: bar.volume,
});

let tradesCache: RecordedTrade[] | undefined;
async function trades(): Promise<RecordedTrade[]> {
  tradesCache ??= await recordedBinanceTrades();
  return tradesCache;
}

describe('CcxtDataClient on a Binance WebSocket replay', () => {
  it('streams all 2,001 recorded BTCUSDT trades in order with their ids, prices, sizes and sides', async () => {
    const recorded = await trades();
    expect(recorded.length, 'SOURCE.md: 2001 trades').toBe(2001);
    const { client, sink, ws } = await setUp({
      streams: { 'btcusdt@trade': recorded.map((t) => binanceTradeMessage(t)) },
      start: recorded[0].timestamp,
    });
    client.subscribeTrades('BTC/USDT');
    await client.start();
    await waitFor(() => sink.trades.length >= 2001, '2,001 trade ticks');
    expect(ws.subscriptions, 'one SUBSCRIBE for the trade stream').toEqual([['btcusdt@trade']]);
    expect(sink.trades.map((t) => t.tradeId)).toEqual(recorded.map((t) => t.tradeId));
    expect(sink.trades.map((t) => t.price)).toEqual(recorded.map((t) => t.price));
    expect(sink.trades.map((t) => t.size)).toEqual(recorded.map((t) => t.quantity));
    expect(sink.trades.map((t) => t.timestamp)).toEqual(recorded.map((t) => t.timestamp));
    expect(
      sink.trades.map((t) => t.aggressorSide),
      'buyer is maker → the aggressor sold',
    ).toEqual(recorded.map((t) => (t.buyerMaker ? 'seller' : 'buyer')));
    expect(sink.trades[0].instrumentId).toBe(instrumentId('BTC/USDT', 'binance'));
    expect(sink.types(), 'connected once, nothing else').toEqual(['DataStreamConnected']);
  });

  it('builds 1s bars from the streamed trades equal to aggregateTrades over the recorded trades', async () => {
    const recorded = await trades();
    const { client, sink, timers } = await setUp({
      streams: { 'btcusdt@trade': recorded.map((t) => binanceTradeMessage(t)) },
      start: recorded[0].timestamp,
      client: { barSource: 'trades', closeDelayMs: 500 },
    });
    client.subscribeBars('BTC/USDT', '1s');
    // The trade ticks of the same stream say when the client has taken in every recorded trade:
    // only then may the timer close the last second (else it closes before its last trades).
    client.subscribeTrades('BTC/USDT');
    await client.start();
    const lastTrade = recorded[recorded.length - 1].timestamp;
    await waitFor(() => sink.trades.length === recorded.length, 'every recorded trade taken in');
    const lastBucketEnd = Math.floor(lastTrade / 1000) * 1000 + 1000;
    timers.advanceTo(lastBucketEnd + 500);
    const n = recorded.length;
    const series = {
      instrumentId: instrumentId('BTC/USDT', 'binance'),
      length: n,
      timestamp: Float64Array.from(recorded, (t) => t.timestamp),
      price: Float64Array.from(recorded, (t) => t.price),
      size: Float64Array.from(recorded, (t) => t.quantity),
      aggressor: Int8Array.from(recorded, (t) => (t.buyerMaker ? -1 : 1)),
      tradeId: recorded.map((t) => t.tradeId),
    };
    // The first second is partial (trades start at .278) and is left out live; the last one was
    // closed by the timer, so the batch is told the trades cover it.
    const { series: expected } = aggregateTrades(
      series,
      { kind: 'time', timeframe: '1s' },
      { dropPartial: true, coverageEnd: lastBucketEnd },
    );
    const expectedBars = Array.from({ length: expected.length }, (_, i) => ({
      timestamp: expected.timestamp[i],
      open: expected.open[i],
      high: expected.high[i],
      low: expected.low[i],
      close: expected.close[i],
      volume: expected.volume[i],
    }));
    expect(expectedBars.length, '00:00:01 … 00:00:46: 46 whole seconds').toBe(46);
    expect(sink.bars.map(plain)).toEqual(expectedBars);
  });

  it('emits the recorded klines as closed bars: by the next candle, and the last by timer', async () => {
    const { client, sink, timers } = await setUp({
      streams: { 'adabtc@kline_1m': DAY2_MESSAGES },
      start: DAY2[0].openTime,
    });
    client.subscribeBars('ADA/BTC', '1m');
    await client.start();
    await waitFor(() => sink.bars.length >= 10, '10 bars closed by their successors');
    expect(sink.bars.length, 'the last candle waits for its close timer').toBe(10);
    timers.advanceTo(DAY2[10].openTime + MINUTE + 2000);
    expect(sink.bars.map(plain)).toEqual(DAY2.map((c) => recordedBar(c.row)));
    expect(sink.bars.every((b) => b.timeframe === '1m' && b.instrumentId === instrumentId('ADA/BTC', 'binance'))).toBe(
      true,
    );
  });

  it('survives a dropped connection: reconnects, resubscribes and backfills the missed bars over REST', async () => {
    const { client, sink, timers, ws, http } = await setUp({
      streams: { 'adabtc@kline_1m': DAY2_MESSAGES },
      start: DAY2[0].openTime,
      rest: true,
    });
    // After 5 candles the connection drops and candles 5–7 are published while the client is away.
    ws.dropAt('adabtc@kline_1m', 5, 3);
    client.subscribeBars('ADA/BTC', '1m');
    await client.start();
    await waitFor(() => sink.types().includes('DataStreamDisconnected'), 'the disconnect');
    expect(sink.bars.length, 'candles 0–3 closed; candle 4 was forming and is dropped').toBe(4);
    await waitFor(() => timers.pending > 0, 'the backoff timer');
    timers.advanceBy(1000);
    await waitFor(() => sink.bars.length >= 10, 'the backfilled and live bars');
    timers.advanceTo(DAY2[10].openTime + MINUTE + 2000);
    expect(ws.subscriptions.length, 'subscribed again after the reconnect').toBe(2);
    const reconnected = sink.events.find((e) => e.type === 'DataStreamReconnected');
    expect(reconnected, 'reconnected on the first attempt').toMatchObject({ attempt: 1 });
    const filled = sink.events.find((e) => e.type === 'DataGapFilled');
    expect(filled, 'candles 4–7 filled from REST').toMatchObject({
      from: DAY2[4].openTime,
      to: DAY2[7].openTime,
      bars: 4,
    });
    expect(http?.requests.length, 'one REST page').toBe(1);
    expect(sink.bars.map(plain), 'the whole recorded series, no hole, no duplicate').toEqual(
      DAY2.map((c) => recordedBar(c.row)),
    );
    expect(sink.types().slice(0, 4)).toEqual([
      'DataStreamConnected',
      'DataStreamDisconnected',
      'DataStreamReconnected',
      'DataGapFilled',
    ]);
  });

  it('reports a silent stream as stale after more than two intervals and resumed when candles return', async () => {
    const { client, sink, timers, ws } = await setUp({
      streams: { 'adabtc@kline_1m': DAY2_MESSAGES },
      start: DAY2[0].openTime,
    });
    ws.release('adabtc@kline_1m', 3);
    client.subscribeBars('ADA/BTC', '1m');
    await client.start();
    await waitFor(() => sink.bars.length >= 2, 'two closed bars');
    timers.advanceBy(2 * MINUTE);
    expect(sink.types(), 'exactly two intervals of silence is not yet stale').not.toContain('DataStale');
    timers.advanceBy(1);
    expect(sink.events.at(-1), 'stale just past two intervals').toMatchObject({
      type: 'DataStale',
      silentMs: 2 * MINUTE + 1,
    });
    ws.release('adabtc@kline_1m', 6);
    await waitFor(() => sink.types().includes('DataResumed'), 'the resumption');
    await waitFor(() => sink.bars.length >= 5, 'bars after the silence');
    expect(sink.events.at(-1)).toMatchObject({ type: 'DataResumed', silentMs: 2 * MINUTE + 1 });
    expect(sink.bars.map(plain)).toEqual(DAY2.slice(0, 5).map((c) => recordedBar(c.row)));
  });

  it('switches to REST polling when WebSocket connections are refused, and polls closed bars', async () => {
    const { client, sink, timers, ws } = await setUp({
      streams: { 'adabtc@kline_1m': DAY2_MESSAGES },
      start: DAY2[3].openTime + 5000,
      rest: true,
      client: { maxWebSocketFailures: 2 },
    });
    ws.refuse(100);
    client.subscribeBars('ADA/BTC', '1m');
    await client.start();
    const start = timers.now();
    await waitFor(() => timers.dueTimes().some((due) => due <= start + 1000), 'the backoff after the first refusal');
    timers.advanceBy(1000);
    await waitFor(() => sink.types().includes('DataTransportSwitched'), 'the switch to polling');
    await waitFor(() => sink.bars.length >= 1, 'the first polled bar');
    for (let i = 0; i < 3; i++) {
      const before = sink.bars.length;
      timers.advanceBy(MINUTE);
      await waitFor(() => sink.bars.length > before, `polled bar ${i + 2}`);
    }
    expect(ws.refused, 'two handshakes refused').toBe(2);
    expect(sink.events.find((e) => e.type === 'DataTransportSwitched')).toMatchObject({
      from: 'websocket',
      to: 'polling',
    });
    expect(sink.events.find((e) => e.type === 'DataStreamConnected')).toMatchObject({ transport: 'polling' });
    expect(sink.bars.map(plain), 'the candle closed before the start, then one per poll').toEqual(
      DAY2.slice(2, 6).map((c) => recordedBar(c.row)),
    );
  });
});
