import { describe, expect, it } from 'vitest';
import { ceilToIncrement } from '../../model/decimal.ts';
import { testInstrument } from '../../testing/fixtures.ts';
import { Crossing, ExitKind, exitKindOf, exitTags, firstCrossing, stopBehind, targetBeyond } from './exit-levels.ts';
import { resolveExitRules } from './exit-rules.ts';
import { PositionLevels } from './position-levels.ts';

const CENTS = testInstrument({ priceIncrement: 0.01 });
const HALVES = testInstrument({ symbol: 'HALF', priceIncrement: 0.5 });

describe('level rounding: never farther from the entry than configured', () => {
  it('rounds a long stop up and a short stop down to the grid', () => {
    expect(stopBehind(1, 100, 1.2345, CENTS), '98.7655 → 98.77 (up)').toBe(98.77);
    expect(stopBehind(-1, 100, 1.2345, CENTS), '101.2345 → 101.23 (down)').toBe(101.23);
    expect(stopBehind(1, 100, 1.2, HALVES), '98.8 → 99 on a 0.5 grid').toBe(99);
    expect(stopBehind(-1, 100, 1.2, HALVES), '101.2 → 101').toBe(101);
  });

  it('rounds a long take-profit down and a short one up to the grid', () => {
    expect(targetBeyond(1, 100, 4.019, CENTS)).toBe(104.01);
    expect(targetBeyond(-1, 100, 4.019, CENTS)).toBe(95.99);
    expect(targetBeyond(1, 100, 4.2, HALVES)).toBe(104);
    expect(targetBeyond(-1, 100, 4.2, HALVES)).toBe(96);
  });

  it('keeps a level already on the grid where it is, despite float products (107 × 0.99 = 105.92999…)', () => {
    expect(107 * 0.99, 'the raw double is below the grid point').toBeLessThan(105.93);
    expect(stopBehind(1, 107, 107 * 0.01, CENTS)).toBe(105.93);
    expect(ceilToIncrement(105.93, 0.01, 2)).toBe(105.93);
    expect(ceilToIncrement(105.931, 0.01, 2)).toBe(105.94);
  });

  it('has no level for an unknown distance or a non-positive price', () => {
    expect(stopBehind(1, 100, Number.NaN, CENTS)).toBeNaN();
    expect(stopBehind(1, 100, 150, CENTS), 'a long stop below zero').toBeNaN();
    expect(targetBeyond(-1, 100, 100, CENTS), 'a short target at zero').toBeNaN();
  });
});

