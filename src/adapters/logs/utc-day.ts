import type { UnixMillis } from '../../core/model/time.ts';

/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a Unix ms time, in UTC; throws on a time that is not a date (a caller's bug). */
export function utcDay(time: UnixMillis): string {
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) throw new RangeError(`not a Unix ms time: ${time}`);
  return new Date(time).toISOString().slice(0, 10);
}
