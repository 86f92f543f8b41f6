import { wallClockTimers } from '../../adapters/venues/ccxt/wall-clock-timers.ts';
import type { DataClient, DataSink } from '../../core/data/data-client.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import type { PaperConfig } from './paper-config.ts';

/** A venue the live node cannot reach (no network, wrong exchange id): nothing traded. */
export class VenueUnreachableError extends Error {}

/** A reachable venue (its markets loaded): makes the live DataClient, or is closed unused. */
export interface LiveVenue {
  client(sink: DataSink, instrument: Instrument): DataClient;
  close(): Promise<void>;
}

/**
 * The live bar stream's venue: ccxt's WebSocket (polling as fallback) DataClient on the wall clock.
 * The venue is asked for its markets first, so an unreachable venue refuses before anything starts
 * (before a stored run is opened).
 */
export async function connectLiveVenue(config: Readonly<BacktestConfig>, paper: PaperConfig): Promise<LiveVenue> {
  // ccxt is loaded only for a live stream: a replay (and its restarts) starts without it.
  const { CcxtDataClient, createCcxtProExchange } = await import('../../adapters/venues/ccxt/index.ts');
  const exchangeId = paper.live.exchange ?? config.instrument.venue.toLowerCase();
  let exchange: ReturnType<typeof createCcxtProExchange>;
  try {
    exchange = createCcxtProExchange({ exchangeId, timeoutMs: paper.live.timeout_ms });
  } catch (error) {
    throw new ConfigError(`paper live mode: ${(error as Error).message} (set paper.live.exchange, or use --replay)`);
  }
  try {
    await exchange.loadMarkets();
  } catch (error) {
    await exchange.close?.();
    throw new VenueUnreachableError(
      `paper live mode: venue ${exchangeId} is unreachable (${(error as Error).message.split('\n')[0]}); nothing was traded; use --replay to paper-trade recorded bars`,
    );
  }
  return {
    // The venue's symbol (BTC/USDT) may differ from the configured instrument's: the sink (the node's gate) relabels bars.
    client: (sink, instrument) =>
      new CcxtDataClient({ exchange, sink, timers: wallClockTimers, venue: instrument.venue }),
    close: async () => {
      await exchange.close?.();
    },
  };
}
