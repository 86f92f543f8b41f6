import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fallsShortOf, isOnIncrement, precisionOf } from '../../model/decimal.ts';
import { correlationCappedSizer } from './correlation-cap.ts';
import { fixedFractionSizer, fixedNotionalSizer, fixedQuantitySizer } from './fixed-sizers.ts';
import { kellySizer } from './kelly-sizer.ts';
import {
  describeSizing,
  type PositionCaps,
  type PositionSizer,
  type SizingContext,
  type SizingInstrument,
} from './position-sizer.ts';
import { riskPerTradeSizer } from './risk-per-trade-sizer.ts';
import { annualisedVolatility, volatilityTargetSizer } from './volatility-target-sizer.ts';

/** A BTC-like lot: 0.001 BTC steps, at least 0.001 BTC and 10 USD. */
const BTC: SizingInstrument = { sizeIncrement: 0.001, sizePrecision: 3, minQuantity: 0.001, minNotional: 10 };

function context(overrides: Partial<SizingContext>): SizingContext {
  return { equity: 100_000, price: 40_000, instrument: BTC, ...overrides };
}

describe('risk per trade', () => {
  it('sizes equity × r / (k × ATR): 100,000 × 0.5% / (2 × 150) = 1.666… → 1.666', () => {
    // 500 USD at risk over a 300 USD stop: 1.6666… BTC, snapped down to 0.001 → 1.666 (never 1.667).
    const sizer = riskPerTradeSizer({ atrMultiple: 2, maxPositionFraction: 1 });
    const decision = sizer.size(context({ atr: 150 }));
    expect(decision.quantity, 'snapped down, not rounded to nearest').toBe(1.666);
    expect(decision.notional).toBeCloseTo(1.666 * 40_000, 6);
    expect(decision.capped).toBe(false);
    const labels = decision.steps.map((s) => s.label);
    expect(labels, 'the breakdown names each intermediate number').toEqual([
      'equity',
      'risk fraction',
      'risk budget',
      'atr',
      'atr multiple',
      'stop distance',
      'raw quantity',
      'snapped down to increment 0.001',
      'notional',
    ]);
    expect(decision.steps.find((s) => s.label === 'risk budget')?.value).toBe(500);
    expect(describeSizing(decision)).toContain('stop distance=300');
  });

  it('the default 10% max position caps it: 10,000 / 40,000 = 0.25 BTC', () => {
    const decision = riskPerTradeSizer({ atrMultiple: 2 }).size(context({ atr: 150 }));
    expect(decision.quantity).toBe(0.25);
    expect(decision.capped, 'the cap, not the risk rule, set the size').toBe(true);
  });

  it('prefers a given stop distance over the ATR and gives 0 with MISSING_INPUT without either', () => {
    const sizer = riskPerTradeSizer({ atrMultiple: 2, maxPositionFraction: 1 });
    // 500 / 1,000 = 0.5 BTC.
    expect(sizer.size(context({ stopDistance: 1_000, atr: 150 })).quantity).toBe(0.5);
    const missing = sizer.size(context({}));
    expect(missing.quantity).toBe(0);
    expect(missing.reason).toBe('MISSING_INPUT');
    expect(sizer.size(context({ atr: Number.NaN })).reason, 'an ATR still warming up').toBe('MISSING_INPUT');
  });
});

describe('fixed sizers', () => {
  it('fixed notional: 1,000 USD at 47,123.5 = 0.02122… → 0.021 BTC', () => {
    const decision = fixedNotionalSizer({ notional: 1_000 }).size(context({ price: 47_123.5 }));
    expect(decision.quantity).toBe(0.021);
  });

  it('fixed fraction: 5% of 50,000 at 2,000 = 1.25 ETH', () => {
    const eth = { sizeIncrement: 0.01, sizePrecision: 2, minQuantity: 0.01, minNotional: 5 };
    const decision = fixedFractionSizer({ fraction: 0.05 }).size({ equity: 50_000, price: 2_000, instrument: eth });
    expect(decision.quantity).toBe(1.25);
  });

  it('fixed quantity is capped by maxQuantity and by the 10% default', () => {
    expect(fixedQuantitySizer({ quantity: 2, maxQuantity: 0.1 }).size(context({})).quantity).toBe(0.1);
    // 10% of 100,000 at 40,000 = 0.25.
    expect(fixedQuantitySizer({ quantity: 2 }).size(context({})).quantity).toBe(0.25);
    expect(fixedQuantitySizer({ quantity: 2, maxNotional: 4_000 }).size(context({})).quantity).toBe(0.1);
  });

  it('returns 0 with a reason below the minimum quantity or notional, never rounding up', () => {
    const below = fixedQuantitySizer({ quantity: 0.0004 }).size(context({}));
    expect(below.quantity).toBe(0);
    expect(below.reason).toBe('BELOW_MIN_QUANTITY');
    const fine = { sizeIncrement: 0.0001, sizePrecision: 4, minQuantity: 0.0001, minNotional: 10 };
    // 5 USD / 40,000 = 0.000125 → 0.0001 BTC = 4 USD < 10 USD.
    const small = fixedNotionalSizer({ notional: 5 }).size(context({ instrument: fine }));
    expect(small.quantity).toBe(0);
    expect(small.reason).toBe('BELOW_MIN_NOTIONAL');
    expect(describeSizing(small)).toMatch(/^BELOW_MIN_NOTIONAL: /);
  });

  it('gives 0 with NO_EQUITY when equity is not positive', () => {
    const decision = fixedFractionSizer({ fraction: 0.1 }).size(context({ equity: -5 }));
    expect(decision.quantity).toBe(0);
    expect(decision.reason).toBe('NO_EQUITY');
  });
});

