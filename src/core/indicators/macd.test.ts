import { describe, expect, it } from 'vitest';
import { Macd, macd, macdLookback } from './macd.ts';

const walk = Float64Array.from({ length: 5000 }, (_, i) => 100 + 10 * Math.sin(i / 37) + ((i * 7919) % 13) / 4);

describe('MACD', () => {
  it('with a 1-bar signal, the signal is the line and the histogram 0 from bar slowPeriod − 1 (TA-Lib mishandles this case)', () => {
    const options = { fastPeriod: 3, slowPeriod: 7, signalPeriod: 1 };
    expect(macdLookback(options)).toBe(6);
    const { macd: line, signal, histogram } = macd(walk, options);
    expect(Number.isNaN(line[5]!) && !Number.isNaN(line[6]!), 'first value at bar 6').toBe(true);
    for (let i = 6; i < walk.length; i++) {
      expect(signal[i]).toBe(line[i]);
      expect(histogram[i]).toBe(0);
    }
  });

  it('seeds the fast EMA over the fastPeriod closes ending at bar slowPeriod − 1', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 10]);
    const { macd: line } = macd(values, { fastPeriod: 2, slowPeriod: 5, signalPeriod: 1 });
    // Bar 4: fast = mean(4, 5) = 4.5, slow = mean(1..5) = 3. Bar 5: fast = 4.5 + (6 − 4.5)·2/3 = 5.5,
    // slow = 3 + (6 − 3)·2/6 = 4. Bar 6: fast = 5.5 + (10 − 5.5)·2/3 = 8.5, slow = 4 + (10 − 4)/3 = 6.
    expect(Array.from(line.subarray(4))).toEqual([1.5, 1.5, 2.5]);
  });

  it('streaming is bit-identical to batch for several period triples', () => {
    for (const options of [
      { fastPeriod: 1, slowPeriod: 2, signalPeriod: 1 },
      { fastPeriod: 5, slowPeriod: 35, signalPeriod: 5 },
      { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 },
    ]) {
      const batch = macd(walk, options);
      const streaming = new Macd(options);
      for (let i = 0; i < walk.length; i++) {
        streaming.update(walk[i]!);
        expect(streaming.isReady, `isReady at ${i}`).toBe(i >= macdLookback(options));
        if (!Object.is(streaming.macd, batch.macd[i]) || !Object.is(streaming.signal, batch.signal[i]))
          expect.fail(
            `${JSON.stringify(options)} bar ${i}: streaming ${streaming.macd}/${streaming.signal}, batch ${batch.macd[i]}/${batch.signal[i]}`,
          );
      }
    }
  });

  it('rejects fastPeriod >= slowPeriod instead of swapping them as TA-Lib does', () => {
    expect(() => new Macd({ fastPeriod: 26, slowPeriod: 12, signalPeriod: 9 })).toThrow(RangeError);
    expect(() => macd(walk, { fastPeriod: 12, slowPeriod: 12, signalPeriod: 9 })).toThrow(/less than slowPeriod/);
  });
});
