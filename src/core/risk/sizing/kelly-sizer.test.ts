import { describe, expect, it } from 'vitest';
import { kellyCriterion, kellySizer, tradeStatistics } from './kelly-sizer.ts';
import type { SizingContext } from './position-sizer.ts';

const BTC = { sizeIncrement: 0.001, sizePrecision: 3, minQuantity: 0.001, minNotional: 10 };

function context(winRate: number, payoffRatio: number, trades = 50): SizingContext {
  return { equity: 100_000, price: 40_000, instrument: BTC, tradeStatistics: { trades, winRate, payoffRatio } };
}

describe('kellyCriterion', () => {
  it('matches the published even-money example: p = 0.6, b = 1 → f* = 0.2', () => {
    // Kelly (1956) / Thorp: f* = p − q/b = 0.6 − 0.4 = 0.2.
    expect(kellyCriterion(0.6, 1)).toBeCloseTo(0.2, 15);
    // p = 0.5, b = 2: 0.5 − 0.5/2 = 0.25.
    expect(kellyCriterion(0.5, 2)).toBeCloseTo(0.25, 15);
    expect(kellyCriterion(0.4, 1), 'no edge').toBeCloseTo(-0.2, 15);
    expect(kellyCriterion(0.7, Number.POSITIVE_INFINITY), 'no losing trade: f* = p').toBe(0.7);
    expect(kellyCriterion(0, 0)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('kellySizer', () => {
  it('half Kelly of f* = 0.2 puts 10% of equity in: 10,000 / 40,000 = 0.25 BTC', () => {
    // 0.6 − 0.4 is 0.19999999999999996 in binary; the snap's tolerance still gives 0.25, not 0.249.
    const decision = kellySizer().size(context(0.6, 1));
    expect(decision.quantity).toBe(0.25);
    expect(decision.steps.find((s) => s.label === 'full kelly')?.value).toBeCloseTo(0.2, 12);
  });

  it('caps the bet hard: p = 0.9, b = 3 → f* = 0.8667, full Kelly capped at 20% → 0.5 BTC', () => {
    const sizer = kellySizer({ kellyFraction: 1, maxFraction: 0.2, maxPositionFraction: 1 });
    const decision = sizer.size(context(0.9, 3));
    expect(decision.steps.find((s) => s.label === 'bet fraction (capped)')?.value).toBe(0.2);
    expect(decision.quantity).toBe(0.5);
  });

  it('gives 0 with NO_EDGE when f* ≤ 0 and TOO_FEW_TRADES below minTrades', () => {
    expect(kellySizer().size(context(0.4, 1)).reason).toBe('NO_EDGE');
    expect(kellySizer().size(context(0.5, 1)).reason, 'f* = 0 exactly').toBe('NO_EDGE');
    expect(kellySizer().size(context(0.6, 1, 29)).reason, '29 < 30 trades').toBe('TOO_FEW_TRADES');
    expect(kellySizer({ minTrades: 5 }).size(context(0.6, 1, 5)).quantity).toBe(0.25);
    const noStatistics = kellySizer().size({ equity: 100_000, price: 40_000, instrument: BTC });
    expect(noStatistics.reason).toBe('TOO_FEW_TRADES');
  });
});

describe('tradeStatistics', () => {
  it('counts wins, losses and break-evens by hand', () => {
    // Wins 100, 200 (mean 150); losses −50, −100 (mean 75); one break-even: p = 2/5, b = 2.
    const trades = [100, -50, 200, -100, 0].map((pnl) => ({ pnl }));
    expect(tradeStatistics(trades)).toEqual({ trades: 5, winRate: 0.4, payoffRatio: 2 });
    // Last 3: 200, −100, 0 → p = 1/3, b = 2.
    expect(tradeStatistics(trades, 3)).toEqual({ trades: 3, winRate: 1 / 3, payoffRatio: 2 });
    expect(tradeStatistics([{ pnl: 5 }]).payoffRatio).toBe(Number.POSITIVE_INFINITY);
    expect(tradeStatistics([{ pnl: -5 }])).toEqual({ trades: 1, winRate: 0, payoffRatio: 0 });
    expect(() => tradeStatistics(trades, 0)).toThrow(/window must be an integer ≥ 1/);
  });
});
