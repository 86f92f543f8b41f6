/** Text for a missing number (too few returns, no fills). */
export const NOT_AVAILABLE = 'n/a';

/** `x.toFixed(d)` without a negative zero (`-0.00` reads as a loss). */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

export const optionalFixed = (value: number | null, decimals: number): string =>
  value === null ? NOT_AVAILABLE : fixed(value, decimals);

/** A fraction as a percentage: 0.1234 → `12.3%`. */
export const percent = (fraction: number, decimals = 1): string => `${fixed(fraction * 100, decimals)}%`;

export const optionalPercent = (fraction: number | null, decimals = 1): string =>
  fraction === null ? NOT_AVAILABLE : percent(fraction, decimals);

/** A number at six significant digits at most, as plain text (`0.1`, `100`, `0.005`); Infinity is `off` (a limit switched off). */
export function compactNumber(value: number | boolean): string {
  if (typeof value === 'boolean') return String(value);
  if (value === Number.POSITIVE_INFINITY) return 'off';
  return String(Number(value.toPrecision(6)));
}

/** A UTC time to the minute (`2022-02-01T05:32Z`), with seconds or milliseconds only when it has them. */
export function utcTime(millis: number): string {
  const iso = new Date(millis).toISOString();
  if (iso.endsWith(':00.000Z')) return `${iso.slice(0, 16)}Z`;
  if (iso.endsWith('.000Z')) return `${iso.slice(0, 19)}Z`;
  return iso;
}

/**
 * Text made safe for one markdown table cell: line breaks, tabs and control characters become
 * spaces, `|` becomes `/`, runs of spaces collapse, and it is clipped to `max` characters (ending
 * in `...`). Cells carry recorded text (denial details, strategy ids): never markup or a new row.
 */
export function cell(text: string, max = 90): string {
  const flat = text
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replaceAll('|', '/')
    .replace(/ {2,}/g, ' ')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
}

/** A markdown table: header, separator, rows (cells already made safe). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
