import { ConfigError } from './load-backtest-config.ts';

/**
 * Reads an instant written as Unix milliseconds or ISO 8601 (a date alone is midnight UTC; a time
 * without a zone is UTC). `field` names the setting or flag in the error.
 */
export function parseInstant(field: string, value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T00:00:00Z`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value)
      ? value
      : `${value}Z`;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new ConfigError(`${field}: '${value}' is not an ISO 8601 date or Unix milliseconds`);
  return ms;
}
