import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOnIncrement } from '../../model/decimal.ts';
import { riskParityAllocation, riskParityWeights } from './risk-parity.ts';

const UNIT = { sizeIncrement: 1, sizePrecision: 0, minQuantity: 1, minNotional: 0 };

describe('riskParityWeights', () => {
  it('weights σ = 0.2, 0.4, 0.8 as 1/σ = 5, 2.5, 1.25 over 8.75: 4/7, 2/7, 1/7', () => {
    const weights = riskParityWeights([0.2, 0.4, 0.8]);
    expect(weights[0]).toBeCloseTo(4 / 7, 15);
    expect(weights[1]).toBeCloseTo(2 / 7, 15);
    expect(weights[2]).toBeCloseTo(1 / 7, 15);
  });

  it('gives weights ∝ 1/σ that sum to 1 (equal risk contributions w·σ)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-4, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), (vols) => {
        const weights = riskParityWeights(vols);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(sum, 'weights sum to 1').toBeCloseTo(1, 12);
        const contribution = weights[0]! * vols[0]!;
        for (let i = 0; i < vols.length; i++)
          expect(weights[i]! * vols[i]!, `leg ${i} contributes as much risk as leg 0`).toBeCloseTo(contribution, 12);
      }),
    );
  });

  it('rejects a volatility that is not positive, naming its index', () => {
    expect(() => riskParityWeights([0.2, 0])).toThrow(/volatility 1 must be a finite number > 0/);
  });
});

describe('riskParityAllocation', () => {
  it('spreads 70,000 over three legs at 100: 40,000 / 20,000 / 10,000 → 400, 200, 100 units', () => {
    const legs = [0.2, 0.4, 0.8].map((volatility) => ({ instrument: UNIT, price: 100, volatility }));
    const { decisions } = riskParityAllocation({ equity: 1_000_000, budget: 70_000, legs });
    expect(decisions.map((d) => d.quantity)).toEqual([400, 200, 100]);
  });

  it('applies the max-position cap per leg: 10% of 300,000 = 30,000 caps the 40,000 leg', () => {
    const legs = [0.2, 0.4, 0.8].map((volatility) => ({ instrument: UNIT, price: 100, volatility }));
    const { decisions } = riskParityAllocation({ equity: 300_000, budget: 70_000, legs });
    expect(decisions.map((d) => d.quantity)).toEqual([300, 200, 100]);
    expect(decisions[0]!.capped).toBe(true);
  });

  it('never spends more than the budget and keeps every leg on its grid', () => {
    const leg = fc.record({
      price: fc.double({ min: 0.01, max: 1e5, noNaN: true }),
      volatility: fc.double({ min: 1e-3, max: 5, noNaN: true }),
      increment: fc.constantFrom(0.001, 0.01, 1),
    });
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        (ls, budget) => {
          const legs = ls.map((l) => ({
            price: l.price,
            volatility: l.volatility,
            instrument: {
              sizeIncrement: l.increment,
              sizePrecision: String(l.increment).split('.')[1]?.length ?? 0,
              minQuantity: l.increment,
              minNotional: 0,
            },
          }));
          const { decisions } = riskParityAllocation({ equity: 1e8, budget, legs }, { maxPositionFraction: 1 });
          let spent = 0;
          decisions.forEach((d, i) => {
            expect(isOnIncrement(d.quantity, legs[i]!.instrument.sizeIncrement)).toBe(true);
            spent += d.notional;
          });
          expect(spent, 'snapping down never overspends').toBeLessThanOrEqual(budget * (1 + 1e-9) + 1e-6);
        },
      ),
    );
  });
});
