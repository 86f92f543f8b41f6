import { describe, expect, it } from 'vitest';
import { correlationCappedSizer, correlationCapScale, correlationWithHoldings } from './correlation-cap.ts';
import { fixedQuantitySizer } from './fixed-sizers.ts';

const BTC = { sizeIncrement: 0.001, sizePrecision: 3, minQuantity: 0.001, minNotional: 10 };

describe('correlationCapScale', () => {
  it('is 1 up to the threshold, then (1 − ρ) / (1 − τ) down to 0 at ρ = 1', () => {
    const options = { threshold: 0.7 };
    expect(correlationCapScale(0.5, options)).toBe(1);
    expect(correlationCapScale(0.7, options), 'at the threshold').toBe(1);
    // (1 − 0.85) / (1 − 0.7) = 0.15 / 0.3 = 0.5.
    expect(correlationCapScale(0.85, options)).toBeCloseTo(0.5, 12);
    expect(correlationCapScale(1, options)).toBe(0);
    expect(correlationCapScale(-0.95, options), 'a hedge is never scaled').toBe(1);
    expect(correlationCapScale(Number.NaN, options), 'no information').toBe(1);
    expect(() => correlationCapScale(0.5, { threshold: 1 })).toThrow(/threshold must be in \[0, 1\)/);
  });
});

describe('correlationWithHoldings', () => {
  const a = [0.01, -0.02, 0.015, 0.003, -0.007, 0.02];
  const b = [0.002, 0.01, -0.01, 0.004, 0.0, -0.003];
  it('is +1 for a copy of the book, −1 for its mirror, and flips with a short holding', () => {
    expect(correlationWithHoldings(a, [{ returns: a, value: 5_000 }])).toBeCloseTo(1, 12);
    expect(
      correlationWithHoldings(
        a.map((r) => -r),
        [{ returns: a, value: 5_000 }],
      ),
    ).toBeCloseTo(-1, 12);
    expect(correlationWithHoldings(a, [{ returns: a, value: -5_000 }])).toBeCloseTo(-1, 12);
    expect(correlationWithHoldings(a, [])).toBeNaN();
  });

  it('weights the book by value: a book of 2a + b against a', () => {
    // Reference Pearson correlation computed directly.
    const book = a.map((r, t) => 2 * r + b[t]!);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const ma = mean(a);
    const mb = mean(book);
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let t = 0; t < a.length; t++) {
      sab += (a[t]! - ma) * (book[t]! - mb);
      saa += (a[t]! - ma) ** 2;
      sbb += (book[t]! - mb) ** 2;
    }
    const expected = sab / Math.sqrt(saa * sbb);
    const holdings = [
      { returns: a, value: 2_000 },
      { returns: b, value: 1_000 },
    ];
    expect(correlationWithHoldings(a, holdings)).toBeCloseTo(expected, 12);
    expect(() => correlationWithHoldings(a, [{ returns: [0.1], value: 1 }])).toThrow(/holding 0 has 1 returns/);
  });
});

describe('correlationCappedSizer', () => {
  const context = { equity: 1_000_000, price: 40_000, instrument: BTC };
  const sizer = correlationCappedSizer(fixedQuantitySizer({ quantity: 1 }), { threshold: 0.7 });

  it('scales 1 BTC by (1 − 0.8) / 0.3 = 0.666… → 0.666 BTC, snapped down', () => {
    const decision = sizer.size({ ...context, correlationWithHoldings: 0.8 });
    expect(decision.quantity).toBe(0.666);
    expect(decision.capped).toBe(true);
    expect(decision.steps.some((s) => s.label === 'correlation scale')).toBe(true);
  });

  it('passes the inner size through below the threshold or without a correlation, and gives 0 at ρ = 1', () => {
    expect(sizer.size({ ...context, correlationWithHoldings: 0.3 }).quantity).toBe(1);
    expect(sizer.size(context).quantity).toBe(1);
    const duplicate = sizer.size({ ...context, correlationWithHoldings: 1 });
    expect(duplicate.quantity).toBe(0);
    expect(duplicate.reason).toBe('CORRELATION_CAP');
  });
});
