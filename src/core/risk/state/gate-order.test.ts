import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GateOrder, gateOrder, OrderAction } from './gate-order.ts';
import { GLOBAL_SCOPE, TradingState } from './trading-state.ts';

/** Quantities as whole lots of 0.001: a flip or growth is then at least one lot, far beyond the tolerance. */
const LOT = 0.001;
const lots = fc.integer({ min: 1, max: 1_000_000 });
const signedLots = fc.integer({ min: -1_000_000, max: 1_000_000 });
const side = fc.constantFrom('buy' as const, 'sell' as const);
const orderAction = fc.constantFrom(OrderAction.Submit, OrderAction.Modify);

function order(action: GateOrder['action'], s: 'buy' | 'sell', quantity: number, working = 0): GateOrder {
  return { action, side: s, quantity, workingQuantity: working };
}

describe('gateOrder', () => {
  it('HALTED denies every submit and modify, and allows every cancel', () => {
    fc.assert(
      fc.property(orderAction, side, lots, signedLots, (action, s, q, p) => {
        const denial = gateOrder(TradingState.Halted, GLOBAL_SCOPE, order(action, s, q * LOT), p * LOT);
        expect(denial?.reason, `${action} ${s} ${q} lots at position ${p} lots`).toBe('TRADING_HALTED');
        expect(gateOrder(TradingState.Halted, GLOBAL_SCOPE, order('cancel', s, q * LOT), p * LOT)).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('REDUCING denies every order that grows or flips |position| and allows every order that shrinks it', () => {
    fc.assert(
      fc.property(orderAction, side, lots, signedLots, (action, s, q, p) => {
        const after = p + (s === 'buy' ? q : -q);
        const shrinksWithoutFlip = Math.abs(after) < Math.abs(p) && Math.sign(after) !== -Math.sign(p);
        const denial = gateOrder(TradingState.Reducing, GLOBAL_SCOPE, order(action, s, q * LOT), p * LOT);
        if (shrinksWithoutFlip) expect(denial, `${s} ${q} lots shrinks position ${p} lots`).toBeUndefined();
        else expect(denial?.reason, `${s} ${q} lots at position ${p} lots grows or flips`).toBe('TRADING_REDUCING');
        expect(gateOrder(TradingState.Reducing, GLOBAL_SCOPE, order('cancel', s, q * LOT), p * LOT)).toBeUndefined();
      }),
      { numRuns: 5_000 },
    );
  });

  it('HALTED lets a flatten order through only when it shrinks without flipping', () => {
    fc.assert(
      fc.property(side, lots, signedLots, (s, q, p) => {
        const after = p + (s === 'buy' ? q : -q);
        const shrinks = Math.abs(after) < Math.abs(p) && Math.sign(after) !== -Math.sign(p);
        const denial = gateOrder(TradingState.Halted, GLOBAL_SCOPE, order('flatten', s, q * LOT), p * LOT);
        expect(denial === undefined, `flatten ${s} ${q} lots at ${p} lots`).toBe(shrinks);
      }),
    );
  });

  it('ACTIVE allows everything', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(OrderAction)), side, lots, signedLots, (action, s, q, p) => {
        expect(gateOrder(TradingState.Active, GLOBAL_SCOPE, order(action, s, q * LOT), p * LOT)).toBeUndefined();
      }),
    );
  });

  it('counts working orders on the same side: two sells that each close a long cannot together flip it', () => {
    const first = gateOrder(TradingState.Reducing, GLOBAL_SCOPE, order('submit', 'sell', 1, 0), 1);
    const second = gateOrder(TradingState.Reducing, GLOBAL_SCOPE, order('submit', 'sell', 1, 1), 1);
    expect(first, 'the first sell closes the long').toBeUndefined();
    expect(second?.detail, 'the second would flip it, given the first is working').toContain('1 + 1 working > 1');
  });

  it('closes a position left with float residue by fills (0.7 − 0.4 = 0.29999999999999993)', () => {
    const position = 0.7 - 0.4;
    expect(position).not.toBe(0.3);
    expect(gateOrder(TradingState.Reducing, GLOBAL_SCOPE, order('submit', 'sell', 0.3), position)).toBeUndefined();
  });

  it('states the numbers in a denial', () => {
    const denial = gateOrder(TradingState.Reducing, GLOBAL_SCOPE, order('submit', 'buy', 2), 0.5);
    expect(denial?.detail).toBe(
      'state REDUCING allows only orders that shrink |position|; submit buy 2 at position 0.5 would grow |position| 0.5',
    );
  });
});