describe('PositionLevels', () => {
  it('long from 100, 2% stop and 2R target: 98 and 104', () => {
    const levels = new PositionLevels(
      resolveExitRules({ stopLoss: { percent: 0.02 }, takeProfit: { riskMultiple: 2 } }),
      CENTS,
    );
    levels.open(1, 10, 100, 0, Number.NaN);
    expect([levels.stopLoss, levels.takeProfit, levels.stop, levels.stopKind]).toEqual([98, 104, 98, 'STOP_LOSS']);
  });

  it('short from 100.37: stop 2% = 102.3774 → 102.37, target 2R = 96.3552 → 96.36', () => {
    const levels = new PositionLevels(
      resolveExitRules({ stopLoss: { percent: 0.02 }, takeProfit: { riskMultiple: 2 } }),
      CENTS,
    );
    levels.open(-1, 3, 100.37, 0, Number.NaN);
    expect(levels.stopLoss).toBe(102.37);
    expect(levels.takeProfit).toBe(96.36);
  });

  it('trails 1% behind the highs 105 then 107 (103.95, 105.93) and never loosens', () => {
    const levels = new PositionLevels(resolveExitRules({ trailingStop: { percent: 0.01 } }), CENTS);
    levels.open(1, 10, 100, 0, Number.NaN);
    expect(levels.trailingStop, 'from the entry before any bar').toBe(99);
    levels.update(105, 100, Number.NaN);
    expect(levels.trailingStop).toBe(103.95);
    levels.update(107, 104, Number.NaN);
    expect(levels.trailingStop).toBe(105.93);
    levels.update(106, 101, Number.NaN);
    expect(levels.trailingStop, 'a lower high does not move it back').toBe(105.93);
    expect(levels.stopKind).toBe(ExitKind.TrailingStop);
  });

  it('trails a short behind the lowest low, rounding down', () => {
    const levels = new PositionLevels(resolveExitRules({ trailingStop: { percent: 0.01 } }), CENTS);
    levels.open(-1, 10, 100, 0, Number.NaN);
    levels.update(99, 95.55, Number.NaN);
    expect(levels.trailingStop, '95.55 × 1.01 = 96.5055 → 96.50').toBe(96.5);
  });

  it('activates the trail once the best price is the activation beyond the entry; the stop is the tighter', () => {
    const levels = new PositionLevels(
      resolveExitRules({ stopLoss: { percent: 0.02 }, trailingStop: { percent: 0.01, activationPercent: 0.03 } }),
      CENTS,
    );
    levels.open(1, 10, 100, 0, Number.NaN);
    levels.update(102.9, 99, Number.NaN);
    expect([levels.trailingStop, levels.stop, levels.stopKind], 'below +3%: not active').toEqual([
      Number.NaN,
      98,
      'STOP_LOSS',
    ]);
    levels.update(103, 99, Number.NaN);
    expect([levels.trailingStop, levels.stop, levels.stopKind], 'at +3%: 103 × 0.99 = 101.97').toEqual([
      101.97,
      101.97,
      'TRAILING_STOP',
    ]);
  });

  it('fixes ATR levels with the ATR at entry, or at the first bar it is ready', () => {
    const rules = resolveExitRules({ stopLoss: { atrMultiple: 2 }, takeProfit: { atrMultiple: 3 } });
    const levels = new PositionLevels(rules, CENTS);
    levels.open(1, 1, 100, 0, 1.5);
    expect([levels.stopLoss, levels.takeProfit]).toEqual([97, 104.5]);
    levels.update(101, 99, 4);
    expect(levels.stopLoss, 'a later ATR does not move a fixed stop').toBe(97);
    const late = new PositionLevels(rules, CENTS);
    late.open(1, 1, 100, 0, Number.NaN);
    expect(late.stop, 'no ATR yet, no stop yet').toBeNaN();
    late.update(101, 99, 2);
    expect([late.stopLoss, late.takeProfit]).toEqual([96, 106]);
  });

  it('moves the fixed levels with the average price when the position grows', () => {
    const levels = new PositionLevels(resolveExitRules({ stopLoss: { percent: 0.02 } }), CENTS);
    levels.open(1, 10, 100, 0, Number.NaN);
    levels.resize(20, 105, Number.NaN);
    expect([levels.quantity, levels.stopLoss], '105 × 0.98 = 102.9').toEqual([20, 102.9]);
  });
});

describe('firstCrossing: the order the simulated venue walks a bar', () => {
  const path = new Float64Array(4);
  const touch = { position: 0, price: 0 };
  const bar = (open: number, high: number, low: number, close: number) => ({ open, high, low, close });

  it('finds the stop of a long when the low reaches it, the target when the high does', () => {
    expect(firstCrossing(1, bar(100, 101, 97.9, 99), 98, 104, path, touch)).toBe(Crossing.Stop);
    expect(firstCrossing(1, bar(100, 104, 99, 103), 98, 104, path, touch)).toBe(Crossing.TakeProfit);
    expect(firstCrossing(1, bar(100, 103.99, 98.01, 100), 98, 104, path, touch)).toBe(Crossing.None);
    expect(firstCrossing(-1, bar(100, 102, 99, 101), 102, 96, path, touch), 'a short stop above').toBe(Crossing.Stop);
  });

  it('walks to the nearer extreme first: open 100, high 105 (nearer), low 97 → the target at 104 first', () => {
    expect(firstCrossing(1, bar(100, 105, 94, 100), 98, 104, path, touch)).toBe(Crossing.TakeProfit);
    expect(firstCrossing(1, bar(100, 107, 97, 100), 98, 104, path, touch), 'low nearer').toBe(Crossing.Stop);
  });

  it('ignores absent levels', () => {
    expect(firstCrossing(1, bar(100, 110, 90, 100), Number.NaN, Number.NaN, path, touch)).toBe(Crossing.None);
  });
});

describe('tags', () => {
  it('tags every exit EXIT plus its kind and reads the kind back', () => {
    expect(exitTags(ExitKind.TrailingStop)).toEqual(['EXIT', 'TRAILING_STOP']);
    expect(exitKindOf(['EXIT', 'TIME_STOP'])).toBe('TIME_STOP');
    expect(exitKindOf(['entry'])).toBeUndefined();
    expect(exitKindOf(['EXIT', 'OTHER'])).toBeUndefined();
  });
});
