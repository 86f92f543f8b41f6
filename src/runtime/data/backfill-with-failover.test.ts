import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBarStore } from '../../../test/replay/memory-bar-store.ts';
import { binanceAdaBtc, krakenXbtUsdt, recordedMarket } from '../../../test/replay/recorded-venues.ts';
import { recordingSleep, replayExchange } from '../../../test/replay/replay-exchange.ts';
import { type ReplayServer, startReplayServer } from '../../../test/replay/replay-server.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { BackfillStop } from './backfill-bars.ts';
import { backfillWithFailover } from './backfill-with-failover.ts';

const servers: ReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(...args: Parameters<typeof startReplayServer>): Promise<ReplayServer> {
  const server = await startReplayServer(...args);
  servers.push(server);
  return server;
}

function recordingLogger(): {
  logger: Logger;
  events: { level: string; event: string; fields?: Record<string, unknown> }[];
} {
  const events: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields?: Record<string, unknown>) =>
    void events.push({ level, event, fields });
  return { events, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const kraken = krakenXbtUsdt();
const lastOpen = kraken.candles[kraken.candles.length - 1].openTime;
const base = {
  symbol: 'BTC/USDT',
  timeframe: '1m',
  since: kraken.candles[0].openTime,
  pageLimit: 200,
  now: () => lastOpen + 30_000,
};

describe('backfillWithFailover', () => {
  it('switches to the next source when the primary does not list the symbol, and logs the switch', async () => {
    const binance = binanceAdaBtc();
    const primaryServer = await serve({ venue: binance });
    // Binance answers BTCUSDT with its "Invalid symbol" error: its replay holds only ADABTC.
    const primary = replayExchange(binance, primaryServer, [{ ...recordedMarket(kraken), id: 'BTCUSDT' }]);
    const secondary = replayExchange(kraken, await serve({ venue: kraken }));
    const { logger, events } = recordingLogger();
    const store = new MemoryBarStore();
    const result = await backfillWithFailover({
      ...base,
      sources: [primary, secondary],
      store,
      logger,
      sleep: recordingSleep().sleep,
    });
    expect(
      result.switches.map((s) => [s.from, s.to, s.reason]),
      'one switch, binance → kraken',
    ).toEqual([['binance', 'kraken', 'failed']]);
    expect(result.switches[0].error).toMatch(/unknown symbol/);
    expect(events.filter((e) => e.event === 'backfill_source_switched').length, 'the switch is logged').toBe(1);
    expect(result.barsWritten, 'kraken serves the 720 complete bars').toBe(720);
    expect(result.stop).toBe(BackfillStop.CaughtUp);
    expect(result.instrumentId, 'the series keeps the primary key').toBe('BTC/USDT.BINANCE');
  });

  it('switches when the primary stays down (5xx until retries run out)', async () => {
    const downServer = await serve({ venue: kraken });
    downServer.failAll({ kind: 'status', status: 503 });
    const store = new MemoryBarStore();
    const result = await backfillWithFailover({
      ...base,
      sources: [replayExchange(kraken, downServer), replayExchange(kraken, await serve({ venue: kraken }))],
      store,
      sleep: recordingSleep().sleep,
      retryPolicy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    expect(downServer.requests.length, 'two attempts on the primary').toBe(2);
    expect(result.switches[0]).toMatchObject({ reason: 'failed' });
    expect(result.switches[0].error).toMatch(/gave up after 2 attempts/);
    expect(result.barsWritten).toBe(720);
  });

  it('switches when the primary lags, and the overlap check finds the sources agree on the same recording', async () => {
    const lagBound = kraken.candles[400].openTime;
    const store = new MemoryBarStore();
    const { logger, events } = recordingLogger();
    const result = await backfillWithFailover({
      ...base,
      sources: [
        replayExchange(kraken, await serve({ venue: kraken, servedBefore: lagBound })),
        replayExchange(kraken, await serve({ venue: kraken })),
      ],
      store,
      logger,
    });
    expect(
      result.runs.map((r) => r.barsWritten),
      'the primary serves 400 bars, the next one the other 320',
    ).toEqual([400, 320]);
    expect(result.switches).toEqual([{ from: 'kraken', to: 'kraken', reason: 'lagging', cursor: lagBound }]);
    expect(result.overlaps[0]).toMatchObject({ comparedBars: 60, agree: true, maxRelativeDifference: 0 });
    expect(
      events.some((e) => e.event === 'backfill_sources_disagree'),
      'nothing to flag',
    ).toBe(false);
  });

  it('flags a source that stamps candles one bar late beyond the tolerance', async () => {
    const lagBound = kraken.candles[400].openTime;
    const tolerance = 0.001;
    // Independent expectation from the raw rows: the shifted source shows at bar i the candle i−1.
    let expected = 0;
    for (let i = 340; i < 400; i++) {
      const [now, previous] = [kraken.candles[i].row, kraken.candles[i - 1].row];
      const worst = Math.max(...[1, 2, 3, 4].map((k) => Math.abs(Number(previous[k]) / Number(now[k]) - 1)));
      if (worst > tolerance) expected++;
    }
    const { logger, events } = recordingLogger();
    const result = await backfillWithFailover({
      ...base,
      sources: [
        replayExchange(kraken, await serve({ venue: kraken, servedBefore: lagBound })),
        replayExchange(kraken, await serve({ venue: kraken, shiftBars: 1 })),
      ],
      store: new MemoryBarStore(),
      logger,
      overlapTolerance: tolerance,
    });
    const report = result.overlaps[0];
    expect(expected, 'the recorded window has price moves above 0.1 % between neighbouring minutes').toBeGreaterThan(0);
    expect(
      report.disagreements.length,
      'bars flagged = neighbouring minutes that differ by more than the tolerance',
    ).toBe(expected);
    expect(report.agree).toBe(false);
    expect(events.filter((e) => e.event === 'backfill_sources_disagree').length, 'the disagreement is logged').toBe(1);
  });
});
