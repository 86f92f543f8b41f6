import { describe, expect, it } from 'vitest';
import { createPositionSizer, type PositionSizerConfig } from './create-position-sizer.ts';

const context = {
  equity: 100_000,
  price: 40_000,
  instrument: { sizeIncrement: 0.001, sizePrecision: 3, minQuantity: 0.001, minNotional: 10 },
  atr: 150,
};

describe('createPositionSizer', () => {
  it('builds the named sizer with its options: risk per trade 0.5% over 2 × ATR 150 → 1.666', () => {
    const sizer = createPositionSizer({ kind: 'risk_per_trade', atrMultiple: 2, maxPositionFraction: 1 });
    expect(sizer.name).toBe('risk_per_trade');
    expect(sizer.size(context).quantity).toBe(1.666);
  });

  it('adds the correlation cap when configured: 1.666 × (1 − 0.85) / 0.3 = 0.833', () => {
    const sizer = createPositionSizer({
      kind: 'risk_per_trade',
      atrMultiple: 2,
      maxPositionFraction: 1,
      correlationCap: { threshold: 0.7 },
    });
    expect(sizer.name).toBe('risk_per_trade+correlation_cap');
    expect(sizer.size({ ...context, correlationWithHoldings: 0.85 }).quantity).toBe(0.833);
  });

  it('names an unknown kind and a bad option', () => {
    expect(() => createPositionSizer({ kind: 'martingale' } as unknown as PositionSizerConfig)).toThrow(
      /kind must be one of fixed_quantity, .*kelly, got martingale/,
    );
    expect(() => createPositionSizer({ kind: 'kelly', maxFraction: 0 })).toThrow(/kelly: maxFraction/);
  });
});
