import { DataFileError } from './data-file-error.ts';
import { parseDecimal } from './parse-decimal.ts';
import {
  type ConcreteTimestampFormat,
  parseTimestamp,
  resolveTimestampFormat,
  type TimestampFormat,
} from './parse-timestamp.ts';
import type { RecordTable } from './record-table.ts';

/** A cell as a number: numbers as they are, bigints converted, numeric text parsed strictly; NaN otherwise. */
export function numberCell(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return parseDecimal(value.trim());
  return Number.NaN;
}

/** A cell as display text for error messages and quarantine reports. */
export function cellText(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined ? '(missing)' : (JSON.stringify(value) ?? String(value));
}

/** How a table's timestamp cells are read: a concrete text/epoch format, or native date objects. */
export type CellTimestampFormat = ConcreteTimestampFormat | 'native';

const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/\d{2,4}\b/;
const EPOCH_MS_SCALE = { 'epoch-s': 1000, 'epoch-ms': 1, 'epoch-us': 1e-3, 'epoch-ns': 1e-6 } as const;
const BIGINT_DIVISOR = { 'epoch-s': 1n, 'epoch-ms': 1n, 'epoch-us': 1000n, 'epoch-ns': 1_000_000n } as const;

/**
 * Decides how the timestamp column is written from its first non-empty cell: Date objects are
 * native; numbers and numeric text are epoch seconds, ms, µs or ns by their integer digits;
 * other text is ISO 8601, or a slash date whose day/month order must be unambiguous in the
 * sample (else a DataFileError asks for `mdy` or `dmy`).
 */
export function resolveCellTimestampFormat(
  table: RecordTable,
  column: number,
  requested: TimestampFormat,
): CellTimestampFormat {
  let sample: unknown;
  for (let i = 0; i < table.length && (sample === undefined || sample === null || sample === ''); i++) {
    sample = table.cell(i, column);
  }
  if (sample instanceof Date) return 'native';
  if (requested !== 'auto') return requested;
  const text = typeof sample === 'string' ? sample.trim() : cellText(sample);
  const slash = SLASH_DATE.exec(text);
  if (slash !== null) {
    if (Number(slash[1]) > 12) return 'dmy';
    if (Number(slash[2]) > 12) return 'mdy';
    throw new DataFileError(
      table.file,
      { field: 'timestamp', value: text },
      `'${text}' is ambiguous (day/month order); pass the timestamp format mdy (US) or dmy`,
    );
  }
  return resolveTimestampFormat('auto', text);
}

/**
 * A timestamp cell as Unix milliseconds, NaN when unreadable. Trades and quotes are kept at
 * millisecond resolution: an epoch value with a sub-millisecond part (Kraken's float seconds,
 * Tardis µs) is truncated to its millisecond, never rounded into the next one.
 */
export function timestampCell(value: unknown, format: CellTimestampFormat): number {
  if (value instanceof Date) return value.getTime();
  if (format === 'native') return Number.NaN;
  if (format.startsWith('epoch-')) {
    const unit = format as keyof typeof EPOCH_MS_SCALE;
    if (typeof value === 'bigint') return Number((value * (unit === 'epoch-s' ? 1000n : 1n)) / BIGINT_DIVISOR[unit]);
    if (typeof value === 'string' && /^\d{16,}$/.test(value.trim())) {
      return Number((BigInt(value.trim()) * (unit === 'epoch-s' ? 1000n : 1n)) / BIGINT_DIVISOR[unit]);
    }
    const number = numberCell(value);
    if (!Number.isFinite(number)) return Number.NaN;
    // Round to the microsecond first so that binary noise (1570752011.62 s → …619.9998 ms) is not truncated.
    return Math.floor(Math.round(number * EPOCH_MS_SCALE[unit] * 1000) / 1000);
  }
  return typeof value === 'string' ? parseTimestamp(value.trim(), format as ConcreteTimestampFormat) : Number.NaN;
}
