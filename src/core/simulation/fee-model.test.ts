import { describe, expect, it } from 'vitest';
import { testInstrument } from '../testing/fixtures.ts';
import { cumulativeFee, feeRate } from './fee-model.ts';

describe('fee model', () => {
  const instrument = testInstrument({
    makerFee: -0.0001,
    takerFee: 0.0005,
  });

  it('charges rate × notional for maker and taker parts, plus the fixed fee, at least the minimum', () => {
    expect(cumulativeFee({ makerRate: 0.001, takerRate: 0.002 }, instrument, 1_000, 500)).toBeCloseTo(2, 12);
    expect(cumulativeFee({ takerRate: 0.002, fixedPerOrder: 1 }, instrument, 0, 500), '1 + 1').toBeCloseTo(2, 12);
    expect(cumulativeFee({ takerRate: 0.001, minimumPerOrder: 3 }, instrument, 0, 500), 'max(0.5, 3)').toBe(3);
    expect(cumulativeFee({ takerRate: 0.001, minimumPerOrder: 3 }, instrument, 0, 5_000), 'max(5, 3)').toBe(5);
  });

  it('falls back to the instrument rates; a negative maker rate is a rebate', () => {
    expect(cumulativeFee({}, instrument, 10_000, 0), 'a 1 bp rebate').toBeCloseTo(-1, 12);
    expect(cumulativeFee({}, instrument, 0, 10_000)).toBeCloseTo(5, 12);
    expect(feeRate({}, instrument, 'maker')).toBe(-0.0001);
    expect(feeRate({ takerRate: 0.01 }, instrument, 'taker')).toBe(0.01);
  });
});
