import type { BarColumns, BarInput } from '../indicators/indicator.ts';
import { SeededRandom } from '../kernel/random.ts';

/**
 * Seeded random series for tests (mulberry32, as `SeededRandom`): the same seed gives the same
 * series. Test support only; nothing in the engine imports it.
 */

/** Uniform integers in [0, range): with a small range, equal values (ties) are common. */
export function randomIntegers(length: number, range: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length }, () => Math.floor(random.next() * range));
}

/**
 * A multiplicative random walk from `start`: each step multiplies by 1 + u·step, u uniform in ±1/2,
 * so values carry full 53-bit mantissas (additive steps on a binary grid would make every running
 * sum exact and drift tests vacuous).
 */
export function randomWalk(length: number, start: number, step: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const values = new Float64Array(length);
  let price = start;
  for (let i = 0; i < length; i++) {
    price *= 1 + (random.next() - 0.5) * step;
    values[i] = price;
  }
  return values;
}

/** High, low and close columns of random bars. */
export interface RandomBars {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

/**
 * Bars of a random walk from 100: each close moves from the previous one (the bar's open) by up to
 * ±2 plus `drift`; the high and low lie up to 2 beyond the bar's open and close.
 */
export function randomBars(length: number, seed: number, drift = 0): RandomBars {
  const random = new SeededRandom(seed);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const close = new Float64Array(length);
  let price = 100;
  for (let i = 0; i < length; i++) {
    const open = price;
    price += (random.next() - 0.5) * 4 + drift;
    close[i] = price;
    high[i] = Math.max(open, price) + random.next() * 2;
    low[i] = Math.min(open, price) - random.next() * 2;
  }
  return { high, low, close };
}

/** Bar `i` of `columns`, as a streaming indicator's `update` takes it; a missing column reads 0. */
export function barAt(columns: Partial<BarColumns>, i: number): BarInput {
  return {
    timestamp: columns.timestamp?.[i] ?? 0,
    open: columns.open?.[i] ?? 0,
    high: columns.high?.[i] ?? 0,
    low: columns.low?.[i] ?? 0,
    close: columns.close?.[i] ?? 0,
    volume: columns.volume?.[i] ?? 0,
  };
}
