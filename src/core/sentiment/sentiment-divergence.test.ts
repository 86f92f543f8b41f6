import { describe, expect, it } from 'vitest';
import { classifyDivergence, SentimentDivergence } from './sentiment-divergence.ts';

describe('classifyDivergence (thresholds 0.2 sentiment, 1 % return, 2 headlines)', () => {
  it.each([
    [0.5, -0.02, 5, 'bullish', 'positive news, falling price'],
    [-0.5, 0.02, 5, 'bearish', 'negative news, rising price'],
    [0.5, 0.02, 5, 'none', 'news and price agree (up)'],
    [-0.5, -0.02, 5, 'none', 'news and price agree (down)'],
    [0.19, -0.05, 5, 'none', 'sentiment below the threshold'],
    [0.2, -0.01, 5, 'bullish', 'both exactly at their thresholds'],
    [0.5, -0.009, 5, 'none', 'price move below the threshold'],
    [0.9, -0.05, 1, 'none', 'one headline is not enough'],
    [0.9, Number.NaN, 5, 'none', 'no return yet'],
  ])('sentiment %d, return %d, %d headlines → %s (%s)', (sentiment, priceReturn, headlineCount, signal, why) => {
    expect(classifyDivergence({ sentiment, priceReturn, headlineCount }), why).toBe(signal);
  });
});

describe('SentimentDivergence', () => {
  it('measures the return over the last N bars from the closes it was fed', () => {
    const divergence = new SentimentDivergence({ lookbackBars: 3 });
    for (const close of [100, 104, 103]) divergence.onClose(close);
    expect(divergence.priceReturn(), 'only 3 closes: no 3-bar return').toBeNaN();
    expect(divergence.read({ score: 0.8, count: 5 }).signal).toBe('none');
    divergence.onClose(98);
    expect(divergence.priceReturn(), '98 / 100 − 1').toBeCloseTo(-0.02, 12);
    expect(divergence.read({ score: 0.8, count: 5 })).toEqual({
      signal: 'bullish',
      sentiment: 0.8,
      priceReturn: divergence.priceReturn(),
    });
    divergence.onClose(110);
    expect(divergence.priceReturn(), '110 / 104 − 1').toBeCloseTo(110 / 104 - 1, 12);
    expect(divergence.read({ score: -0.4, count: 3 }).signal).toBe('bearish');
  });

  it('refuses a bad lookback and a non-positive close', () => {
    expect(() => new SentimentDivergence({ lookbackBars: 0 })).toThrow(/lookbackBars/);
    expect(() => new SentimentDivergence({ lookbackBars: 2 }).onClose(0)).toThrow(/positive/);
  });
});
