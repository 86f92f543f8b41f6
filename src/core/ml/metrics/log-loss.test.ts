import { describe, expect, it } from 'vitest';
import { logLoss } from './log-loss.ts';

describe('logLoss', () => {
  it('averages −log of the probability given to the true label', () => {
    // −(ln 0.8 + ln(1 − 0.4) + ln 0.5) / 3
    const expected = -(Math.log(0.8) + Math.log(0.6) + Math.log(0.5)) / 3;
    expect(logLoss([0.8, 0.4, 0.5], [1, 0, 1])).toBeCloseTo(expected, 15);
  });

  it('is ln 2 for a coin flip and finite for a confident mistake', () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.LN2, 15);
    const loss = logLoss([1, 0], [0, 1]);
    expect(Number.isFinite(loss), 'clipped at 1e-15').toBe(true);
    // 1 − (1 − 1e-15) is not exactly 1e-15 in binary floating point, hence the loose match.
    expect(loss).toBeCloseTo(-Math.log(1e-15), 2);
  });

  it('refuses bad input', () => {
    expect(() => logLoss([], [])).toThrow(/no rows/);
    expect(() => logLoss([0.5], [0.5])).toThrow(/not 0 or 1/);
  });
});
