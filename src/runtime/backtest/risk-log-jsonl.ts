import { jsonLines } from '../../adapters/logs/index.ts';
import { type RiskEvent, scopeKey, type TradingScope } from '../../core/risk/index.ts';

/**
 * Fields of risk events that hold a Unix ms time besides `timestamp`: each is written as ISO-8601
 * UTC under its snake_case name, with the number beside it under `<name>_ms`.
 */
const TIME_FIELDS: ReadonlySet<string> = new Set(['until', 'dayStart']);

/** `highWaterMark` → `high_water_mark`; `OrderDenied` → `order_denied`. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter, offset: number) => `${offset > 0 ? '_' : ''}${letter.toLowerCase()}`);
}

const isScope = (value: unknown): value is TradingScope =>
  typeof value === 'object' &&
  value !== null &&
  'kind' in value &&
  (value.kind === 'global' || value.kind === 'account' || value.kind === 'strategy');

/** ISO-8601 UTC text of a Unix ms time; null when it is not a finite time (it cannot be written as a date). */
function isoTime(timestamp: number): string | null {
  return Number.isFinite(timestamp) && Math.abs(timestamp) <= 8.64e15 ? new Date(timestamp).toISOString() : null;
}

/** A field value in the log's form: scopes as `global` / `strategy:<id>`, nested keys in snake_case. */
function logValue(value: unknown): unknown {
  if (isScope(value)) return scopeKey(value);
  if (Array.isArray(value)) return value.map(logValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) if (field !== undefined) out[snakeCase(key)] = logValue(field);
    return out;
  }
  return value;
}

/**
 * One risk event as a line object of `risk.log.jsonl`: `ts` (ISO-8601 UTC), `ts_ms` (Unix ms),
 * `event` (the type in snake_case: `order_denied`, `trading_state_changed`, ...), then every field
 * of the event under its snake_case name, in the event's own order. Scopes read `global`,
 * `account:<id>` or `strategy:<id>`; other times (`until`, `day_start`) are ISO text with a
 * `<name>_ms` number beside them; numbers stay numbers; absent optional fields are left out.
 * Generic over the fields, so an event type or field added to the union is logged without a change here.
 */
export function riskLogRecord(event: RiskEvent): Record<string, unknown> {
  const record: Record<string, unknown> = {
    ts: isoTime(event.timestamp),
    ts_ms: event.timestamp,
    event: snakeCase(event.type),
  };
  for (const [key, value] of Object.entries(event)) {
    if (key === 'type' || key === 'timestamp' || value === undefined) continue;
    const name = snakeCase(key);
    if (TIME_FIELDS.has(key) && typeof value === 'number') {
      record[name] = isoTime(value);
      record[`${name}_ms`] = value;
    } else {
      record[name] = logValue(value);
    }
  }
  return record;
}

/**
 * The text of `risk.log.jsonl`: one JSON object per risk event and line (see {@link riskLogRecord}),
 * in the order given (time order), each line ending in a newline. No events: the empty string
 * (the file is still written, so tools can rely on it).
 */
export function riskLogJsonl(events: readonly RiskEvent[]): string {
  return jsonLines(events.map(riskLogRecord));
}

/** The risk audit's headline counts, as summary.json and the CLI show them. */
export interface RiskEventCounts {
  /** Every risk event. */
  readonly risk_events: number;
  /** Orders refused before leaving the process (`OrderDenied`). */
  readonly orders_denied: number;
  /** Trading-state changes to HALTED, in any scope. */
  readonly trading_halts: number;
}

/** Counts the risk events, the denials among them and the changes to HALTED. */
export function riskEventCounts(events: readonly RiskEvent[]): RiskEventCounts {
  let denied = 0;
  let halts = 0;
  for (const event of events) {
    if (event.type === 'OrderDenied') denied++;
    else if (event.type === 'TradingStateChanged' && event.to === 'HALTED') halts++;
  }
  return { risk_events: events.length, orders_denied: denied, trading_halts: halts };
}
