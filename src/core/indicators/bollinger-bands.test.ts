import { describe, expect, it } from 'vitest';
import { BollingerBands, bollingerBands } from './bollinger-bands.ts';

/** A seeded random walk (mulberry32 steps): `length` values from `start`, steps uniform in ±`step`. */
function randomWalk(length: number, start: number, step: number, seed: number): Float64Array {
  let state = seed;
  let value = start;
  return Float64Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    value += (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) * 2 * step;
    return value;
  });
}

/** Mean and population σ of values[end − period + 1 … end], by two passes. */
function twoPass(values: Float64Array, end: number, period: number): { mean: number; deviation: number } {
  let sum = 0;
  for (let j = end - period + 1; j <= end; j++) sum += values[j]!;
  const mean = sum / period;
  let squares = 0;
  for (let j = end - period + 1; j <= end; j++) squares += (values[j]! - mean) ** 2;
  return { mean, deviation: Math.sqrt(squares / period) };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('BollingerBands', () => {
  it('does not drift over a million bars of a random walk around 40,000', () => {
    const values = randomWalk(1_000_000, 40_000, 10, 7);
    const period = 20;
    const multiplier = 2;
    const bands = bollingerBands(values, { period, multiplier });
    const last = values.length - 1;
    const { mean, deviation } = twoPass(values, last, period);
    const ours = (bands.upper[last]! - bands.lower[last]!) / (2 * multiplier);
    expect(relative(bands.middle[last]!, mean), 'middle vs the exact mean of the last window').toBeLessThan(1e-13);
    expect(relative(ours, deviation), `σ ${ours} vs two-pass ${deviation}`).toBeLessThan(1e-9);

    // The textbook running Σx and Σx² over the same walk, to show what the test guards against.
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      sum += x;
      sumOfSquares += x * x;
      if (i >= period) {
        const y = values[i - period]!;
        sum -= y;
        sumOfSquares -= y * y;
      }
    }
    const naiveMean = sum / period;
    const naive = Math.sqrt(Math.max(0, sumOfSquares / period - naiveMean * naiveMean));
    expect(
      relative(ours, deviation),
      `ours must beat running sums (naive σ ${naive}, relative error ${relative(naive, deviation)})`,
    ).toBeLessThan(relative(naive, deviation) / 100);
  });

  it('streaming is bit-identical to batch over a million bars, exact re-computations included', () => {
    const values = randomWalk(1_000_000, 40_000, 10, 11);
    for (const period of [2, 20, 1500]) {
      const batch = bollingerBands(values, { period, multiplier: 2.5 });
      const streaming = new BollingerBands({ period, multiplier: 2.5 });
      for (let i = 0; i < values.length; i++) {
        streaming.update(values[i]!);
        if (i % 9973 !== 0 && i !== values.length - 1) continue;
        const label = `bbands:${period} at ${i}`;
        expect(streaming.middle, `${label} middle`).toBe(batch.middle[i]);
        expect(streaming.upper, `${label} upper`).toBe(batch.upper[i]);
        expect(streaming.percentB, `${label} percentB`).toBe(batch.percentB[i]);
        expect(streaming.bandwidth, `${label} bandwidth`).toBe(batch.bandwidth[i]);
      }
    }
  });

  it('percentB and bandwidth follow their definitions, against a two-pass reference at every bar', () => {
    const values = randomWalk(5000, 100, 1, 3);
    for (const [period, multiplier] of [
      [2, 2],
      [20, 2],
      [50, 1.5],
    ] as const) {
      const bands = bollingerBands(values, { period, multiplier });
      for (let i = period - 1; i < values.length; i++) {
        const { mean, deviation } = twoPass(values, i, period);
        const upper = mean + multiplier * deviation;
        const lower = mean - multiplier * deviation;
        const label = `bbands:${period},${multiplier} at ${i}`;
        expect(bands.middle[i], `${label} middle`).toBeCloseTo(mean, 10);
        expect(bands.upper[i], `${label} upper`).toBeCloseTo(upper, 10);
        expect(bands.lower[i], `${label} lower`).toBeCloseTo(lower, 10);
        expect(bands.percentB[i], `${label} percentB = (x − lower) / (upper − lower)`).toBeCloseTo(
          (values[i]! - lower) / (upper - lower),
          8,
        );
        expect(bands.bandwidth[i], `${label} bandwidth = (upper − lower) / middle`).toBeCloseTo(
          (upper - lower) / mean,
          10,
        );
      }
    }
  });

  it('gives σ = 0 exactly when a volatile window turns flat', () => {
    const values = new Float64Array(400);
    values.set(randomWalk(300, 40_000, 50, 5));
    values.fill(40_123.5, 300);
    const bands = bollingerBands(values, { period: 20, multiplier: 2 });
    for (let i = 319; i < 400; i++) {
      expect(bands.upper[i], `upper at ${i}: a flat window has no width`).toBe(40_123.5);
      expect(bands.lower[i], `lower at ${i}`).toBe(40_123.5);
      expect(bands.percentB[i], `percentB at ${i}: zero width reads 0.5`).toBe(0.5);
      expect(bands.bandwidth[i], `bandwidth at ${i}`).toBe(0);
    }
  });

  it('reads percentB 0.5 at zero width (flat prices, multiplier 0) and bandwidth 0 when the middle is 0', () => {
    const flat = bollingerBands(new Float64Array(30).fill(100), { period: 5, multiplier: 2 });
    expect([flat.percentB[29], flat.bandwidth[29]]).toEqual([0.5, 0]);
    const zeros = bollingerBands(new Float64Array(30), { period: 5, multiplier: 2 });
    expect([zeros.middle[29], zeros.percentB[29], zeros.bandwidth[29]]).toEqual([0, 0.5, 0]);
    const noWidth = bollingerBands(randomWalk(30, 100, 1, 1), { period: 5, multiplier: 0 });
    expect(noWidth.percentB[29], 'multiplier 0: the bands coincide').toBe(0.5);
    const symmetric = bollingerBands(Float64Array.from([-1, 1, -1, 1, -1, 1]), { period: 2, multiplier: 1 });
    expect([symmetric.middle[5], symmetric.bandwidth[5]], 'a zero middle with width').toEqual([0, 0]);
  });

  it('rejects a period below 2 and a negative multiplier', () => {
    expect(() => new BollingerBands({ period: 1, multiplier: 2 })).toThrow(RangeError);
    expect(() => bollingerBands(new Float64Array(5), { period: 20, multiplier: -1 })).toThrow('multiplier');
  });
});
