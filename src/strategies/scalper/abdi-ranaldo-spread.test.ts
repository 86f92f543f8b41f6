import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbdiRanaldoSpread } from './abdi-ranaldo-spread.ts';

/** A bar given by its log prices [log high, log low, log close], so the arithmetic is by hand. */
const fromLogs = (estimator: AbdiRanaldoSpread, [h, l, c]: readonly [number, number, number]) =>
  estimator.update(Math.exp(h), Math.exp(l), Math.exp(c));

describe('AbdiRanaldoSpread', () => {
  it('a pure bid-ask bounce (fixed high 101, low 99, closes alternating) gives back ln(101 / 99)', () => {
    // η = (ln 101 + ln 99) / 2 every bar, c − η = ±d with d = ln(101 / 99) / 2, and
    // (c_t − η_t)(c_t − η_{t+1}) = d² for each pair: S = √(4 d²) = 2d = ln(101 / 99) ≈ 0.0200007.
    const estimator = new AbdiRanaldoSpread({ period: 4 });
    const values = [101, 99, 101, 99, 101, 99].map((close) => estimator.update(101, 99, close));
    expect(values.slice(0, 4).every(Number.isNaN), 'warming up: 4 pairs need 5 bars').toBe(true);
    expect(values[4]).toBeCloseTo(Math.log(101 / 99), 12);
    expect(values[4]).toBeCloseTo(0.0200006667, 9);
    expect(values[5]).toBeCloseTo(Math.log(101 / 99), 12);
  });

  it('rolls its window: worked values with period 2', () => {
    const estimator = new AbdiRanaldoSpread({ period: 2 });
    // bar 0: η 0.01, c − η = 0.01.
    expect(fromLogs(estimator, [0.02, 0, 0.02])).toBeNaN();
    // bar 1: η 0; pair (0, 1) = (0.02 − 0.01)(0.02 − 0) = 2e-4. One pair: not ready.
    expect(fromLogs(estimator, [0.01, -0.01, -0.01])).toBeNaN();
    expect(estimator.isReady).toBe(false);
    // bar 2: η 0; pair (1, 2) = (−0.01 − 0)(−0.01 − 0) = 1e-4. Mean 1.5e-4: S = √6e-4 ≈ 0.0244949.
    expect(fromLogs(estimator, [0.01, -0.01, 0.01])).toBeCloseTo(Math.sqrt(6e-4), 12);
    expect(estimator.isReady).toBe(true);
    // bar 3: η 0.02; pair (2, 3) = (0.01 − 0)(0.01 − 0.02) = −1e-4. Mean of 1e-4 and −1e-4 is 0: S = 0.
    expect(fromLogs(estimator, [0.03, 0.01, 0.03]), '0 up to the rounding of the logs').toBeLessThan(1e-7);
    // bar 4: η 0.03; pair (3, 4) = (0.03 − 0.02)(0.03 − 0.03) = 0. Mean −5e-5 < 0: reads 0.
    expect(fromLogs(estimator, [0.04, 0.02, 0.02])).toBe(0);
    // bar 5: η 0.02; pair (4, 5) = (0.02 − 0.03)(0.02 − 0.02) = 0; mean 0 (the −1e-4 left the window).
    expect(fromLogs(estimator, [0.03, 0.01, 0.03]), '0 up to the rounding of the logs').toBeLessThan(1e-7);
    // bar 6: η 0; pair (5, 6) = (0.03 − 0.02)(0.03 − 0) = 3e-4; mean 1.5e-4 again.
    expect(fromLogs(estimator, [0.01, -0.01, 0])).toBeCloseTo(Math.sqrt(6e-4), 12);
  });

  it('a steady trend closing at each high reads zero (no bounce)', () => {
    const estimator = new AbdiRanaldoSpread({ period: 3 });
    let value = Number.NaN;
    for (let i = 0; i < 10; i++) value = estimator.update(101 + i, 100 + i, 101 + i);
    expect(value).toBe(0);
  });

  it('is causal and scale-free: the estimate after bar t depends on bars t − period … t only, not on the price level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.01, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 8,
          maxLength: 30,
        }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (steps, scale) => {
          const period = 3;
          const bars = steps.map(([range, at], i) => {
            const low = 100 + i * 0.05;
            const high = low * (1 + range);
            return [high, low, low + (high - low) * at] as const;
          });
          const full = new AbdiRanaldoSpread({ period });
          const scaled = new AbdiRanaldoSpread({ period });
          const values = bars.map(([h, l, c]) => full.update(h, l, c));
          const scaledValues = bars.map(([h, l, c]) => scaled.update(h * scale, l * scale, c * scale));
          const last = bars.length - 1;
          const tail = new AbdiRanaldoSpread({ period });
          let fromTail = Number.NaN;
          for (const [h, l, c] of bars.slice(last - period)) fromTail = tail.update(h, l, c);
          // Squares compared: √ magnifies the rounding of an estimate near 0.
          expect(values[last]! ** 2, 'the same window alone').toBeCloseTo(fromTail ** 2, 12);
          expect(scaledValues[last]! ** 2, 'prices scaled').toBeCloseTo(values[last]! ** 2, 12);
          expect(values.every((v) => Number.isNaN(v) || v >= 0)).toBe(true);
        },
      ),
    );
  });

  it('refuses prices that are not positive', () => {
    expect(() => new AbdiRanaldoSpread({ period: 2 }).update(1, 0, 1)).toThrow(/> 0/);
    expect(() => new AbdiRanaldoSpread({ period: 0 })).toThrow();
  });
});
