import { describe, expect, it } from 'vitest';
import { type ExitRules, resolveExitRules } from './exit-rules.ts';

describe('resolveExitRules', () => {
  it('resolves each rule to one distance, native mode and a 14-bar ATR by default', () => {
    const rules = resolveExitRules({
      stopLoss: { percent: 0.02 },
      takeProfit: { riskMultiple: 2 },
      trailingStop: { atrMultiple: 3, activationPercent: 0.01 },
      timeStop: { bars: 30 },
    });
    expect(rules).toEqual({
      mode: 'native',
      atrPeriod: 14,
      usesAtr: true,
      stopLoss: { unit: 'percent', value: 0.02 },
      takeProfit: { unit: 'risk', value: 2 },
      trailingStop: { unit: 'atr', value: 3, activation: 0.01 },
      timeStop: { bars: 30, minutes: undefined },
    });
    expect(Object.isFrozen(rules), 'resolved rules cannot be changed afterwards').toBe(true);
    expect(resolveExitRules({ stopLoss: { percent: 0.01 } }).usesAtr, 'no ATR is kept without ATR distances').toBe(
      false,
    );
  });

  const invalid: [string, ExitRules, RegExp][] = [
    ['no rule at all', { mode: 'simulated' }, /at least one of stopLoss, takeProfit, trailingStop, timeStop/],
    ['two distances in one rule', { stopLoss: { percent: 0.02, atrMultiple: 2 } }, /stopLoss needs exactly one/],
    ['no distance', { stopLoss: {} }, /stopLoss needs exactly one of percent or atrMultiple, got none/],
    ['a percent written as 2 for 2%', { stopLoss: { percent: 2 } }, /stopLoss\.percent must be a fraction in \(0, 1\)/],
    ['a negative multiple', { takeProfit: { atrMultiple: -1 } }, /takeProfit\.atrMultiple must be a finite number > 0/],
    ['NaN', { trailingStop: { percent: Number.NaN } }, /trailingStop\.percent/],
    ['an R multiple without a stop', { takeProfit: { riskMultiple: 2 } }, /takeProfit\.riskMultiple needs a stopLoss/],
    [
      'an R multiple on a stop',
      { stopLoss: { riskMultiple: 2 } as ExitRules['stopLoss'] },
      /stopLoss\.riskMultiple is not an option/,
    ],
    [
      'an activation of 0',
      { trailingStop: { percent: 0.01, activationPercent: 0 } },
      /trailingStop\.activationPercent must be a fraction/,
    ],
    [
      'both time units',
      { timeStop: { bars: 10, minutes: 10 } },
      /timeStop needs exactly one of bars or minutes, got both/,
    ],
    ['a fractional bar count', { timeStop: { bars: 2.5 } }, /timeStop\.bars must be an integer ≥ 1/],
    ['zero minutes', { timeStop: { minutes: 0 } }, /timeStop\.minutes must be a finite number > 0/],
    [
      'an unknown mode',
      { stopLoss: { percent: 0.01 }, mode: 'venue' as 'native' },
      /mode must be 'native' or 'simulated'/,
    ],
    ['a zero ATR period', { stopLoss: { atrMultiple: 2 }, atrPeriod: 0 }, /atrPeriod must be an integer ≥ 1/],
  ];
  it.each(invalid)('throws, naming the field, for %s', (_name, rules, message) => {
    expect(() => resolveExitRules(rules)).toThrow(message);
  });
});
