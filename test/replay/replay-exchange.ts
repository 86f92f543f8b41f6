import type { Exchange } from 'ccxt';
import { createCcxtExchange } from '../../src/adapters/venues/ccxt/index.ts';
import { type RecordedVenue, recordedMarket } from './recorded-venues.ts';
import type { ReplayServer } from './replay-server.ts';

/**
 * A real ccxt exchange of the venue's kind pointed at a replay server, with the recorded market
 * handed in (no market listing was recorded), a 1 ms rate limit (ccxt's limiter stays on) and a
 * short timeout so a stalled request fails fast.
 */
export function replayExchange(
  venue: RecordedVenue,
  server: ReplayServer,
  extraMarkets: Record<string, unknown>[] = [],
): Exchange {
  return createCcxtExchange({
    exchangeId: venue.exchangeId,
    baseUrl: server.url,
    markets: [recordedMarket(venue), ...extraMarkets],
    rateLimitMs: 1,
    timeoutMs: 400,
  });
}

/** A sleep that returns at once and remembers what it was asked to wait, ms. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
