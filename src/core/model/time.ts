/**
 * Time is integer milliseconds since the Unix epoch, UTC (`UnixMillis`). Durations are milliseconds.
 * See docs/adr/0002-time-representation.md.
 */
export type UnixMillis = number;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A bar timeframe such as `1m`, `5m`, `1h`, `4h`, `1d`, `1w`, `1M` (calendar month). */
export type Timeframe = string;

const TIMEFRAME_PATTERN = /^(\d+)(s|m|h|d|w|M)$/;

/**
 * Nominal duration of a timeframe in milliseconds. A calendar month (`1M`) is taken as 30 days:
 * it is used only to size intervals (latency, stale checks), never to align bars.
 */
export function timeframeMillis(timeframe: Timeframe): number {
  const match = TIMEFRAME_PATTERN.exec(timeframe);
  if (match === null)
    throw new Error(`invalid timeframe '${timeframe}': expected a number and a unit s|m|h|d|w|M, e.g. 1m, 4h, 1d`);
  const count = Number(match[1]);
  if (count <= 0) throw new Error(`invalid timeframe '${timeframe}': the count must be positive`);
  const unit = match[2];
  return count * (unit === 'M' ? 30 * UNIT_MS.d : UNIT_MS[unit as keyof typeof UNIT_MS]);
}

/** True when the string is a well-formed timeframe. */
export function isTimeframe(value: string): value is Timeframe {
  return TIMEFRAME_PATTERN.test(value);
}

/** ISO 8601 text of a timestamp (UTC, millisecond precision). Pure: no wall clock involved. */
export function formatTimestamp(timestamp: UnixMillis): string {
  return new Date(timestamp).toISOString();
}
