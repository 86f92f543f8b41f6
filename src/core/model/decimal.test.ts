import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceilToIncrement, fallsShortOf, floorToIncrement, isOnIncrement, precisionOf } from './decimal.ts';

/** Increments as venues publish them, with their decimals. */
const INCREMENTS = ['1', '0.5', '0.05', '0.01', '0.00001', '0.001', '1e-8'] as const;

describe('grid helpers on values written in decimal', () => {
  it('keep every on-grid value: k × increment, parsed from its decimal text, up to 1e12 increments', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INCREMENTS), fc.integer({ min: 1, max: 1_000_000_000_000 }), (text, units) => {
        const increment = Number(text);
        const precision = precisionOf(increment);
        const value = Number((units * increment).toFixed(precision));
        expect(isOnIncrement(value, increment), `${value} on ${text}`).toBe(true);
        expect(floorToIncrement(value, increment, precision), `floor ${value}`).toBe(value);
        expect(ceilToIncrement(value, increment, precision), `ceil ${value}`).toBe(value);
      }),
      { seed: 11, numRuns: 20_000 },
    );
  });

  it('see half an increment off the grid at any size, and round it down or up by half an increment', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INCREMENTS), fc.integer({ min: 1, max: 10_000_000_000 }), (text, units) => {
        const increment = Number(text);
        const precision = precisionOf(increment);
        const value = Number(((units + 0.5) * increment).toFixed(precision + 1));
        if (!Number.isFinite(value) || String(value).length > 16) return; // beyond 16 digits a double cannot hold it
        expect(isOnIncrement(value, increment), `${value} off ${text}`).toBe(false);
        expect(floorToIncrement(value, increment, precision)).toBe(Number((units * increment).toFixed(precision)));
        expect(ceilToIncrement(value, increment, precision)).toBe(Number(((units + 1) * increment).toFixed(precision)));
      }),
      { seed: 12, numRuns: 20_000 },
    );
  });

  it('worked examples', () => {
    expect(floorToIncrement(0.23833, 1e-8, 8), 'was 0.23832999').toBe(0.23833);
    expect(floorToIncrement(1000, 0.00001, 5), 'was 999.99999').toBe(1000);
    expect(floorToIncrement(1_666_666.7, 0.05, 2), 'was 1,666,666.65').toBe(1_666_666.7);
    expect(isOnIncrement(10.000000005, 1e-8), 'half a lot off at 1e9 lots').toBe(false);
    expect(ceilToIncrement(105.931, 0.01, 2)).toBe(105.94);
    expect(ceilToIncrement(107 * 0.99, 0.01, 2), '107 × 0.99 = 105.92999999999999').toBe(105.93);
    expect(floorToIncrement(-2.5, 1, 0), 'toward zero').toBe(-2);
    expect(ceilToIncrement(-2.5, 1, 0), 'toward +∞').toBe(-2);
    expect(fallsShortOf(3 * 0.7, 2.1), '2.0999999999999996 meets 2.1').toBe(false);
    expect(fallsShortOf(2.09, 2.1)).toBe(true);
  });
});
