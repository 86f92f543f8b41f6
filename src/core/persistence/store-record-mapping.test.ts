import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId, strategyId, tradeId } from '../model/ids.ts';
import { createOrder } from '../model/order-state.ts';
import { currentEventPayload, eventOfRecord, toEventRecord, toStoredOrder } from './store-record-mapping.ts';

/** An event-like object: `type` and `timestamp` among other JSON fields, anywhere in the key order. */
const anyEvent = fc
  .tuple(
    fc.dictionary(
      fc.string().filter((k) => k !== 'type' && k !== 'timestamp' && k !== '__proto__'),
      fc.oneof(
        fc.string(),
        // JSON has no -0, NaN or infinities (an event's numbers are finite; -0 reads back as 0).
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
        fc.boolean(),
        fc.constant(null),
      ),
    ),
    fc.string(),
    fc.integer({ min: 0, max: 4_102_444_800_000 }),
    fc.nat(),
    fc.nat(),
  )
  .map(([fields, type, timestamp, typeAt, timeAt]) => {
    const entries: [string, unknown][] = Object.entries(fields);
    entries.splice(typeAt % (entries.length + 1), 0, ['type', type]);
    entries.splice(timeAt % (entries.length + 1), 0, ['timestamp', timestamp]);
    return Object.fromEntries(entries) as { type: string; timestamp: number } & Record<string, unknown>;
  });

describe('event-log records', () => {
  it('store type and time in their columns only, and put the whole event back together', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const record = toEventRecord(event);
        expect(record.type).toBe(event.type);
        expect(record.timestamp).toBe(event.timestamp);
        const payload = JSON.parse(record.payload) as Record<string, unknown>;
        expect('type' in payload || 'timestamp' in payload, 'no column is repeated in the payload').toBe(false);
        expect(eventOfRecord(record)).toEqual(event);
      }),
    );
  });

  it('read a payload written before the columns left it as the payload written now', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const earlier = { type: event.type, timestamp: event.timestamp, payload: JSON.stringify(event) };
        expect(currentEventPayload(earlier.payload), 'byte for byte, as verification compares').toBe(
          toEventRecord(event).payload,
        );
        expect(eventOfRecord(earlier)).toEqual(event);
      }),
    );
  });

  it('leave any other payload as it is, and refuse one that is not a JSON object', () => {
    for (const payload of ['{"cash":1}', '[1,2]', 'not json', '"text"'])
      expect(currentEventPayload(payload)).toBe(payload);
    expect(() => eventOfRecord({ type: 'X', timestamp: 1, payload: '[1]' })).toThrow(
      /X at 1: the payload is not a JSON object/,
    );
    expect(() => eventOfRecord({ type: 'X', timestamp: 1, payload: '{' })).toThrow();
  });
});

describe('toStoredOrder', () => {
  it('stores each field of the order once: in its column or in the payload, and together they are the whole order', () => {
    const order = createOrder({
      clientOrderId: clientOrderId('ema_cross-000007'),
      strategyId: strategyId('ema_cross'),
      instrumentId: instrumentId('BTC-PERP', 'SIM'),
      side: 'buy',
      type: 'stop_limit',
      quantity: 2,
      price: 101.5,
      triggerPrice: 100,
      timeInForce: 'GTD',
      expireTime: 1_700_000_600_000,
      expireAfterBars: 5,
      reduceOnly: true,
      postOnly: false,
      tags: ['breakout', 'stop'],
      createdAt: 1_700_000_000_000,
    });
    order.tradeIds.add(tradeId('SIM-T1'));
    order.triggered = true;
    order.reason = 'partially filled';
    const { payload, orderType, ...columns } = toStoredOrder(order);
    const extra = JSON.parse(payload) as Record<string, unknown>;
    const inColumns = Object.keys(columns).concat('type');
    expect(
      Object.keys(extra).filter((k) => inColumns.includes(k)),
      'no column is repeated in the payload',
    ).toEqual([]);
    const rebuilt = { ...columns, type: orderType, ...extra };
    const whole = { ...order, tradeIds: [...order.tradeIds] };
    expect(rebuilt).toEqual(whole);
  });
});
