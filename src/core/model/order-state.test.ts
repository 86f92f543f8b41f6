import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderRequest } from '../testing/order-request.ts';
import type { OrderEvent, OrderFilled } from './events.ts';
import { accountId, currencyCode, tradeId, venueOrderId } from './ids.ts';
import { type OrderRequest, type OrderStatus, TERMINAL_STATUSES } from './order.ts';
import {
  amendmentProblem,
  applyOrderEvent,
  canTransition,
  createOrder,
  InvalidOrderTransition,
  type MutableOrder,
} from './order-state.ts';

const REQUEST: OrderRequest = orderRequest({ type: 'limit', quantity: 3, price: 100, createdAt: 1_000 });

const base = (timestamp: number) => ({
  clientOrderId: REQUEST.clientOrderId,
  strategyId: REQUEST.strategyId,
  instrumentId: REQUEST.instrumentId,
  timestamp,
});

const submitted = (t = 2_000): OrderEvent => ({ ...base(t), type: 'OrderSubmitted' });
const denied = (t = 2_000): OrderEvent => ({ ...base(t), type: 'OrderDenied', reason: 'TEST', detail: 'x > y' });
const accepted = (t = 3_000): OrderEvent => ({ ...base(t), type: 'OrderAccepted', venueOrderId: venueOrderId('V-1') });
const rejected = (t = 3_000): OrderEvent => ({ ...base(t), type: 'OrderRejected', reason: 'NOPE' });
const canceled = (t = 4_000): OrderEvent => ({ ...base(t), type: 'OrderCanceled', reason: 'by request' });
const expired = (t = 4_000): OrderEvent => ({ ...base(t), type: 'OrderExpired' });
const triggered = (t = 4_000): OrderEvent => ({
  ...base(t),
  type: 'OrderTriggered',
  venueOrderId: venueOrderId('V-1'),
});

const updated = (quantity: number, price: number | undefined = 100, triggerPrice?: number, t = 4_500): OrderEvent => ({
  ...base(t),
  type: 'OrderUpdated',
  venueOrderId: venueOrderId('V-1'),
  quantity,
  price,
  triggerPrice,
});
const modifyRejected = (t = 4_500): OrderEvent => ({ ...base(t), type: 'OrderModifyRejected', reason: 'NOPE: venue' });

function fill(id: string, quantity: number, price: number, t = 5_000): OrderFilled {
  return {
    ...base(t),
    type: 'OrderFilled',
    venueOrderId: venueOrderId('V-1'),
    tradeId: tradeId(id),
    accountId: accountId('A'),
    side: 'buy',
    lastQuantity: quantity,
    lastPrice: price,
    fee: 0,
    feeCurrency: currencyCode('USD'),
    liquiditySide: 'maker',
    slippage: 0,
  };
}

/** Drives a fresh order into `status` along legal transitions only. */
function orderIn(status: OrderStatus): MutableOrder {
  const order = createOrder(REQUEST);
  const path: Record<OrderStatus, OrderEvent[]> = {
    initialized: [],
    denied: [denied()],
    submitted: [submitted()],
    accepted: [submitted(), accepted()],
    rejected: [submitted(), rejected()],
    partially_filled: [submitted(), accepted(), fill('P1', 1, 100)],
    filled: [submitted(), accepted(), fill('F1', 3, 100)],
    canceled: [submitted(), accepted(), canceled()],
    expired: [submitted(), accepted(), expired()],
  };
  for (const event of path[status]) expect(applyOrderEvent(order, event)).toEqual({ applied: true });
  expect(order.status, `setup reaches ${status}`).toBe(status);
  return order;
}

/** The event that moves an order in `from` toward `to` (a fill of the remaining or of one unit). */
function eventFor(to: OrderStatus, order: MutableOrder, n: number): OrderEvent {
  const leaves = order.quantity - order.filledQuantity;
  switch (to) {
    case 'submitted':
      return submitted();
    case 'denied':
      return denied();
    case 'accepted':
      return accepted();
    case 'rejected':
      return rejected();
    case 'canceled':
      return canceled();
    case 'expired':
      return expired();
    case 'partially_filled':
      return fill(`X${n}`, leaves > 1 ? 1 : 0.5, 100);
    case 'filled':
      return fill(`X${n}`, leaves > 0 ? leaves : 1, 100);
    case 'initialized':
      throw new Error('no event moves an order back to initialized');
  }
}

