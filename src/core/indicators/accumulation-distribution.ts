import { driveStreamingValue } from './drive-streaming.ts';
import { type BarColumns, type BarInput, nanInputError } from './indicator.ts';

/** The A/D line has no warm-up: its first value is bar 0's own money flow. */
export function accumulationDistributionLookback(): number {
  return 0;
}

/**
 * Chaikin's accumulation/distribution line (TA-Lib AD): the running total of money-flow volume,
 * `((close − low) − (high − close)) / (high − low) × volume`, starting from 0 before bar 0. Units:
 * volume. A bar whose high equals its low (or is below it) adds nothing, as in TA-Lib, so flat
 * markets, all-zero prices and zero volume leave the line unchanged. Reads high, low, close, volume.
 */
export class AccumulationDistribution {
  private count = 0;
  value = Number.NaN;

  get isReady(): boolean {
    return this.count > 0;
  }

  update(bar: BarInput): number {
    const { high, low, close, volume } = bar;
    if (Number.isNaN(high)) throw nanInputError('ad', undefined, 'high');
    if (Number.isNaN(low)) throw nanInputError('ad', undefined, 'low');
    if (Number.isNaN(close)) throw nanInputError('ad', undefined, 'close');
    if (Number.isNaN(volume)) throw nanInputError('ad', undefined, 'volume');
    if (this.count === 0) {
      this.count = 1;
      this.value = 0;
    }
    const range = high - low;
    if (range > 0) this.value += ((close - low - (high - close)) / range) * volume;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.value = Number.NaN;
  }
}

/** Batch A/D line over high, low, close and volume; writes into `out` when given. */
export function accumulationDistribution(
  bars: Pick<BarColumns, 'high' | 'low' | 'close' | 'volume'>,
  out?: Float64Array,
): Float64Array {
  const { high, low, close, volume } = bars;
  return driveStreamingValue(new AccumulationDistribution(), {
    name: 'ad',
    columns: { high, low, close, volume },
    out,
  });
}
