import { SimulatedClock } from '../clock/simulated-clock.ts';
import type { BacktestEngineConfig } from './backtest-config.ts';
import { SimulatedVenueEngine } from './simulated-venue-engine.ts';

export type { BacktestEngineConfig, BacktestResult, BacktestRiskConfig } from './backtest-config.ts';

/**
 * Drives a TradingKernel through historical bars with a simulated clock and simulated venues:
 * the shared per-bar step of `SimulatedVenueEngine` on a `SimulatedClock` that only the bars move.
 * Data arrives in chunks (`processBars`), any number of times, in time order, so a run over years
 * of 1-minute bars streams with flat memory.
 */
export class BacktestEngine extends SimulatedVenueEngine<SimulatedClock> {
  constructor(config: BacktestEngineConfig) {
    super(config, new SimulatedClock(0));
  }
}