const STATUSES: OrderStatus[] = [
  'initialized',
  'denied',
  'submitted',
  'accepted',
  'rejected',
  'partially_filled',
  'filled',
  'canceled',
  'expired',
];

/** The lifecycle written out by hand (NautilusTrader's order FSM, without the in-flight states). */
const LEGAL: Record<OrderStatus, OrderStatus[]> = {
  initialized: ['submitted', 'denied'],
  submitted: ['accepted', 'rejected', 'canceled', 'partially_filled', 'filled'],
  accepted: ['partially_filled', 'filled', 'canceled', 'expired'],
  partially_filled: ['partially_filled', 'filled', 'canceled', 'expired'],
  denied: [],
  rejected: [],
  filled: [],
  canceled: [],
  expired: [],
};

describe('order state machine', () => {
  it('starts initialized, with nothing filled and the request fields kept', () => {
    const order = createOrder(REQUEST);
    expect(order.status).toBe('initialized');
    expect(order.filledQuantity).toBe(0);
    expect(order.tradeIds.size).toBe(0);
    expect(order.updatedAt, 'a new order was last updated when it was created').toBe(REQUEST.createdAt);
    expect(order.price).toBe(100);
  });

  it('canTransition agrees with the hand-written lifecycle for every pair of statuses', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(LEGAL[from].includes(to));
      }
    }
  });

  it('applies every legal transition and throws InvalidOrderTransition on every illegal one', () => {
    let n = 0;
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (to === 'initialized') continue;
        const order = orderIn(from);
        const before = { ...order, tradeIds: new Set(order.tradeIds) };
        const event = eventFor(to, order, n++);
        if (LEGAL[from].includes(to)) {
          expect(applyOrderEvent(order, event), `${from} → ${to} is legal`).toEqual({ applied: true });
          expect(order.status, `${from} → ${to} lands in ${to}`).toBe(to);
          expect(order.updatedAt, 'the event time becomes the update time').toBe(event.timestamp);
        } else if (from === 'filled' && event.type === 'OrderFilled') {
          // A fill on a filled order is a venue-side anomaly: refused as data, never a crash.
          expect(applyOrderEvent(order, event), 'a fill beyond a filled order is an overfill').toMatchObject({
            applied: false,
            reason: 'overfill',
          });
          expect(order.status).toBe('filled');
        } else {
          expect(() => applyOrderEvent(order, event), `${from} → ${to} is illegal`).toThrow(InvalidOrderTransition);
          expect(
            { ...order, tradeIds: new Set(order.tradeIds) },
            `a refused ${from} → ${to} leaves the order untouched`,
          ).toEqual(before);
        }
      }
    }
  });

  it('names the order, the event and both statuses in the error', () => {
    const order = orderIn('filled');
    try {
      applyOrderEvent(order, canceled());
      expect.unreachable('filled → canceled must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOrderTransition);
      const message = (error as Error).message;
      expect(message).toContain('S-000001');
      expect(message).toContain('OrderCanceled');
      expect(message).toContain("'filled'");
      expect(message).toContain("'canceled'");
    }
    expect(() => applyOrderEvent(orderIn('denied'), submitted()), 'denied → submitted').toThrow(InvalidOrderTransition);
  });

  it('accepts a trigger only on a working order (accepted or partially filled)', () => {
    const order = orderIn('accepted');
    expect(applyOrderEvent(order, triggered(4_500))).toEqual({ applied: true });
    expect(order.triggered).toBe(true);
    expect(order.status, 'a trigger changes no status').toBe('accepted');
    expect(order.updatedAt).toBe(4_500);
    expect(() => applyOrderEvent(orderIn('submitted'), triggered()), 'not yet at the venue').toThrow(
      InvalidOrderTransition,
    );
    expect(() => applyOrderEvent(orderIn('filled'), triggered()), 'already done').toThrow(InvalidOrderTransition);
  });

  it('records reasons and the venue order id', () => {
    const deniedOrder = orderIn('denied');
    expect(deniedOrder.reason).toBe('TEST: x > y');
    const acceptedOrder = orderIn('accepted');
    expect(acceptedOrder.venueOrderId).toBe('V-1');
    expect(orderIn('rejected').reason).toBe('NOPE');
    expect(orderIn('canceled').reason).toBe('by request');
  });

  it('applies a repeated trade id once and leaves the order unchanged', () => {
    const order = orderIn('accepted');
    expect(applyOrderEvent(order, fill('T1', 1, 100, 5_000))).toEqual({ applied: true });
    const snapshot = { ...order, tradeIds: new Set(order.tradeIds) };
    const again = applyOrderEvent(order, fill('T1', 1, 100, 6_000));
    expect(again, 'the second delivery of T1 is refused').toMatchObject({
      applied: false,
      reason: 'duplicate_trade_id',
    });
    expect({ ...order, tradeIds: new Set(order.tradeIds) }, 'nothing moved').toEqual(snapshot);
    expect(order.filledQuantity, 'T1 counted once').toBe(1);
    expect(order.updatedAt, 'a refused fill does not touch the update time').toBe(5_000);
  });

  it('refuses an overfill and a non-positive fill, leaving the order unchanged', () => {
    const order = orderIn('accepted');
    applyOrderEvent(order, fill('T1', 2, 100));
    const snapshot = { ...order, tradeIds: new Set(order.tradeIds) };
    expect(applyOrderEvent(order, fill('T2', 2, 100)), '2 + 2 > 3').toMatchObject({
      applied: false,
      reason: 'overfill',
    });
    expect(applyOrderEvent(order, fill('T3', 0, 100)), 'a zero-quantity fill is refused').toMatchObject({
      applied: false,
      reason: 'overfill',
    });
    expect(applyOrderEvent(order, fill('T4', -1, 100)), 'a negative fill is refused').toMatchObject({
      applied: false,
    });
    expect({ ...order, tradeIds: new Set(order.tradeIds) }).toEqual(snapshot);
    expect(order.tradeIds.has(tradeId('T2')), 'a refused trade id is not remembered').toBe(false);
    expect(applyOrderEvent(order, fill('T2', 1, 100)), 'the exact remainder is still accepted').toEqual({
      applied: true,
    });
    expect(order.status).toBe('filled');
  });

  it('accumulates partial fills and averages their prices by quantity', () => {
    const order = orderIn('accepted');
    applyOrderEvent(order, fill('T1', 1, 100));
    expect(order.status).toBe('partially_filled');
    expect(order.averageFillPrice).toBe(100);
    applyOrderEvent(order, fill('T2', 1.5, 104));
    expect(order.status, 'still 0.5 to go').toBe('partially_filled');
    expect(order.filledQuantity).toBe(2.5);
    expect(order.averageFillPrice, '(100·1 + 104·1.5) / 2.5').toBeCloseTo(256 / 2.5, 12);
    applyOrderEvent(order, fill('T3', 0.5, 90));
    expect(order.status).toBe('filled');
    expect(order.filledQuantity).toBe(3);
    expect(order.averageFillPrice, '(100 + 156 + 45) / 3').toBeCloseTo(301 / 3, 12);
    expect([...order.tradeIds]).toEqual(['T1', 'T2', 'T3']);
  });

  it('averages fills at one price to exactly that price, where (p·q)/q is not p in binary', () => {
    expect((100.1 * 3) / 3, 'the arithmetic this guards against').not.toBe(100.1);
    const whole = orderIn('accepted');
    applyOrderEvent(whole, fill('T1', 3, 100.1));
    expect(whole.averageFillPrice, 'one fill').toBe(100.1);
    const parts = orderIn('accepted');
    applyOrderEvent(parts, fill('T1', 1.5, 100.1));
    applyOrderEvent(parts, fill('T2', 1.5, 100.1));
    expect(parts.averageFillPrice, 'two fills at one price').toBe(100.1);
  });

  it('reaches filled when decimal fills sum to the quantity up to binary rounding (0.1 + 0.2 = 0.3)', () => {
    const order = createOrder({ ...REQUEST, quantity: 0.3 });
    applyOrderEvent(order, submitted());
    applyOrderEvent(order, accepted());
    applyOrderEvent(order, fill('A', 0.1, 10));
    expect(applyOrderEvent(order, fill('B', 0.2, 10))).toEqual({ applied: true });
    expect(order.status, '0.1 + 0.2 is 0.30000000000000004 in doubles, yet the order is done').toBe('filled');
    expect(order.filledQuantity).toBe(0.3);
  });

  it('property: any event sequence keeps filled ≤ quantity, never leaves a terminal status, and never half-applies', () => {
    const eventArb = fc.oneof(
      fc.constantFrom(
        'submitted',
        'denied',
        'accepted',
        'rejected',
        'canceled',
        'expired',
        'triggered',
        'modifyRejected',
      ),
      fc.record({ amend: fc.integer({ min: 0, max: 6 }), price: fc.integer({ min: 90, max: 110 }) }),
      fc.record({
        trade: fc.integer({ min: 1, max: 6 }),
        quantity: fc.integer({ min: 0, max: 4 }),
        price: fc.integer({ min: 90, max: 110 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), (script) => {
        const order = createOrder(REQUEST);
        const appliedFills: { quantity: number; price: number }[] = [];
        let wasTerminal = false;
        script.forEach((step, i) => {
          const t = 10_000 + i;
          const event: OrderEvent =
            typeof step === 'string'
              ? {
                  submitted: submitted(t),
                  denied: denied(t),
                  accepted: accepted(t),
                  rejected: rejected(t),
                  canceled: canceled(t),
                  expired: expired(t),
                  triggered: triggered(t),
                  modifyRejected: modifyRejected(t),
                }[step]
              : 'amend' in step
                ? updated(step.amend, step.price, undefined, t)
                : fill(`T${step.trade}`, step.quantity, step.price, t);
          const before = { ...order, tradeIds: new Set(order.tradeIds) };
          let applied = false;
          try {
            applied = applyOrderEvent(order, event).applied;
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidOrderTransition);
          }
          if (!applied) expect({ ...order, tradeIds: new Set(order.tradeIds) }, 'refused = untouched').toEqual(before);
          else if (event.type === 'OrderFilled')
            appliedFills.push({ quantity: event.lastQuantity, price: event.lastPrice });
          if (event.type === 'OrderModifyRejected')
            expect({ ...order, tradeIds: new Set(order.tradeIds) }, 'a modify rejection changes nothing').toEqual(
              before,
            );
          if (event.type === 'OrderUpdated' && applied) {
            expect(order.status, 'an amendment keeps the status').toBe(before.status);
            expect(order.quantity, 'the amended quantity').toBe(event.quantity);
            expect(order.quantity, 'an amendment never reaches the filled quantity').toBeGreaterThan(
              order.filledQuantity,
            );
          }
          if (wasTerminal) expect(order.status, 'terminal statuses are final').toBe(before.status);
          wasTerminal = TERMINAL_STATUSES.has(order.status);
          const sum = appliedFills.reduce((s, f) => s + f.quantity, 0);
          expect(order.filledQuantity, 'filled = Σ applied fills').toBe(sum);
          expect(order.filledQuantity).toBeLessThanOrEqual(order.quantity);
          expect(order.tradeIds.size, 'one trade id per applied fill').toBe(appliedFills.length);
          if (sum > 0) {
            const vwap = appliedFills.reduce((s, f) => s + f.quantity * f.price, 0) / sum;
            expect(order.averageFillPrice).toBeCloseTo(vwap, 9);
          }
          expect(order.status === 'filled', 'filled exactly when the quantity is reached').toBe(
            order.filledQuantity === order.quantity,
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  describe('amendments: OrderUpdated and OrderModifyRejected', () => {
    const OPEN: OrderStatus[] = ['submitted', 'accepted', 'partially_filled'];

    it('OrderUpdated applies on every open status and keeps it; throws on every other, leaving the order untouched', () => {
      for (const status of STATUSES) {
        const order = orderIn(status);
        const before = { ...order, tradeIds: new Set(order.tradeIds) };
        if (OPEN.includes(status)) {
          expect(applyOrderEvent(order, updated(5, 101)), `${status}: applied`).toEqual({ applied: true });
          expect(order.status, `${status}: an amendment changes no status`).toBe(status);
          expect([order.quantity, order.price, order.triggerPrice]).toEqual([5, 101, undefined]);
          expect(order.updatedAt).toBe(4_500);
          expect(order.filledQuantity, 'fills are kept').toBe(before.filledQuantity);
        } else {
          expect(() => applyOrderEvent(order, updated(5, 101)), `${status}: not open`).toThrow(/ORDER_NOT_OPEN/);
          expect({ ...order, tradeIds: new Set(order.tradeIds) }, `${status}: untouched`).toEqual(before);
        }
      }
    });

    it('OrderModifyRejected changes nothing in any status, terminal ones included (a late refusal)', () => {
      for (const status of STATUSES) {
        const order = orderIn(status);
        const before = { ...order, tradeIds: new Set(order.tradeIds) };
        expect(applyOrderEvent(order, modifyRejected()), status).toEqual({ applied: true });
        expect({ ...order, tradeIds: new Set(order.tradeIds) }, `${status}: unchanged`).toEqual(before);
      }
    });

    it('an amended quantity must stay above the filled quantity; the order then fills to the new quantity', () => {
      const order = orderIn('partially_filled'); // 1 of 3 filled
      expect(() => applyOrderEvent(order, updated(1)), 'equal to the filled 1').toThrow(/QUANTITY_NOT_ABOVE_FILLED/);
      expect(() => applyOrderEvent(order, updated(0.5)), 'below the filled 1').toThrow(InvalidOrderTransition);
      expect(() => applyOrderEvent(order, updated(0)), 'zero').toThrow(InvalidOrderTransition);
      expect(order.quantity, 'refusals left the quantity').toBe(3);
      applyOrderEvent(order, updated(2));
      expect(applyOrderEvent(order, fill('F2', 1, 100)), 'the last unit of the amended 2').toEqual({ applied: true });
      expect(order.status, 'filled at the amended quantity, not the original 3').toBe('filled');
      const grown = orderIn('partially_filled');
      applyOrderEvent(grown, updated(6));
      applyOrderEvent(grown, fill('F3', 2, 100));
      expect(grown.status, '3 of 6: still working after the original quantity was reached').toBe('partially_filled');
    });

    it('prices only where the order type has them; a triggered stop keeps its trigger, but its limit may move', () => {
      const market = createOrder({ ...REQUEST, type: 'market', price: undefined });
      applyOrderEvent(market, submitted());
      expect(() => applyOrderEvent(market, updated(2, 100)), 'a market order has no limit price').toThrow(
        /PRICE_NOT_APPLICABLE/,
      );
      expect(() => applyOrderEvent(orderIn('accepted'), updated(3, 100, 95)), 'a limit has no trigger').toThrow(
        /TRIGGER_NOT_APPLICABLE/,
      );
      expect(
        () => applyOrderEvent(orderIn('accepted'), { ...updated(3), price: undefined } as OrderEvent),
        'a limit needs its price',
      ).toThrow(/PRICE_NOT_APPLICABLE/);
      const stop = createOrder({ ...REQUEST, type: 'stop_limit', price: 105, triggerPrice: 104 });
      applyOrderEvent(stop, submitted());
      applyOrderEvent(stop, accepted());
      applyOrderEvent(stop, updated(3, 106, 103));
      expect([stop.price, stop.triggerPrice], 'untriggered: both may move').toEqual([106, 103]);
      applyOrderEvent(stop, triggered());
      expect(() => applyOrderEvent(stop, updated(3, 106, 102)), 'the trigger already fired').toThrow(
        /ALREADY_TRIGGERED/,
      );
      applyOrderEvent(stop, updated(2, 107, 103));
      expect([stop.quantity, stop.price, stop.triggerPrice], 'the resting limit of a triggered stop').toEqual([
        2, 107, 103,
      ]);
    });

    it('records a new venue order id (cancel/replace venues) and keeps the old one when none is given', () => {
      const order = orderIn('accepted');
      applyOrderEvent(order, { ...updated(3, 99), venueOrderId: venueOrderId('V-2') } as OrderEvent);
      expect(order.venueOrderId).toBe('V-2');
      applyOrderEvent(order, { ...updated(3, 98), venueOrderId: undefined } as OrderEvent);
      expect(order.venueOrderId).toBe('V-2');
    });

    it('amendmentProblem: table of amendments against an order with 1 of 3 filled', () => {
      const order = orderIn('partially_filled');
      const table: [Parameters<typeof amendmentProblem>[1], string | undefined][] = [
        [{}, 'NOTHING_TO_MODIFY'],
        [{ quantity: 2 }, undefined],
        [{ quantity: 1 }, 'QUANTITY_NOT_ABOVE_FILLED'],
        [{ quantity: -1 }, 'INVALID_QUANTITY'],
        [{ quantity: Number.NaN }, 'INVALID_QUANTITY'],
        [{ price: 101 }, undefined],
        [{ price: 0 }, 'INVALID_PRICE'],
        [{ triggerPrice: 99 }, 'TRIGGER_NOT_APPLICABLE'],
        [{ quantity: 4, price: 99.5 }, undefined],
      ];
      for (const [amendment, code] of table) {
        const problem = amendmentProblem(order, amendment);
        if (code === undefined) expect(problem, JSON.stringify(amendment)).toBeUndefined();
        else expect(problem?.split(':')[0], JSON.stringify(amendment)).toBe(code);
      }
      expect(amendmentProblem(orderIn('filled'), { quantity: 5 })).toBe('ORDER_NOT_OPEN: order is filled');
    });
  });
});
