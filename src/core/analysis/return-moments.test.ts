import { describe, expect, it } from 'vitest';
import { returnMoments } from './return-moments.ts';

describe('returnMoments', () => {
  it('works [0, 0, 0, 1] out by hand: mean 0.25, skewness 1.1547, kurtosis 2.3333', () => {
    const m = returnMoments([0, 0, 0, 1]);
    expect(m.mean).toBeCloseTo(0.25, 12);
    expect(m.stdev).toBeCloseTo(0.5, 12);
    expect(m.skewness).toBeCloseTo(0.09375 / 0.1875 ** 1.5, 10);
    expect(m.kurtosis).toBeCloseTo(0.08203125 / 0.1875 ** 2, 10);
  });

  it('a symmetric two-point sample has skewness 0 and kurtosis 1; a constant one the normal defaults', () => {
    const twoPoint = returnMoments([1, -1, 1, -1]);
    expect(twoPoint.skewness).toBeCloseTo(0, 12);
    expect(twoPoint.kurtosis).toBeCloseTo(1, 12);
    expect(returnMoments([0.01, 0.01, 0.01])).toMatchObject({ stdev: 0, skewness: 0, kurtosis: 3 });
  });
});