describe('snapping at the edge of double precision', () => {
  it('stays under the cap when the grid has 16 significant digits (found by the property test)', () => {
    // Cap 10% × 19,418,415.68 / 0.0001 = 19,418,415.679694742 on a 1e-8 grid: rounding back to the grid
    // gave 19,418,415.67969475, one step above the cap.
    const satoshi = { sizeIncrement: 1e-8, sizePrecision: 8, minQuantity: 1e-8, minNotional: 0 };
    const ctx = { equity: 19418.415679694743, price: 0.0001, instrument: satoshi, atr: 5e-324 };
    const decision = riskPerTradeSizer({ atrMultiple: 2 }).size(ctx);
    expect(decision.quantity).toBeGreaterThan(0);
    expect(decision.quantity).toBeLessThanOrEqual((0.1 * ctx.equity) / ctx.price);
  });
});

describe('volatility target', () => {
  it('notional = 10% / 80% × 100,000 = 12,500 → 0.25 BTC at 50,000 (cap raised to 50%)', () => {
    const sizer = volatilityTargetSizer({ targetVolatility: 0.1, maxPositionFraction: 0.5 });
    expect(sizer.size(context({ price: 50_000, volatility: 0.8 })).quantity).toBe(0.25);
    // With the 10% default the 12,500 is capped at 10,000 → 0.2.
    const capped = volatilityTargetSizer({ targetVolatility: 0.1 }).size(context({ price: 50_000, volatility: 0.8 }));
    expect(capped.quantity).toBe(0.2);
    expect(capped.capped).toBe(true);
    expect(sizer.size(context({})).reason).toBe('MISSING_INPUT');
  });

  it('annualises the realized volatility of log returns: ±ln 1.1 over 2 returns, 4 periods a year', () => {
    // Returns +a, −a with a = ln 1.1: mean 0, sample variance 2a² / 1, σ = a√2; × √4 = 2√2 · ln 1.1.
    const expected = 2 * Math.SQRT2 * Math.log(1.1);
    expect(annualisedVolatility([5, 100, 110, 100], { period: 2, periodsPerYear: 4 })).toBeCloseTo(expected, 12);
    expect(annualisedVolatility([100, 110], { period: 2, periodsPerYear: 4 }), 'too few closes').toBeNaN();
  });
});

describe('option validation', () => {
  it('throws RangeErrors naming the option', () => {
    expect(() => riskPerTradeSizer({ riskFraction: 0 })).toThrow(/risk_per_trade: riskFraction must be in \(0, 1\]/);
    expect(() => fixedFractionSizer({ fraction: 1.5 })).toThrow(/fraction must be in/);
    expect(() => fixedNotionalSizer({ notional: -1 })).toThrow(/fixed_notional: notional/);
    expect(() => fixedQuantitySizer({ quantity: 1, maxPositionFraction: 2 })).toThrow(/maxPositionFraction/);
    expect(() => volatilityTargetSizer({ targetVolatility: Number.NaN })).toThrow(/targetVolatility/);
    expect(() => kellySizer({ minTrades: 2.5 })).toThrow(/kelly: minTrades must be an integer/);
    expect(() => fixedQuantitySizer({ quantity: 1 }).size(context({ price: 0 }))).toThrow(/context.price/);
  });
});

