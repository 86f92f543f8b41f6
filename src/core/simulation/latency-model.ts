import type { SeededRandom } from '../kernel/random.ts';

/**
 * Time from sending a command to its arrival at the venue: `fixedMs` plus a uniform jitter in
 * [0, jitterMs), drawn from the run's seeded generator.
 */
export interface LatencyModel {
  readonly fixedMs: number;
  readonly jitterMs: number;
}

export const NO_LATENCY: LatencyModel = Object.freeze({ fixedMs: 0, jitterMs: 0 });

export function sampleLatency(model: LatencyModel, random: SeededRandom): number {
  return model.jitterMs > 0 ? model.fixedMs + Math.floor(random.next() * model.jitterMs) : model.fixedMs;
}
