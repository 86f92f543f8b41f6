import { describe, expect, it } from 'vitest';
import { slippageFraction } from './slippage-model.ts';

describe('slippage model', () => {
  it('adds half the spread and the square-root impact of participation', () => {
    expect(slippageFraction({ halfSpreadBps: 5, impactBps: 0 }, 10, 100)).toBeCloseTo(0.0005, 15);
    expect(slippageFraction({ halfSpreadBps: 0, impactBps: 100 }, 25, 100), '100 bps × √0.25').toBeCloseTo(0.005, 15);
    expect(slippageFraction({ halfSpreadBps: 0, impactBps: 100 }, 400, 100), 'participation caps at 1').toBeCloseTo(
      0.01,
      15,
    );
    expect(slippageFraction({ halfSpreadBps: 2, impactBps: 100 }, 25, 0), 'unknown volume: spread only').toBeCloseTo(
      0.0002,
      15,
    );
    expect(slippageFraction({ halfSpreadBps: 0, impactBps: 0 }, 25, 100)).toBe(0);
  });
});
