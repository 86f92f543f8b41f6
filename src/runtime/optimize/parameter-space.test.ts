import { describe, expect, it } from 'vitest';
import { gridParameterSets, gridValues, randomParameterSets } from './parameter-space.ts';

describe('gridValues', () => {
  it('steps from min to max inclusive without float drift, or takes the listed values', () => {
    expect(gridValues('x', { min: 0.1, max: 0.5, step: 0.1, scale: 'linear', integer: false })).toEqual([
      0.1, 0.2, 0.3, 0.4, 0.5,
    ]);
    expect(gridValues('x', { min: 5, max: 20, step: 10, scale: 'linear', integer: true })).toEqual([5, 15]);
    expect(gridValues('x', { values: ['ema', 'sma'] })).toEqual(['ema', 'sma']);
    expect(() => gridValues('slow', { min: 1, max: 2, scale: 'linear', integer: false })).toThrow(/'slow'.*step/);
  });
});

describe('gridParameterSets', () => {
  it('is every combination, the last parameter fastest', () => {
    const sets = gridParameterSets({ a: { values: [1, 2] }, b: { values: ['x', 'y', 'z'] } }, 100);
    expect(sets).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ]);
  });

  it('refuses a grid above max_trials, naming the axis sizes', () => {
    expect(() => gridParameterSets({ a: { values: [1, 2, 3] }, b: { values: [1, 2] } }, 5)).toThrow(
      /6 combinations \(a: 3, b: 2\)/,
    );
  });
});

describe('randomParameterSets', () => {
  const ranges = {
    fast: { min: 2, max: 50, scale: 'linear' as const, integer: true },
    slow: { min: 10, max: 1000, scale: 'log' as const, integer: true },
    band: { min: 0.5, max: 3, scale: 'linear' as const, integer: false },
  };

  it('draws within the bounds, integers where asked, the same sets for the same seed', () => {
    const a = randomParameterSets(ranges, { trials: 500, seed: 9 });
    expect(a).toHaveLength(500);
    for (const set of a) {
      expect(Number.isInteger(set.fast) && Number.isInteger(set.slow)).toBe(true);
      expect(set.fast as number).toBeGreaterThanOrEqual(2);
      expect(set.slow as number).toBeLessThanOrEqual(1000);
      expect(set.band as number).toBeGreaterThanOrEqual(0.5);
      expect(set.band as number).toBeLessThanOrEqual(3);
    }
    expect(randomParameterSets(ranges, { trials: 500, seed: 9 })).toEqual(a);
    expect(randomParameterSets(ranges, { trials: 500, seed: 10 })).not.toEqual(a);
  });

  it('a log scale puts as many draws below the geometric middle as above', () => {
    const sets = randomParameterSets(ranges, { trials: 4000, seed: 1 });
    const below = sets.filter((s) => (s.slow as number) < 100).length;
    expect(below / sets.length, 'half of a log-uniform [10, 1000] lies below 100').toBeGreaterThan(0.45);
    expect(below / sets.length).toBeLessThan(0.55);
  });

  it('redraws sets the strategy refuses, and says so when nothing valid comes out', () => {
    const sets = randomParameterSets(ranges, {
      trials: 200,
      seed: 3,
      isValid: (s) => (s.fast as number) < (s.slow as number),
    });
    expect(sets.every((s) => (s.fast as number) < (s.slow as number))).toBe(true);
    expect(() => randomParameterSets(ranges, { trials: 1, seed: 3, isValid: () => false })).toThrow(
      /no valid parameter set/,
    );
  });
});
