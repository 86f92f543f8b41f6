import { describe, expect, it } from 'vitest';
import { trendFollowerParameters } from './trend-follower-parameters.ts';
import { tuneTrendFollower } from './trend-follower-tuner.ts';

const PARAMS = trendFollowerParameters.parse({ target_win_rate: 0.5, tune_tolerance: 0.05, tune_step: 0.1 });
const START = { rsiPeriod: 14, stopAtr: 2, targetAtr: 3, cooldownBars: 5 };

describe('tuneTrendFollower', () => {
  it('losing: wider stop, closer target, longer cooldown and RSI window', () => {
    expect(tuneTrendFollower(START, 0.3, PARAMS)).toEqual({
      rsiPeriod: 15, // 14 + round(1.4)
      stopAtr: 2.2,
      targetAtr: 2.7,
      cooldownBars: 6, // 5 + max(1, round(0.5))
    });
  });

  it('winning: the reverse', () => {
    expect(tuneTrendFollower(START, 0.7, PARAMS)).toEqual({
      rsiPeriod: 13,
      stopAtr: 1.8,
      targetAtr: 3.3,
      cooldownBars: 4,
    });
  });

  it('inside the tolerance band nothing changes (the same object)', () => {
    expect(tuneTrendFollower(START, 0.55, PARAMS)).toBe(START);
    expect(tuneTrendFollower(START, 0.45, PARAMS)).toBe(START);
  });

  it('clamps every setting to its bounds', () => {
    const edge = { rsiPeriod: 28, stopAtr: 3.9, targetAtr: 1.6, cooldownBars: 60 };
    expect(tuneTrendFollower(edge, 0, PARAMS)).toEqual({ rsiPeriod: 28, stopAtr: 4, targetAtr: 1.5, cooldownBars: 60 });
    const low = { rsiPeriod: 7, stopAtr: 1.05, targetAtr: 5.9, cooldownBars: 0 };
    expect(tuneTrendFollower(low, 1, PARAMS)).toEqual({ rsiPeriod: 7, stopAtr: 1, targetAtr: 6, cooldownBars: 0 });
  });
});
