import type { OrderFilled } from '../model/events.ts';
import type { Order } from '../model/order.ts';
import type { EventRecord, StoredFill, StoredOrder } from './store-records.ts';

/** What every logged event has: its name and its time (UTC epoch ms). */
interface LoggableEvent {
  readonly type: string;
  readonly timestamp: number;
}

/**
 * An event as an event-log record: `type` and `timestamp` are the record's columns and `payload`
 * holds the event's other fields as JSON, in the event's key order, so no field is stored twice
 * (ADR 0017, third amendment). `eventOfRecord` puts the event back together.
 */
export function toEventRecord(event: LoggableEvent): EventRecord {
  const { type, timestamp, ...fields } = event;
  return { type, timestamp, payload: JSON.stringify(fields) };
}

/**
 * The event an event-log record holds: its payload's fields plus the record's type and time.
 * Records written before 2026-11-22 repeat `type` and `timestamp` in the payload; the columns win.
 * Throws when the payload is not a JSON object.
 */
export function eventOfRecord(record: EventRecord): Record<string, unknown> & LoggableEvent {
  const fields: unknown = JSON.parse(record.payload);
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw new Error(`${record.type} at ${record.timestamp}: the payload is not a JSON object`);
  return { ...fields, type: record.type, timestamp: record.timestamp };
}

/**
 * A stored payload as `toEventRecord` writes it today: one written before 2026-11-22 (the whole
 * event, `type` and `timestamp` included) without those two keys, anything else unchanged. A
 * re-execution compares the payload it regenerates with this, so a run stored in the earlier form
 * still resumes.
 */
export function currentEventPayload(payload: string): string {
  let fields: unknown;
  try {
    fields = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return payload;
  if (!('type' in fields) && !('timestamp' in fields)) return payload;
  const { type: _type, timestamp: _timestamp, ...rest } = fields as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** The venue part of `SYMBOL.VENUE` (after the last dot). */
export function venueOfInstrument(instrumentId: string): string {
  const dot = instrumentId.lastIndexOf('.');
  if (dot <= 0 || dot === instrumentId.length - 1)
    throw new Error(`venueOfInstrument: '${instrumentId}' is not SYMBOL.VENUE`);
  return instrumentId.slice(dot + 1);
}

/**
 * An order's current state as a store row; `payload` keeps the fields the columns do not (trade ids
 * as an array), so a row does not carry its columns twice (ADR 0017).
 */
export function toStoredOrder(order: Order): StoredOrder {
  return {
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: order.side,
    orderType: order.type,
    quantity: order.quantity,
    price: order.price,
    triggerPrice: order.triggerPrice,
    status: order.status,
    venueOrderId: order.venueOrderId,
    filledQuantity: order.filledQuantity,
    averageFillPrice: order.averageFillPrice,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    payload: JSON.stringify({
      timeInForce: order.timeInForce,
      expireTime: order.expireTime,
      expireAfterBars: order.expireAfterBars,
      reduceOnly: order.reduceOnly,
      postOnly: order.postOnly,
      triggered: order.triggered,
      reason: order.reason,
      tags: order.tags,
      tradeIds: [...order.tradeIds],
    }),
  };
}

/** A fill event as a store row, keyed by the instrument's venue and the trade id. */
export function toStoredFill(fill: OrderFilled): StoredFill {
  return {
    venue: venueOfInstrument(fill.instrumentId),
    tradeId: fill.tradeId,
    clientOrderId: fill.clientOrderId,
    venueOrderId: fill.venueOrderId,
    strategyId: fill.strategyId,
    instrumentId: fill.instrumentId,
    accountId: fill.accountId,
    side: fill.side,
    quantity: fill.lastQuantity,
    price: fill.lastPrice,
    fee: fill.fee,
    feeCurrency: fill.feeCurrency,
    liquiditySide: fill.liquiditySide,
    timestamp: fill.timestamp,
  };
}
