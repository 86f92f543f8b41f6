/**
 * Deterministic number, percentage, duration and date formatting for reports. Locale-free on
 * purpose (no Intl / toLocaleString): the same input renders the same bytes on every machine.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `1234567.891` → `1,234,567.89` (fixed decimals, comma thousands separators, `−` kept as `-`). */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : value > 0 ? '∞' : '-∞';
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A fraction as a percentage: `0.1234` → `12.34%`. */
export function formatPercent(fraction: number, decimals = 2): string {
  if (!Number.isFinite(fraction)) return formatNumber(fraction);
  return `${formatNumber(fraction * 100, decimals)}%`;
}

/** A duration in ms as the two largest units: `12d 4h`, `3h 20m`, `45m`, `30s`, `0`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return formatNumber(milliseconds);
  const total = Math.round(Math.abs(milliseconds));
  const sign = milliseconds < 0 && total > 0 ? '-' : '';
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  if (days > 0) return `${sign}${formatNumber(days, 0)}d${hours > 0 ? ` ${hours}h` : ''}`;
  if (hours > 0) return `${sign}${hours}h${minutes > 0 ? ` ${minutes}m` : ''}`;
  if (minutes > 0) return `${sign}${minutes}m`;
  if (total >= 1000) return `${sign}${Math.floor(total / 1000)}s`;
  return total === 0 ? '0' : `${sign}${total}ms`;
}

/** A Unix ms timestamp as UTC `YYYY-MM-DD HH:MM`, or `YYYY-MM-DD` when `dateOnly`. */
export function formatDate(timestamp: number, dateOnly = false): string {
  if (!Number.isFinite(timestamp) || Math.abs(timestamp) > 8.64e15) return '–';
  const iso = new Date(timestamp).toISOString();
  return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
