import { afterEach, describe, expect, it } from 'vitest';
import { binanceSecondKlines } from '../../../../test/replay/binance-second-klines.ts';
import { ManualTimers, waitFor } from '../../../../test/replay/manual-timers.ts';
import {
  binanceStreamMarket,
  binanceTradeMessage,
  recordedBinanceTrades,
} from '../../../../test/replay/recorded-streams.ts';
import { recordedMarket } from '../../../../test/replay/recorded-venues.ts';
import { RecordingSink } from '../../../../test/replay/recording-sink.ts';
import { startReplayServer } from '../../../../test/replay/replay-server.ts';
import { startWsReplayServer } from '../../../../test/replay/ws-replay-server.ts';
import { aggregateTrades } from '../../../core/data/trade-bars.ts';
import type { Bar } from '../../../core/model/data.ts';
import { instrumentId } from '../../../core/model/ids.ts';
import { CcxtDataClient } from './ccxt-data-client.ts';
import { createCcxtProExchange } from './create-ccxt-pro-exchange.ts';

const SECOND = 1000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const plain = (bar: Bar) => ({
  timestamp: bar.timestamp,
  open: bar.open,
  high: bar.high,
  low: bar.low,
  close: bar.close,
  volume: bar.volume,
});

/** Replay servers for the recorded trades (WebSocket) and their 1s klines (REST), a ccxt pro client on them. */
async function replay() {
  const recorded = await recordedBinanceTrades();
  const klines = binanceSecondKlines(recorded);
  const ws = await startWsReplayServer({ streams: { 'btcusdt@trade': recorded.map((t) => binanceTradeMessage(t)) } });
  cleanups.push(() => ws.close());
  const http = await startReplayServer({ venue: klines });
  cleanups.push(() => http.close());
  const exchange = createCcxtProExchange({
    exchangeId: 'binance',
    wsUrl: ws.url,
    baseUrl: http.url,
    markets: [binanceStreamMarket(recordedMarket(klines))],
    rateLimitMs: 1,
    timeoutMs: 2000,
    tradesLimit: 5000,
  });
  return { recorded, ws, http, exchange, sink: new RecordingSink(), timers: new ManualTimers(recorded[0].timestamp) };
}

/** The whole 1s bars of the recorded trades, by the batch aggregator (the reference). */
function wholeSeconds(recorded: Awaited<ReturnType<typeof recordedBinanceTrades>>) {
  const series = {
    instrumentId: instrumentId('BTC/USDT', 'binance'),
    length: recorded.length,
    timestamp: Float64Array.from(recorded, (t) => t.timestamp),
    price: Float64Array.from(recorded, (t) => t.price),
    size: Float64Array.from(recorded, (t) => t.quantity),
    aggressor: Int8Array.from(recorded, (t) => (t.buyerMaker ? -1 : 1)),
    tradeId: recorded.map((t) => t.tradeId),
  };
  const bars = aggregateTrades(series, { kind: 'time', timeframe: '1s' }, { dropPartial: true }).series;
  return Array.from({ length: bars.length }, (_, i) => ({
    timestamp: bars.timestamp[i],
    open: bars.open[i],
    high: bars.high[i],
    low: bars.low[i],
    close: bars.close[i],
    volume: bars.volume[i],
  }));
}

describe('CcxtDataClient trade-built bars across a dropped connection', () => {
  it('backfills the seconds missed while away from REST 1s klines: the bar series has no hole', async () => {
    const { recorded, ws, http, exchange, sink, timers } = await replay();
    const client = new CcxtDataClient({ exchange, sink, timers, barSource: 'trades', closeDelayMs: 500 });
    cleanups.push(() => client.stop());
    // After 600 trades the connection drops; the next 300 are published while the client is away.
    const [dropAt, skipped] = [600, 300];
    ws.dropAt('btcusdt@trade', dropAt, skipped);
    client.subscribeBars('BTC/USDT', '1s');
    await client.start();
    await waitFor(() => sink.types().includes('DataStreamDisconnected'), 'the disconnect');
    const beforeDrop = sink.bars.length;
    const lastSeen = recorded[dropAt - 1].timestamp;
    expect(sink.bars.at(-1)?.timestamp, 'bars closed up to the second before the one forming at the drop').toBe(
      Math.floor(lastSeen / SECOND) * SECOND - SECOND,
    );
    await waitFor(() => timers.pending > 0, 'the backoff timer');
    timers.advanceBy(1000);
    const lastTrade = recorded[recorded.length - 1].timestamp;
    const lastWhole = Math.floor(lastTrade / SECOND) * SECOND - SECOND;
    await waitFor(() => (sink.bars.at(-1)?.timestamp ?? 0) >= lastWhole, 'bars up to the last whole second');

    const expectedBars = wholeSeconds(recorded);
    expect(expectedBars.length, '00:00:01 … 00:00:45: the whole seconds of the recording').toBe(45);
    expect(sink.bars.map(plain), 'every whole second once, in order, as if never disconnected').toEqual(expectedBars);

    const firstAfter = recorded[dropAt + skipped].timestamp;
    const filled = sink.events.find((e) => e.type === 'DataGapFilled');
    expect(filled, 'from the second forming at the drop to the partial one after the reconnect').toMatchObject({
      from: Math.floor(lastSeen / SECOND) * SECOND,
      to: Math.floor(firstAfter / SECOND) * SECOND,
      bars: Math.floor(firstAfter / SECOND) - Math.floor(lastSeen / SECOND) + 1,
    });
    expect(sink.bars.length - beforeDrop, 'the rest of the series after the drop').toBe(45 - beforeDrop);
    expect(sink.types().slice(0, 4)).toEqual([
      'DataStreamConnected',
      'DataStreamDisconnected',
      'DataStreamReconnected',
      'DataGapFilled',
    ]);
    expect(http.requests.length, 'one REST page of 1s klines').toBe(1);
  });

  it('after a silence, drops the bar forming across it and backfills: no stall, no hole', async () => {
    const { recorded, ws, exchange, sink, timers } = await replay();
    // Stale after 3 s of silence, before the 10 s close timer could close the bar forming at the silence.
    const client = new CcxtDataClient({
      exchange,
      sink,
      timers,
      barSource: 'trades',
      closeDelayMs: 10_000,
      staleAfterMs: 3_000,
    });
    cleanups.push(() => client.stop());
    const held = 600;
    ws.release('btcusdt@trade', held);
    client.subscribeBars('BTC/USDT', '1s');
    await client.start();
    const lastSeen = recorded[held - 1].timestamp;
    const closedBefore = Math.floor(lastSeen / SECOND) * SECOND - SECOND;
    await waitFor(() => (sink.bars.at(-1)?.timestamp ?? 0) >= closedBefore, 'bars up to the silence');
    timers.advanceBy(lastSeen + 3_001 - timers.now());
    await waitFor(() => sink.types().includes('DataStale'), 'the stale event');
    ws.release('btcusdt@trade', recorded.length);
    const lastWhole = Math.floor(recorded[recorded.length - 1].timestamp / SECOND) * SECOND - SECOND;
    await waitFor(() => (sink.bars.at(-1)?.timestamp ?? 0) >= lastWhole, 'bars after the silence');
    expect(sink.bars.map(plain), 'every whole second once, in order').toEqual(wholeSeconds(recorded));

    expect(sink.types()).toEqual(expect.arrayContaining(['DataStale', 'DataResumed', 'DataGapFilled']));
  });
});
