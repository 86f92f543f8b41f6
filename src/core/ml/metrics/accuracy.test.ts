import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.ts';

describe('accuracy', () => {
  it('thresholds at 0.5 inclusive by default', () => {
    // predicted 1, 0, 1, 1 against 1, 0, 0, 1: three of four right.
    expect(accuracy([0.9, 0.2, 0.5, 0.7], [1, 0, 0, 1])).toBe(0.75);
  });

  it('takes another threshold', () => {
    expect(accuracy([0.9, 0.2, 0.5, 0.7], [1, 0, 0, 1], 0.6)).toBe(1);
  });

  it('refuses mismatched lengths', () => {
    expect(() => accuracy([0.5], [1, 0])).toThrow(/labels/);
  });
});