describe('properties', () => {
  const increments = [1e-8, 1e-5, 0.001, 0.01, 0.1, 0.5, 1, 5, 100];
  const arbitraryInstrument = fc
    .record({
      increment: fc.constantFrom(...increments),
      minSteps: fc.integer({ min: 1, max: 20 }),
      minNotional: fc.constantFrom(0, 1, 5, 10, 100),
    })
    .map(({ increment, minSteps, minNotional }) => {
      const sizePrecision = precisionOf(increment);
      const minQuantity = Number((increment * minSteps).toFixed(sizePrecision));
      return { sizeIncrement: increment, sizePrecision, minQuantity, minNotional } satisfies SizingInstrument;
    });
  const caps = fc.record({
    maxPositionFraction: fc.option(fc.double({ min: 0.001, max: 1, noNaN: true }), { nil: undefined }),
    maxQuantity: fc.option(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { nil: undefined }),
    maxNotional: fc.option(fc.double({ min: 1, max: 1e8, noNaN: true }), { nil: undefined }),
  });
  const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const arbitrarySizer: fc.Arbitrary<{ sizer: PositionSizer; caps: PositionCaps }> = fc
    .tuple(fc.integer({ min: 0, max: 6 }), caps, positive(1e-6, 1e6), fc.double({ min: 0.001, max: 1, noNaN: true }))
    .map(([kind, c, amount, fraction]) => {
      const sizers: PositionSizer[] = [
        fixedQuantitySizer({ quantity: amount, ...c }),
        fixedNotionalSizer({ notional: amount, ...c }),
        fixedFractionSizer({ fraction, ...c }),
        riskPerTradeSizer({ riskFraction: fraction, atrMultiple: 2, ...c }),
        volatilityTargetSizer({ targetVolatility: fraction, ...c }),
        kellySizer({ kellyFraction: fraction, minTrades: 10, ...c }),
        correlationCappedSizer(fixedFractionSizer({ fraction, ...c }), { threshold: 0.5 }),
      ];
      return { sizer: sizers[kind]!, caps: c };
    });
  const arbitraryContext = fc.record({
    equity: fc.double({ min: -1e3, max: 1e9, noNaN: true }),
    price: positive(1e-4, 1e6),
    instrument: arbitraryInstrument,
    atr: fc.option(positive(0, 1e5), { nil: undefined }),
    volatility: fc.option(positive(0, 5), { nil: undefined }),
    tradeStatistics: fc.option(
      fc.record({
        trades: fc.integer({ min: 0, max: 200 }),
        winRate: fc.double({ min: 0, max: 1, noNaN: true }),
        payoffRatio: positive(0, 10),
      }),
      { nil: undefined },
    ),
    correlationWithHoldings: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
  });

  it('every quantity is ≥ 0, on the size increment, within every cap and above the minimums', () => {
    fc.assert(
      fc.property(arbitrarySizer, arbitraryContext, ({ sizer, caps: c }, ctx) => {
        const decision = sizer.size(ctx);
        const { quantity } = decision;
        const increment = ctx.instrument.sizeIncrement;
        expect(quantity, `${sizer.name}: never negative`).toBeGreaterThanOrEqual(0);
        expect(isOnIncrement(quantity, increment), `${sizer.name}: ${quantity} on the ${increment} grid`).toBe(true);
        const slack = 1e-9 * increment;
        const capQuantity = Math.min(
          ((c.maxPositionFraction ?? 0.1) * Math.max(ctx.equity, 0)) / ctx.price,
          c.maxQuantity ?? Number.POSITIVE_INFINITY,
          (c.maxNotional ?? Number.POSITIVE_INFINITY) / ctx.price,
        );
        expect(quantity, `${sizer.name}: within the cap ${capQuantity}`).toBeLessThanOrEqual(capQuantity + slack);
        if (quantity > 0) {
          expect(decision.reason).toBeUndefined();
          expect(quantity).toBeGreaterThanOrEqual(ctx.instrument.minQuantity);
          // The minimum notional holds up to the float error of the product (as the venue's decimal does).
          expect(
            fallsShortOf(quantity * ctx.price, ctx.instrument.minNotional),
            `${sizer.name}: notional ${quantity * ctx.price} meets the minimum ${ctx.instrument.minNotional}`,
          ).toBe(false);
        } else {
          expect(decision.reason, `${sizer.name}: a zero always says why`).toBeDefined();
        }
      }),
      // Seeded, as every random draw of the project; seed -945944773 once found the notional edge.
      { numRuns: 20_000, seed: 20_261_121 },
    );
  });

  it('a notional truly 1e-12 below the minimum is below it (regression: seed -945944773 under a 1e-12 tolerance)', () => {
    // 10% of 9.99999999999 at 0.0001 caps at 9,999.99999999 units: notional 0.999999999999 < 1.
    const decision = fixedQuantitySizer({ quantity: 10_000, maxNotional: 1 }).size({
      equity: 9.999999999989999,
      price: 0.0001,
      instrument: { sizeIncrement: 1e-8, sizePrecision: 8, minQuantity: 1e-8, minNotional: 1 },
    });
    expect(decision.quantity, 'nothing below the minimum notional').toBe(0);
    expect(decision.reason).toBeDefined();
    expect(fallsShortOf(3 * 0.7, 2.1), 'a float product of exactly the minimum still meets it').toBe(false);
  });
});
