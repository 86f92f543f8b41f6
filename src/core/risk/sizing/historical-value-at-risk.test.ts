import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../../adapters/data/index.ts';
import { instrumentId } from '../../model/ids.ts';
import { historicalRisk, historicalValueAtRisk, simpleReturns } from './historical-value-at-risk.ts';

const SAMPLE = new URL('../../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url);

/** The definition, by sorting: k = ⌈n(1 − α)⌉, VaR = −r₍k₎, ES = −mean(r₍1₎…r₍k₎). */
function naive(returns: ArrayLike<number>, confidence: number) {
  const sorted = Array.from(returns).sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(sorted.length * (1 - confidence) - 1e-9));
  const tail = sorted.slice(0, k);
  return { valueAtRisk: -sorted[k - 1]!, expectedShortfall: -tail.reduce((a, b) => a + b, 0) / k, tailCount: k };
}

// 20 daily returns; sorted ascending: −0.05, −0.04, −0.03, −0.02, −0.02, −0.01, −0.01, 0, 0, 0, …
const RETURNS = [
  0.01, -0.02, 0.03, -0.05, 0.0, 0.02, -0.01, 0.04, -0.03, 0.01, 0.02, -0.04, 0.0, 0.01, 0.03, -0.01, 0.02, 0.0, 0.01,
  -0.02,
];

describe('historicalRisk on a hand-checked set of 20 returns', () => {
  it('95%: k = ⌈20 × 0.05⌉ = 1 → VaR = ES = the worst loss 0.05', () => {
    expect(historicalRisk(RETURNS, { confidence: 0.95 })).toEqual({
      valueAtRisk: 0.05,
      expectedShortfall: 0.05,
      tailCount: 1,
      observations: 20,
    });
  });

  it('90%: k = 2 → VaR 0.04, ES (0.05 + 0.04) / 2 = 0.045', () => {
    const risk = historicalRisk(RETURNS, { confidence: 0.9 });
    expect(risk.tailCount).toBe(2);
    expect(risk.valueAtRisk).toBe(0.04);
    expect(risk.expectedShortfall).toBeCloseTo(0.045, 15);
  });

  it('80%: k = 4 → VaR 0.02, ES 0.14 / 4 = 0.035; 75%: k = 5 → VaR 0.02 (a tie), ES 0.16 / 5 = 0.032', () => {
    const eighty = historicalRisk(RETURNS, { confidence: 0.8 });
    expect([eighty.tailCount, eighty.valueAtRisk]).toEqual([4, 0.02]);
    expect(eighty.expectedShortfall).toBeCloseTo(0.035, 15);
    const quarter = historicalRisk(RETURNS, { confidence: 0.75 });
    expect([quarter.tailCount, quarter.valueAtRisk]).toEqual([5, 0.02]);
    expect(quarter.expectedShortfall).toBeCloseTo(0.032, 15);
  });

  it('500 returns at 99% give the 5th-worst loss (k = 5, not 6 from 500 × 0.01 rounding up)', () => {
    // −0.001 … −0.500 in a scrambled order: the 5th-worst is −0.496.
    const returns = Array.from({ length: 500 }, (_, i) => -(((i * 7919) % 500) + 1) / 1000);
    const risk = historicalRisk(returns, { confidence: 0.99 });
    expect(risk.tailCount).toBe(5);
    expect(risk.valueAtRisk).toBe(0.496);
    expect(risk.expectedShortfall).toBeCloseTo((0.5 + 0.499 + 0.498 + 0.497 + 0.496) / 5, 15);
  });

  it('leaves the input untouched and rejects NaN or an empty window', () => {
    const copy = [...RETURNS];
    historicalValueAtRisk(RETURNS, { confidence: 0.9 });
    expect(RETURNS).toEqual(copy);
    expect(() => historicalRisk([0.01, Number.NaN], { confidence: 0.95 })).toThrow(/return 1 is NaN/);
    expect(() => historicalRisk([], { confidence: 0.95 })).toThrow(/empty/);
    expect(() => historicalRisk(RETURNS, { confidence: 1 })).toThrow(/confidence must be in \(0, 1\)/);
  });

  it('equals the sort-based definition on random windows with many ties', () => {
    const value = fc.integer({ min: -20, max: 20 }).map((i) => i / 1000);
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (returns, confidence) => {
          const risk = historicalRisk(returns, { confidence });
          const reference = naive(returns, confidence);
          expect(risk.tailCount).toBe(reference.tailCount);
          expect(risk.valueAtRisk).toBe(reference.valueAtRisk);
          expect(risk.expectedShortfall).toBeCloseTo(reference.expectedShortfall, 12);
          expect(risk.expectedShortfall, 'ES ≥ VaR').toBeGreaterThanOrEqual(risk.valueAtRisk - 1e-15);
        },
      ),
    );
  });
});

describe('historicalRisk on real BTC-PERP 1-minute returns', () => {
  it('equals the sort-based reference at 95%, 99% and 99.9% over 45,030 returns', async () => {
    const { series, rowsRead } = await loadBars({
      path: SAMPLE.pathname,
      instrumentId: instrumentId('BTC-PERP', 'FTX'),
    });
    expect(rowsRead, 'SOURCE.md: 45,031 rows').toBe(45_031);
    const returns = simpleReturns(series.close);
    expect(returns.length).toBe(45_030);
    let previous = 0;
    for (const confidence of [0.95, 0.99, 0.999]) {
      const risk = historicalRisk(returns, { confidence });
      const reference = naive(returns, confidence);
      expect(risk.tailCount, `${confidence}: tail size`).toBe(reference.tailCount);
      expect(risk.valueAtRisk, `${confidence}: VaR equals the sorted order statistic`).toBe(reference.valueAtRisk);
      expect(risk.expectedShortfall).toBeCloseTo(reference.expectedShortfall, 14);
      expect(risk.valueAtRisk, 'a higher confidence never lowers VaR').toBeGreaterThan(previous);
      expect(risk.expectedShortfall).toBeGreaterThanOrEqual(risk.valueAtRisk);
      previous = risk.valueAtRisk;
    }
  });
});

describe('simpleReturns', () => {
  it('gives c_i / c_(i−1) − 1 and rejects a non-positive close', () => {
    expect(Array.from(simpleReturns([100, 110, 99]))).toEqual([110 / 100 - 1, 99 / 110 - 1]);
    expect(() => simpleReturns([100, 0])).toThrow(/close 1 must be > 0/);
  });
});
