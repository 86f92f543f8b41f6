import { describe, expect, it } from 'vitest';
import { Ppo, ppo, ppoLookback } from './ppo.ts';

const walk = Float64Array.from({ length: 5000 }, (_, i) => 50 + 10 * Math.sin(i / 53) + ((i * 7919) % 17) / 8);

describe('PPO', () => {
  it('streaming is bit-identical to batch for both averages, across the running sums re-summation', () => {
    for (const average of ['ema', 'sma'] as const) {
      const options = { fastPeriod: 7, slowPeriod: 30, signalPeriod: 4, average };
      const batch = ppo(walk, options);
      const streaming = new Ppo(options);
      for (let i = 0; i < walk.length; i++) {
        streaming.update(walk[i]!);
        expect(streaming.isReady).toBe(i >= ppoLookback(options));
        if (!Object.is(streaming.ppo, batch.ppo[i]) || !Object.is(streaming.histogram, batch.histogram[i]))
          expect.fail(
            `${average} bar ${i}: streaming ${streaming.ppo}/${streaming.histogram}, batch ${batch.ppo[i]}/${batch.histogram[i]}`,
          );
      }
    }
  });

  it('equals a naive simple-average reference with average=sma', () => {
    const options = { fastPeriod: 3, slowPeriod: 8, signalPeriod: 5, average: 'sma' as const };
    const ours = ppo(walk, options);
    const mean = (values: ArrayLike<number>, end: number, n: number) => {
      let sum = 0;
      for (let j = end - n + 1; j <= end; j++) sum += values[j]!;
      return sum / n;
    };
    const line = walk.map((_, i) =>
      i < 7 ? Number.NaN : (100 * (mean(walk, i, 3) - mean(walk, i, 8))) / mean(walk, i, 8),
    );
    for (let i = ppoLookback(options); i < walk.length; i++) {
      expect(ours.ppo[i], `ppo at ${i}`).toBeCloseTo(line[i]!, 9);
      expect(ours.signal[i], `signal at ${i}`).toBeCloseTo(mean(line, i, 5), 9);
    }
  });

  it('gives 0 over a zero slow average, and rejects bad options', () => {
    const zeros = new Float64Array(60);
    expect(ppo(zeros, { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }).ppo[59]).toBe(0);
    expect(() => new Ppo({ fastPeriod: 26, slowPeriod: 26, signalPeriod: 9 })).toThrow(RangeError);
    expect(() => new Ppo({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, average: 'wma' as 'sma' })).toThrow(
      /average/,
    );
  });
});
